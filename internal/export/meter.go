package export

import (
	"fmt"
	"reflect"
	"strings"
	"text/template"
	"text/template/parse"
	"unicode/utf8"

	"github.com/weekly-dev/weekly/internal/sanitize"
)

// The work a template may do besides writing (see MaxTemplateOutput).
// text/template has no limits of its own: a template that doubles a string
// in a {{range}} ({{$s = printf "%s%s" $s $s}}) fills the memory long
// before it writes a byte, and two {{range}}s over a million run for hours
// writing nothing. So every function a template may call that builds text
// (weekly's own and text/template's print, printf, println, html, js and
// urlquery) counts what it would build before building it, and every step
// (an iteration of a {{range}}, a template run by {{template}}, a function
// called) is counted. Memory then stays under the output, the text built,
// and the draft itself.
const (
	// MaxTemplateBuilt caps the bytes of text a template's functions build
	// in one run, all values counted: sixteen times the output it may
	// write.
	MaxTemplateBuilt = 16 * MaxTemplateOutput
	// MaxTemplateSteps caps a template's steps in one run: a template over
	// a 10,000-item issue that calls five functions an item takes 60,000.
	MaxTemplateSteps = 1_000_000
	// maxPrintfWidth caps a width or precision in a printf format: fmt
	// pads to a width of a billion before anything can stop it.
	maxPrintfWidth = 1000
)

var (
	errBuiltTooMuch = fmt.Errorf("it built more than %d MiB of text, far more than an issue needs; is a {{range}} growing a value?", MaxTemplateBuilt>>20)
	errTooManySteps = fmt.Errorf("it took more than %d steps ({{range}} iterations, {{template}} and function calls), far more than an issue needs; are {{range}}s nested too deep?", MaxTemplateSteps)
)

// stepFunc is the function meterTree calls at the start of every
// {{range}} body and every template.
const stepFunc = "weekly_step"

// meterTree makes each of t's templates, and each {{range}} body in them,
// start by calling stepFunc, so that a run's loops and recursion are
// counted.
func meterTree(t *template.Template) {
	for _, tt := range t.Templates() {
		if tt.Tree == nil || tt.Tree.Root == nil {
			continue
		}
		meterList(tt.Tree.Root)
		step(tt.Tree.Root)
	}
}

// meterList makes every {{range}} body inside l start with a step.
func meterList(l *parse.ListNode) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.RangeNode:
			meterList(n.List)
			meterList(n.ElseList)
			step(n.List)
		case *parse.IfNode:
			meterList(n.List)
			meterList(n.ElseList)
		case *parse.WithNode:
			meterList(n.List)
			meterList(n.ElseList)
		}
	}
}

// step puts {{$weekly_step := weekly_step}} first in l: a call of
// stepFunc that, being a declaration, prints nothing.
func step(l *parse.ListNode) {
	if l == nil {
		return
	}
	pos := l.Position()
	cmd := &parse.CommandNode{NodeType: parse.NodeCommand, Pos: pos, Args: []parse.Node{parse.NewIdentifier(stepFunc).SetPos(pos)}}
	v := &parse.VariableNode{NodeType: parse.NodeVariable, Pos: pos, Ident: []string{"$" + stepFunc}}
	pipe := &parse.PipeNode{NodeType: parse.NodePipe, Pos: pos, Decl: []*parse.VariableNode{v}, Cmds: []*parse.CommandNode{cmd}}
	l.Nodes = append([]parse.Node{&parse.ActionNode{NodeType: parse.NodeAction, Pos: pos, Pipe: pipe}}, l.Nodes...)
}

// meter counts one run's steps and the text its functions build.
type meter struct {
	steps, built int
}

// step counts a step, and stops the run past MaxTemplateSteps.
func (m *meter) step() (string, error) {
	if m.steps++; m.steps > MaxTemplateSteps {
		return "", errTooManySteps
	}
	return "", nil
}

// build counts a step and at most n bytes of text, refusing before build
// runs when they would pass MaxTemplateBuilt, then counts what build made.
func (m *meter) build(n int, build func() string) (string, error) {
	if _, err := m.step(); err != nil {
		return "", err
	}
	if n < 0 || n > MaxTemplateBuilt-m.built {
		return "", errBuiltTooMuch
	}
	s := build()
	m.built += len(s)
	if m.built > MaxTemplateBuilt {
		return "", errBuiltTooMuch
	}
	return s, nil
}

