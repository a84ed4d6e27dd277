// Package docs_test checks the examples in docs/checks: every Go code block
// that is a whole file (it starts with a package clause) must be
// gofmt-clean and type-check, and when an output block follows it, latebind must print exactly those
// diagnostics for it (none, when no output block follows).
//
// An output block may start with the command that prints it, as in
//
//	$ latebind -txenqueue.http ./...
//
// whose flags then configure the run.
//
// Examples that import only the standard library are written into a
// minimal module; the others into a module with the go.mod and go.sum of
// testdata/tx, so that they import the real libraries at the versions
// latebind is tested against. Each example is a package directory of its
// own, and each module is loaded once.
package docs_test

import (
	"flag"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/latebind/latebind/analysistest"
	"github.com/latebind/latebind/internal/config"
	"github.com/latebind/latebind/internal/suite"
)

// txstory is the module whose requirements the examples that import
// libraries use.
const txstory = "../testdata/tx"

// example is a Go file from the docs, the flags of the command shown with
// it, and the diagnostics that command prints.
type example struct {
	name, doc, file, src string
	args                 []string
	want                 []string

	pkg string // the example's package directory in its module: ex0, ex1, ...
}

var (
	fenceRE = regexp.MustCompile("(?s)```(\\w*)\n(.*?)```")
	diagRE  = regexp.MustCompile(`^(\S+\.go):\d+:\d+: `)
	cmdRE   = regexp.MustCompile(`^\$ latebind((?: -\S+)*)`)
)

func examples(t *testing.T, doc string) []*example {
	data, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	blocks := fenceRE.FindAllStringSubmatch(string(data), -1)
	var out []*example
	for i, b := range blocks {
		if b[1] != "go" || !strings.HasPrefix(b[2], "package ") {
			continue
		}
		ex := &example{
			name: fmt.Sprintf("%s/%d", filepath.Base(doc), len(out)),
			doc:  doc, file: fmt.Sprintf("example%d.go", i), src: b[2],
		}
		if i+1 < len(blocks) && blocks[i+1][1] == "" {
			ex.output(blocks[i+1][2])
		}
		out = append(out, ex)
	}
	return out
}

// output reads the output block that follows the example.
func (ex *example) output(block string) {
	for _, line := range strings.Split(strings.TrimSpace(block), "\n") {
		if m := cmdRE.FindStringSubmatch(line); m != nil {
			ex.args = strings.Fields(m[1])
		}
		if m := diagRE.FindStringSubmatch(line); m != nil {
			ex.file = m[1]
			ex.want = append(ex.want, line)
		}
	}
}

func TestExamples(t *testing.T) {
	docs, _ := filepath.Glob("checks/*.md")
	if len(docs) == 0 {
		t.Fatal("no docs found")
	}
	var std, libs []*example
	for _, doc := range docs {
		for _, ex := range examples(t, doc) {
			if stdOnly(t, ex) {
				std = append(std, ex)
			} else {
				libs = append(libs, ex)
			}
		}
	}
	if len(std)+len(libs) == 0 {
		t.Fatal("no whole-file Go examples in docs/checks")
	}
	t.Run("std", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		write(t, filepath.Join(dir, "go.mod"), "module example.com/docs\n\ngo 1.22\n")
		checkAll(t, dir, std)
	})
	t.Run("txstory", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		analysistest.CopyModFiles(t, txstory, dir)
		checkAll(t, dir, libs)
	})
}

// stdOnly reports whether the example imports only standard packages
// (whose paths do not start with a domain name).
func stdOnly(t *testing.T, ex *example) bool {
	f, err := parser.ParseFile(token.NewFileSet(), ex.file, ex.src, parser.ImportsOnly)
	if err != nil {
		t.Fatalf("%s: example %s does not parse: %v", ex.doc, ex.name, err)
	}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		if first, _, _ := strings.Cut(p, "/"); strings.Contains(first, ".") {
			return false
		}
	}
	return true
}

