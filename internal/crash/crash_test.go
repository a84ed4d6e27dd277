package crash_test

import (
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/internal/crash"
	"github.com/latebind/latebind/passes/lazyssa"
)

// boom panics on the second function of every package it analyses.
func boom() *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     "boom",
		Doc:      "boom panics",
		Requires: []*analysis.Analyzer{lazyssa.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			n := 0
			crash.Each(pass, pass.ResultOf[lazyssa.Analyzer].(*lazyssa.Lazy).Get().SrcFuncs, func(*ssa.Function) {
				if n++; n == 2 {
					var m map[string]int
					m["x"] = 1 // a real runtime panic
				}
			})
			return nil, nil
		},
	}
}

type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, format)
	for _, a := range args {
		if s, ok := a.(error); ok {
			r.errs = append(r.errs, s.Error())
		}
	}
}

func TestGuardNamesPackageAndPosition(t *testing.T) {
	t.Setenv("LATEBIND_PANIC", "")
	files := map[string]string{"p/p.go": "package p\n\nfunc A() {}\n\nfunc B() {}\n"}
	dir, cleanup, err := analysistest.WriteFiles(files)
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	rec := &recorder{}
	analysistest.Run(rec, dir, crash.Guard(boom()), "p")
	all := strings.Join(rec.errs, "\n")
	for _, want := range []string{"boom crashed on package p at", "p.go:5:6", "assignment to entry in nil map"} {
		if !strings.Contains(all, want) {
			t.Errorf("error lacks %q:\n%s", want, all)
		}
	}
}

// With LATEBIND_PANIC=1 the panic goes through, for tests that want to
// see it; without, it is an error.
func TestPanicSwitch(t *testing.T) {
	a := crash.Guard(&analysis.Analyzer{Name: "direct", Doc: "panics", Run: func(*analysis.Pass) (any, error) {
		panic("boom")
	}})
	pass := &analysis.Pass{Pkg: types.NewPackage("example.com/p", "p")}
	t.Setenv("LATEBIND_PANIC", "")
	if _, err := a.Run(pass); err == nil || !strings.Contains(err.Error(), "direct crashed on package example.com/p: boom") {
		t.Errorf("Run = %v, want the panic as an error", err)
	}
	t.Setenv("LATEBIND_PANIC", "1")
	defer func() {
		if recover() == nil {
			t.Error("with LATEBIND_PANIC=1 the panic must reach the caller")
		}
	}()
	a.Run(pass)
}