// funcs returns the functions of one run: Funcs and text/template's own
// that build text, each counting into m.
func (m *meter) funcs() template.FuncMap {
	one := func(grow int, f func(string) string) func(string) (string, error) {
		return func(s string) (string, error) { return m.build(grow*len(s)+8, func() string { return f(s) }) }
	}
	args := func(f func(...any) string) func(...any) (string, error) {
		return func(a ...any) (string, error) { return m.build(printed(a...), func() string { return f(a...) }) }
	}
	return template.FuncMap{
		stepFunc: m.step,
		// Upper and lower case can take a byte more than a letter had
		// (ɐ, two bytes, is Ɐ, three).
		"upper":     one(2, strings.ToUpper),
		"lower":     one(2, strings.ToLower),
		"trim":      one(1, strings.TrimSpace),
		"underline": one(1, func(s string) string { return strings.Repeat("=", utf8.RuneCountInString(s)) }),
		"escape":    one(6, sanitize.MarkdownText), // ~ becomes &#126;
		"oneline":   one(1, sanitize.Line),
		"join": func(list []string, sep string) (string, error) {
			n := len(sep) * len(list)
			for _, s := range list {
				n += len(s)
			}
			return m.build(n, func() string { return strings.Join(list, sep) })
		},
		"print":    args(fmt.Sprint),
		"println":  args(fmt.Sprintln),
		"html":     args(template.HTMLEscaper),
		"js":       args(template.JSEscaper),
		"urlquery": args(template.URLQueryEscaper),
		"printf": func(format string, a ...any) (string, error) {
			n, err := printfSize(format, a)
			if err != nil {
				return "", err
			}
			return m.build(n, func() string { return fmt.Sprintf(format, a...) })
		},
	}
}

// printed bounds the bytes fmt prints a's values in, escaped by any of
// text/template's escapers (a byte becomes at most six, as in \u003C).
func printed(a ...any) int {
	n := 0
	for _, v := range a {
		n += 6*size(reflect.ValueOf(v)) + 64
	}
	return n
}

// size bounds the bytes of v's printed form, the names of its fields and
// types aside (64 are allowed for each value).
func size(v reflect.Value) int {
	switch v.Kind() {
	case reflect.String:
		return v.Len()
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return 2 * v.Len()
		}
		n := 0
		for i := range v.Len() {
			n += size(v.Index(i)) + 64
		}
		return n
	case reflect.Struct:
		n := 0
		for i := range v.NumField() {
			n += size(v.Field(i)) + 64
		}
		return n
	case reflect.Map:
		n := 0
		for it := v.MapRange(); it.Next(); {
			n += size(it.Key()) + size(it.Value()) + 64
		}
		return n
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return 8
		}
		return size(v.Elem())
	}
	return 64
}

// printfSize bounds the bytes fmt.Sprintf(format, a...) makes, refusing a
// width or precision past maxPrintfWidth: every verb prints at most the
// largest value (a verb may name one again, as %[1]s does), padded.
func printfSize(format string, a []any) (int, error) {
	largest := 0
	for _, v := range a {
		largest = max(largest, 6*size(reflect.ValueOf(v))+64)
	}
	n := len(format)
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		n += largest + 2*maxPrintfWidth
		// Flags, an argument index, a width and a precision, up to the verb.
		for i++; i < len(format) && strings.IndexByte("+-# 0123456789.*[]", format[i]) >= 0; i++ {
			if format[i] < '1' || format[i] > '9' {
				continue
			}
			w := 0
			for ; i < len(format) && format[i] >= '0' && format[i] <= '9'; i++ {
				if w = 10*w + int(format[i]-'0'); w > maxPrintfWidth {
					return 0, fmt.Errorf("printf %q: a width or precision of more than %d", format, maxPrintfWidth)
				}
			}
			i--
		}
	}
	if strings.IndexByte(format, '*') >= 0 {
		for _, v := range a {
			r := reflect.ValueOf(v)
			if r.CanInt() && (r.Int() > maxPrintfWidth || r.Int() < -maxPrintfWidth) || r.CanUint() && r.Uint() > maxPrintfWidth {
				return 0, fmt.Errorf("printf %q: a width or precision of more than %d", format, maxPrintfWidth)
			}
		}
	}
	return n, nil
}
