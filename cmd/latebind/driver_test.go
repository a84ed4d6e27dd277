package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

func TestIsToolProtocol(t *testing.T) {
	for args, want := range map[string]bool{
		"":                             false,
		"./...":                        false,
		"-json ./...":                  false,
		"-V=full":                      true,
		"--V=full":                     true,
		"-flags":                       true,
		"help loopcapture":             true,
		"-json /tmp/b001/vet.cfg":      true,
		"-fix -diff /tmp/b001/vet.cfg": true,
		"-- -flags":                    false,
	} {
		if got := isToolProtocol(strings.Fields(args)); got != want {
			t.Errorf("isToolProtocol(%q) = %v, want %v", args, got, want)
		}
	}
}

func TestEditConflicts(t *testing.T) {
	ins := func(at int, s string) edit { return edit{"a.go", at, at, s} }
	repl := edit{"a.go", 10, 20, "x"}
	for _, c := range []struct {
		a, b edit
		want bool
	}{
		{ins(5, "x"), ins(5, "y"), true},
		{ins(5, "x"), ins(6, "y"), false},
		{ins(10, "y"), repl, false},
		{ins(20, "y"), repl, false},
		{ins(15, "y"), repl, true},
		{edit{"a.go", 19, 25, ""}, repl, true},
		{edit{"b.go", 10, 20, ""}, repl, false},
	} {
		if got := c.a.conflicts(c.b); got != c.want {
			t.Errorf("%v.conflicts(%v) = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := c.b.conflicts(c.a); got != c.want {
			t.Errorf("%v.conflicts(%v) = %v, want %v", c.b, c.a, got, c.want)
		}
	}
}

func TestPlanFixes(t *testing.T) {
	copyU := edit{"/m/a.go", 95, 95, "u := u\n\t\t"}
	mk := func(line int, edits ...edit) *finding {
		f := &finding{check: "loopcapture", message: "m"}
		f.posn.Filename, f.posn.Line, f.posn.Column = "/m/a.go", line, 1
		if edits != nil {
			f.fixes = []fix{{"copy", edits}}
		}
		return f
	}
	findings := []*finding{
		mk(10, copyU),
		mk(11, copyU),                        // same edit: merged
		mk(12, edit{"/m/a.go", 95, 95, "v"}), // different insertion at 95: skipped
		mk(13),                               // no fix
		mk(14, edit{"/m/a.go", 200, 210, ""}, edit{"/m/a.go", 205, 206, ""}), // overlaps itself
	}
	var stderr bytes.Buffer
	plan := planFixes(findings, "/m", &stderr)
	if got := plan.edits["/m/a.go"]; !slices.Equal(got, []edit{copyU}) {
		t.Errorf("accepted edits %v, want only %v", got, copyU)
	}
	var lines []int
	for _, f := range plan.unfixed {
		lines = append(lines, f.posn.Line)
	}
	if !slices.Equal(lines, []int{12, 13, 14}) {
		t.Errorf("unfixed findings at lines %v, want 12 13 14", lines)
	}
	if n := strings.Count(stderr.String(), "fix not applied"); n != 2 {
		t.Errorf("notes:\n%s", stderr.String())
	}
}

func TestVetUnits(t *testing.T) {
	p := &packages.Package{ID: "m/p", PkgPath: "m/p", Name: "p"}
	ptest := &packages.Package{ID: "m/p [m/p.test]", PkgPath: "m/p", ForTest: "m/p", Name: "p"}
	pxtest := &packages.Package{ID: "m/p_test [m/p.test]", PkgPath: "m/p_test", ForTest: "m/p", Name: "p_test"}
	main := &packages.Package{ID: "m/p.test", PkgPath: "m/p.test", Name: "main"}
	q := &packages.Package{ID: "m/q", PkgPath: "m/q", Name: "q"}
	got := vetUnits([]*packages.Package{p, main, ptest, pxtest, q})
	if want := []*packages.Package{ptest, pxtest, q}; !slices.Equal(got, want) {
		t.Errorf("vetUnits = %v, want %v", got, want)
	}
}

func TestCheckFlags(t *testing.T) {
	a := &analysis.Analyzer{Name: "a", Doc: "a: check a"}
	b := &analysis.Analyzer{Name: "b", Doc: "b: check b"}
	all := []*analysis.Analyzer{a, b}
	for args, want := range map[string][]*analysis.Analyzer{
		"":                   all,
		"-a":                 {a},
		"-a=false":           {b},
		"-a=true -b=false":   {a},
		"-a=false -b=false":  nil,
		"-a=false -b=true":   {b},
		"-a=true -b=true":    all,
		"-json -a=false ./x": {b},
	} {
		opts, err := parseFlags(strings.Fields(args), all, io.Discard)
		if err != nil {
			t.Fatalf("parseFlags(%q): %v", args, err)
		}
		if !slices.Equal(opts.checks, want) {
			t.Errorf("parseFlags(%q) selects %v, want %v", args, opts.checks, want)
		}
	}
}

func TestParseFlagsErrors(t *testing.T) {
	for _, args := range []string{"-json -diff", "-nosuch", "-a=maybe"} {
		a := &analysis.Analyzer{Name: "a", Doc: "a: check a"}
		if _, err := parseFlags(strings.Fields(args), []*analysis.Analyzer{a}, io.Discard); err == nil || err == flag.ErrHelp {
			t.Errorf("parseFlags(%q) = %v, want an error", args, err)
		}
	}
}

func TestIsFactsOnlyUnit(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	factsOnly := write("deps.cfg", `{"ID":"fmt","VetxOnly":true,"VetxOutput":"/tmp/vetx"}`)
	vetted := write("vetted.cfg", `{"ID":"example.com/e2e","VetxOnly":false}`)
	garbage := write("garbage.cfg", `not json`)
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{factsOnly}, true},
		{[]string{"-json", "-loopcapture.registrars=x", factsOnly}, true},
		{[]string{vetted}, false},
		{[]string{garbage}, false},
		{[]string{filepath.Join(dir, "missing.cfg")}, false},
		{[]string{"./..."}, false},
		{nil, false},
	} {
		if got := isFactsOnlyUnit(tc.args); got != tc.want {
			t.Errorf("isFactsOnlyUnit(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}
