// Package analysistest is latebind's test harness on top of
// golang.org/x/tools/go/analysis/analysistest.
//
// Besides checking `// want` comments and .golden files as x/tools does,
// RunWithFixes proves the two promises every latebind fix makes: applying
// all of them at once leaves a module that builds and is gofmt-clean, and a
// second run of the analyzer over the fixed code has nothing left to fix.
package analysistest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/format"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	xtest "golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// Run checks the `// want` expectations of the packages denoted by
// patterns in the module at dir. t is a *testing.T, or a Recorder to
// check that expectations go unmatched.
func Run(t xtest.Testing, dir string, a *analysis.Analyzer, patterns ...string) []*xtest.Result {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	return xtest.Run(t, dir, a, patterns...)
}

// A Recorder collects the errors of a Run instead of failing the test, to
// prove that an analyzer stays silent where another configuration reports.
type Recorder struct{ errs []string }

// Errorf records an error.
func (r *Recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// ExpectOnlyUnmatched fails t unless the recorded errors are exactly n
// unmatched `// want` expectations: no diagnostic was reported where the
// other configuration reports one, and nothing else went wrong.
func (r *Recorder) ExpectOnlyUnmatched(t *testing.T, n int) {
	t.Helper()
	unmatched := 0
	for _, e := range r.errs {
		if strings.Contains(e, "no diagnostic was reported matching") {
			unmatched++
		}
	}
	if unmatched != n || len(r.errs) != n {
		t.Errorf("want exactly %d unmatched expectations, got:\n%s", n, strings.Join(r.errs, "\n"))
	}
}

// RunWithFixes is Run plus the .golden files of x/tools'
// RunWithSuggestedFixes, plus the fix-safety check of CheckFixes.
func RunWithFixes(t *testing.T, dir string, a *analysis.Analyzer, patterns ...string) {
	t.Helper()
	results := xtest.RunWithSuggestedFixes(t, dir, a, patterns...)
	CheckFixes(t, dir, a, results, patterns...)
}

// CheckFixes applies the first fix of every diagnostic in results to a copy
// of the module at dir, then checks that the copy builds, is gofmt-clean,
// and that the analyzer proposes no further fix there.
func CheckFixes(t *testing.T, dir string, a *analysis.Analyzer, results []*xtest.Result, patterns ...string) {
	t.Helper()
	edits := collectEdits(results)
	if len(edits) == 0 {
		t.Fatalf("no suggested fixes to check in %s", patterns)
	}
	tmp := copyModule(t, dir)
	for file, es := range edits {
		rel, err := filepath.Rel(mustAbs(t, dir), file)
		if err != nil || strings.HasPrefix(rel, "..") {
			t.Fatalf("fix outside the module: %s", file)
		}
		applyFile(t, filepath.Join(tmp, rel), es)
	}
	build(t, tmp, patterns)
	if again := fixesIn(t, tmp, a, patterns); len(again) > 0 {
		t.Errorf("a second run still proposes fixes:\n%s", strings.Join(again, "\n"))
	}
}

// edit is a byte-offset replacement within one file.
type edit struct {
	start, end int
	text       string
}

func collectEdits(results []*xtest.Result) map[string][]edit {
	out := make(map[string][]edit)
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) == 0 {
				continue
			}
			for _, te := range d.SuggestedFixes[0].TextEdits {
				f := r.Pass.Fset.File(te.Pos)
				end := te.End
				if !end.IsValid() {
					end = te.Pos
				}
				e := edit{f.Offset(te.Pos), f.Offset(end), string(te.NewText)}
				if !slices.Contains(out[f.Name()], e) {
					out[f.Name()] = append(out[f.Name()], e)
				}
			}
		}
	}
	return out
}

