package hardening

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/txtar"

	"github.com/latebind/latebind/internal/config"
)

// TestOddPackages loads the module of testdata/odd.txtar with go/packages
// as latebind's standalone driver does (LoadAllSyntax, tests included,
// CGO_ENABLED=1) and runs every analyzer over it through x/tools'
// checker: packages with type errors and syntax errors, a package that
// imports an ill-typed one, a missing import, cgo, generics, build tags
// (GOOS file suffixes, ignore, go1.21, custom tags, tagged tests), an
// empty package, a package of tests only, a package whose files are all
// excluded.
//
// "driver": as a driver runs them (no analyzer sets RunDespiteErrors),
// ill-typed packages are skipped; nothing else may fail. "despite
// errors": every package that has syntax and types is analyzed even with
// its type errors, as gopls-like drivers might; still no panic and no
// analysis error.
func TestOddPackages(t *testing.T) {
	pkgs := loadOdd(t)
	byPath := map[string]*packages.Package{}
	var ill []string
	for _, p := range pkgs {
		byPath[p.ID] = p
		if p.IllTyped {
			ill = append(ill, p.ID)
		}
	}
	t.Logf("%d packages, ill-typed: %s", len(pkgs), strings.Join(ill, ", "))
	for _, want := range []string{"example.com/odd/typeerr", "example.com/odd/syntaxerr",
		"example.com/odd/brokendep", "example.com/odd/softerr"} {
		if !slices.Contains(ill, want) {
			t.Errorf("%s should be ill-typed", want)
		}
	}
	if p := byPath["example.com/odd/cgo"]; p == nil || p.IllTyped {
		t.Fatalf("cgo package missing or ill-typed (is gcc installed?): %v", p)
	}

	t.Run("driver", func(t *testing.T) {
		out, err := runAnalyzers(&config.Config{}, pkgs, true, true) // in parallel, as multichecker
		if err != nil {
			t.Fatal(err)
		}
		logFindings(t, out)
		checkOddFindings(t, out)
	})

	t.Run("despite errors", func(t *testing.T) {
		for _, p := range pkgs {
			if p.IllTyped && p.Types != nil && p.TypesInfo != nil && len(p.Syntax) > 0 {
				t.Run(p.ID, func(t *testing.T) { analyzeDespiteErrors(t, p) })
			}
		}
	})
}

// despiteErrorsFindings pins the findings of the ill-typed packages that
// go/ssa can build.
var despiteErrorsFindings = map[string]int{
	"example.com/odd/softerr":   2,
	"example.com/odd/brokendep": 0, // typeerr's facts are left out: Gen.Keep is not known to keep f
}

// analyzeDespiteErrors runs the analyzers on the ill-typed package p as if
// it were well typed, alone (its imports left out of the fact graph).
// go/ssa cannot build functions with type errors (it panics: that
// is why buildssa, and every latebind analyzer, leaves RunDespiteErrors
// false); such a panic is logged as "not possible" when p has type
// errors. Any other panic or analysis error fails, and so does a count
// of findings other than despiteErrorsFindings says.
func analyzeDespiteErrors(t *testing.T, p *packages.Package) {
	q := *p
	q.IllTyped = false
	q.Imports = nil // no facts from dependencies: some are ill-typed, and the driver run computed the rest
	out, err := runAnalyzers(&config.Config{}, []*packages.Package{&q}, false, false)
	switch {
	case err != nil && len(p.TypeErrors) > 0 && panicFrom(err, "golang.org/x/tools/go/ssa."):
		t.Logf("not possible: go/ssa panics on %d type errors (%v)", len(p.TypeErrors), p.TypeErrors[0])
	case err != nil:
		t.Fatal(err)
	default:
		t.Logf("analyzed with %d type errors, %d parse errors", len(p.TypeErrors), len(p.Errors)-len(p.TypeErrors))
		logFindings(t, out)
		if want, ok := despiteErrorsFindings[p.ID]; ok && out.total() != want {
			t.Errorf("%d findings, want %d", out.total(), want)
		}
	}
}

// panicFrom reports whether err carries a panic stack (runAnalyzers'
// recovered panics, and latebind's own "internal error ... crashed"
// errors) whose panic was raised in a function whose name starts with
// prefix.
func panicFrom(err error, prefix string) bool {
	lines := strings.Split(err.Error(), "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "panic(") && i+2 < len(lines) {
			return strings.HasPrefix(strings.TrimSpace(lines[i+2]), prefix)
		}
	}
	return false
}

// checkOddFindings pins the findings of the well-typed packages, whose
// comments say "finding" where one is due.
func checkOddFindings(t *testing.T, out *outcome) {
	t.Helper()
	got := map[string]int{}
	seen := map[string]bool{} // a package and its test variant share files
	for _, d := range out.diags["loopcapture"] {
		pos := out.fset.Position(d.Pos)
		if key := pos.String() + d.Message; !seen[key] {
			seen[key] = true
			got[filepath.Base(filepath.Dir(pos.Filename))+"/"+filepath.Base(pos.Filename)]++
		}
	}
	want := map[string]int{
		"tags/a.go":            1,
		"tags/b_linux.go":      1,
		"tags/e.go":            1,
		"tags/g_test.go":       1,
		"onlytests/a_test.go":  1,
		"onlytests/b_test.go":  1,
		"generics/generics.go": -1, // some; the exact count is loopcapture's business
	}
	for file, n := range want {
		switch {
		case n < 0 && got[file] == 0:
			t.Errorf("%s: no loopcapture finding", file)
		case n >= 0 && got[file] != n:
			t.Errorf("%s: %d loopcapture findings, want %d", file, got[file], n)
		}
	}
	for file, n := range got {
		// cgo/cgo.go has two findings, which latebind drops today: its
		// count is TestBugCgoFindingsDropped's business.
		if _, ok := want[file]; !ok && file != "cgo/cgo.go" {
			t.Errorf("%s: %d unexpected loopcapture findings", file, n)
		}
	}
}

func logFindings(t *testing.T, out *outcome) {
	t.Helper()
	for name, ds := range out.diags {
		for _, d := range ds {
			pos := out.fset.Position(d.Pos)
			pos.Filename = filepath.Join(filepath.Base(filepath.Dir(pos.Filename)), filepath.Base(pos.Filename))
			t.Logf("%s: %v: %s", name, pos, d.Message)
		}
	}
}

// loadOdd writes testdata/odd.txtar into a temporary module and loads all
// of it.
func loadOdd(t *testing.T) []*packages.Package {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/odd.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
		full := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax,
		Dir:   dir,
		Tests: true,
		Env:   append(os.Environ(), "CGO_ENABLED=1", "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off"),
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}
