// Package examples_test runs the bundled example module: it must build,
// run and show the bug, and latebind must report exactly its buggy lines.
package examples_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/latebind/latebind/internal/suite"
)

func TestStoryRuns(t *testing.T) {
	cmd := exec.Command("go", "run", ".")
	cmd.Dir = "story"
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run: %v\n%s", err, out)
	}
	for _, want := range []string{
		"welcome user 3, welcome user 3, welcome user 3", // the bug, at run time
		"welcome user 3, welcome user 2, welcome user 1", // the fix
		"mail 1 <alice@example.com>, mail 2 <bob@example.com>, mail 3 <carol@example.com>",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestStoryFindings pins latebind's findings on the example: the buggy
// files are reported at each reference, the fixed file and ent's generated
// code are not.
func TestStoryFindings(t *testing.T) {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: "story", Tests: true}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("load: %v", err)
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
	got = slices.Compact(got)
	want := []string{
		"scan.go:77:13: id is shared by all iterations and its address is passed to Scan at line 71; the goroutine reads it after the loop has moved on",
		"scan.go:77:17: email is shared by all iterations and its address is passed to Scan at line 71; the goroutine reads it after the loop has moved on",
		"story.go:46:27: u is shared by all iterations and reassigned at line 37; the OnCommit hook reads it after the loop has moved on",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestMain(m *testing.M) {
	os.Setenv("GOFLAGS", "-mod=mod")
	os.Exit(m.Run())
}
