// Command weekly composes a link newsletter in the terminal.
package main

import (
	"context"
	"os"

	"github.com/weekly-dev/weekly/internal/cli"
)

func main() {
	os.Exit(cli.Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