// checkAll writes the examples into the module at dir, one package each,
// loads them together, and runs latebind once per set of flags.
func checkAll(t *testing.T, dir string, exs []*example) {
	if len(exs) == 0 {
		return
	}
	for i, ex := range exs {
		ex.pkg = fmt.Sprintf("ex%d", i)
		if err := os.Mkdir(filepath.Join(dir, ex.pkg), 0o755); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, ex.pkg, ex.file), ex.src)
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	byPkg := make(map[string]*packages.Package)
	for _, p := range pkgs {
		byPkg[path.Base(p.PkgPath)] = p
	}
	got := analyze(t, exs, byPkg)
	for _, ex := range exs {
		t.Run(ex.name, func(t *testing.T) { compare(t, ex, byPkg[ex.pkg], got[ex.pkg]) })
	}
}

// analyze runs latebind on the examples that type-check, grouped by their
// flags, and returns the diagnostics of each example's package.
func analyze(t *testing.T, exs []*example, byPkg map[string]*packages.Package) map[string][]string {
	groups := make(map[string][]*packages.Package)
	flags := make(map[string][]string)
	for _, ex := range exs {
		p := byPkg[ex.pkg]
		if p == nil || len(loadErrors(p)) > 0 {
			continue
		}
		key := strings.Join(ex.args, " ")
		groups[key] = append(groups[key], p)
		flags[key] = ex.args
	}
	got := make(map[string][]string)
	for key, pkgs := range groups {
		g, err := checker.Analyze(analyzers(t, flags[key]), pkgs, nil)
		if err != nil {
			t.Fatal(err)
		}
		for act := range g.All() {
			if !act.IsRoot {
				continue
			}
			if act.Err != nil {
				t.Errorf("%s: %v", act, act.Err)
			}
			for _, d := range act.Diagnostics {
				p := act.Package.Fset.Position(d.Pos)
				line := fmt.Sprintf("%s:%d:%d: %s", filepath.Base(p.Filename), p.Line, p.Column, d.Message)
				id := path.Base(act.Package.PkgPath)
				got[id] = append(got[id], line)
			}
		}
	}
	return got
}

// analyzers returns latebind's checks configured by command-line flags
// such as -txenqueue.http.
func analyzers(t *testing.T, args []string) []*analysis.Analyzer {
	as := suite.WithFlags(&config.Config{})
	fs := flag.NewFlagSet("latebind", flag.ContinueOnError)
	for _, a := range as {
		a.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, a.Name+"."+f.Name, f.Usage) })
	}
	if err := fs.Parse(args); err != nil {
		t.Fatalf("latebind %s: %v", strings.Join(args, " "), err)
	}
	return as
}

func compare(t *testing.T, ex *example, pkg *packages.Package, got []string) {
	if pkg == nil {
		t.Fatalf("%s: example %s was not loaded", ex.doc, ex.name)
	}
	if formatted, err := format.Source([]byte(ex.src)); err == nil && string(formatted) != ex.src {
		t.Errorf("%s: example %s is not gofmt-clean; gofmt makes it\n%s", ex.doc, ex.name, formatted)
	}
	if errs := loadErrors(pkg); len(errs) > 0 {
		t.Fatalf("%s: example %s does not type-check:\n%s", ex.doc, ex.name, strings.Join(errs, "\n"))
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(ex.want))
	if !slices.Equal(got, want) {
		t.Errorf("%s: latebind prints\n%s\nthe doc shows\n%s", ex.doc, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// loadErrors returns the errors of loading p and its dependencies.
func loadErrors(p *packages.Package) []string {
	var out []string
	packages.Visit([]*packages.Package{p}, nil, func(p *packages.Package) {
		for _, err := range p.Errors {
			out = append(out, err.Error())
		}
	})
	return out
}

func write(t *testing.T, path, content string) {
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
