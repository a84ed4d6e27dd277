// Package docs_test checks the examples in docs/checks: every Go code block
// that is a whole file (it starts with a package clause) must type-check,
// and when an output block follows it, latebind must print exactly those
// diagnostics for it.
package docs_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/latebind/latebind/internal/suite"
)

// example is a Go file from the docs and the diagnostics shown after it.
type example struct {
	doc, file, src string
	want           []string
}

var (
	fenceRE = regexp.MustCompile("(?s)```(\\w*)\n(.*?)```")
	diagRE  = regexp.MustCompile(`^(\S+\.go):\d+:\d+: `)
)

func examples(t *testing.T, doc string) []example {
	data, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	blocks := fenceRE.FindAllStringSubmatch(string(data), -1)
	var out []example
	for i, b := range blocks {
		if b[1] != "go" || !strings.HasPrefix(b[2], "package ") {
			continue
		}
		ex := example{doc: doc, file: fmt.Sprintf("example%d.go", i), src: b[2]}
		if i+1 < len(blocks) && blocks[i+1][1] == "" {
			for _, line := range strings.Split(strings.TrimSpace(blocks[i+1][2]), "\n") {
				if m := diagRE.FindStringSubmatch(line); m != nil {
					ex.file = m[1]
					ex.want = append(ex.want, line)
				}
			}
		}
		out = append(out, ex)
	}
	return out
}

func TestExamples(t *testing.T) {
	docs, _ := filepath.Glob("checks/*.md")
	if len(docs) == 0 {
		t.Fatal("no docs found")
	}
	n := 0
	for _, doc := range docs {
		for i, ex := range examples(t, doc) {
			n++
			t.Run(fmt.Sprintf("%s/%d", filepath.Base(doc), i), func(t *testing.T) { check(t, ex) })
		}
	}
	if n == 0 {
		t.Fatal("no whole-file Go examples in docs/checks")
	}
}

func check(t *testing.T, ex example) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/docs\n\ngo 1.22\n")
	write(t, filepath.Join(dir, ex.file), ex.src)
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("%s: example %s does not type-check", ex.doc, ex.file)
	}
	g, err := checker.Analyze(suite.Analyzers(), pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for act := range g.All() {
		if !act.IsRoot {
			continue
		}
		for _, d := range act.Diagnostics {
			p := act.Package.Fset.Position(d.Pos)
			got = append(got, fmt.Sprintf("%s:%d:%d: %s", filepath.Base(p.Filename), p.Line, p.Column, d.Message))
		}
	}
	slices.Sort(got)
	slices.Sort(ex.want)
	if !slices.Equal(got, ex.want) {
		t.Errorf("%s: latebind prints\n%s\nthe doc shows\n%s", ex.doc, strings.Join(got, "\n"), strings.Join(ex.want, "\n"))
	}
}

func write(t *testing.T, path, content string) {
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
