package cli_test

import (
	"context"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/weekly-dev/weekly/internal/cli"
)

func weeklyMain() {
	os.Exit(cli.Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func TestMain(m *testing.M) {
	if os.Getenv("WEEKLY_RUN_MAIN") == "1" { // the test binary run as weekly
		weeklyMain()
	}
	testscript.Main(m, map[string]func(){"weekly": weeklyMain})
}

// TestScripts runs the command-line scripts in testdata/script: the real
// weekly binary, as users and their scripts run it.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("WEEKLY_DIR", env.WorkDir+"/drafts")
			env.Setenv("NO_COLOR", "1")
			// Under -race every process would sleep a second on exit.
			env.Setenv("GORACE", "atexit_sleep_ms=0")
			return nil
		},
	})
}