// applyFile applies non-overlapping edits to the file, failing the test on
// overlap: two different fixes for one place would not merge.
func applyFile(t *testing.T, path string, es []edit) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(es, func(a, b edit) int { return a.start - b.start })
	var out bytes.Buffer
	last := 0
	for _, e := range es {
		if e.start < last {
			t.Fatalf("%s: overlapping fixes at offset %d", path, e.start)
		}
		out.Write(src[last:e.start])
		out.WriteString(e.text)
		last = e.end
	}
	out.Write(src[last:])
	formatted, err := format.Source(out.Bytes())
	if err != nil {
		t.Fatalf("%s does not parse after the fixes: %v\n%s", path, err, out.Bytes())
	}
	if !bytes.Equal(formatted, out.Bytes()) {
		t.Errorf("%s is not gofmt-clean after the fixes:\n%s", path, out.Bytes())
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyModule copies the module at dir to a temporary directory, making
// relative replace directives absolute.
func copyModule(t *testing.T, dir string) string {
	t.Helper()
	tmp := t.TempDir()
	src := mustAbs(t, dir)
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(tmp, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if rel == "go.mod" {
			data = absReplaces(data, src)
		}
		return os.WriteFile(filepath.Join(tmp, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return tmp
}

// CopyModFiles copies the go.mod and go.sum of the module at src into the
// directory dst, making its relative replace directives absolute (in the
// one-line and the block form alike, through go mod edit), so that
// packages written into dst build against src's requirements without
// copying src's packages.
func CopyModFiles(t *testing.T, src, dst string) {
	t.Helper()
	abs := mustAbs(t, src)
	for _, name := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(abs, name))
		if err == nil {
			err = os.WriteFile(filepath.Join(dst, name), data, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	goModEdit := func(args ...string) []byte {
		cmd := exec.Command("go", append([]string{"mod", "edit"}, args...)...)
		cmd.Dir = dst
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go mod edit %s: %v", strings.Join(args, " "), err)
		}
		return out
	}
	type version struct{ Path, Version string }
	var mod struct{ Replace []struct{ Old, New version } }
	if err := json.Unmarshal(goModEdit("-json"), &mod); err != nil {
		t.Fatal(err)
	}
	var args []string
	for _, r := range mod.Replace {
		if r.New.Version != "" || !strings.HasPrefix(r.New.Path, "./") && !strings.HasPrefix(r.New.Path, "../") {
			continue // a module version or an absolute path
		}
		old := r.Old.Path
		if r.Old.Version != "" {
			old += "@" + r.Old.Version
		}
		args = append(args, "-replace="+old+"="+filepath.Join(abs, r.New.Path))
	}
	if len(args) > 0 {
		goModEdit(args...)
	}
}

var replaceRE = regexp.MustCompile(`(?m)^(replace\s+\S+(?:\s+\S+)?\s+=>\s+)(\.\.?/\S*)\s*$`)

func absReplaces(gomod []byte, dir string) []byte {
	return replaceRE.ReplaceAllFunc(gomod, func(m []byte) []byte {
		sub := replaceRE.FindSubmatch(m)
		return []byte(string(sub[1]) + filepath.Join(dir, string(sub[2])))
	})
}

func mustAbs(t *testing.T, dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// build runs go vet's type check (go build would also link) on the fixed
// copy.
func build(t *testing.T, dir string, patterns []string) {
	t.Helper()
	cmd := exec.Command("go", append([]string{"build", "-o", os.DevNull}, patterns...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("fixed code does not build: %v\n%s", err, out)
	}
}

// fixesIn runs the analyzer over dir and describes every suggested fix it
// still proposes.
func fixesIn(t *testing.T, dir string, a *analysis.Analyzer, patterns []string) []string {
	t.Helper()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Tests: true}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	g, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for act := range g.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
		}
		for _, d := range act.Diagnostics {
			if len(d.SuggestedFixes) > 0 {
				out = append(out, fmt.Sprintf("%s: %s", act.Package.Fset.Position(d.Pos), d.Message))
			}
		}
	}
	return out
}
