package callbacks_test

import (
	"go/ast"
	"go/types"
	"testing"

	"github.com/latebind/latebind/analysistest"
	"github.com/latebind/latebind/passes/callbacks"
)

// The hooks package of loopcapture's testdata is the cross-package fixture:
// its `// want Name:"keeps[i]"` comments state the inferred facts, and the
// functions without one (Now, Each, Sorted, Or) must get no fact.
//
// The pre-check must let every function with a fact through, and should
// skip those without one: it is what spares SSA for most packages.
func TestInference(t *testing.T) {
	results := analysistest.Run(t, "../loopcapture/testdata", callbacks.Analyzer, "./hooks")
	r := results[0]
	kept := make(map[types.Object]bool)
	for obj, facts := range r.Facts {
		for _, f := range facts {
			if _, ok := f.(*callbacks.Keeps); ok {
				kept[obj] = true
			}
		}
	}
	if len(kept) < 4 {
		t.Fatalf("only %d functions with a Keeps fact", len(kept))
	}
	for _, f := range r.Pass.Files {
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			// Literal's function literal keeps its parameter: inference
			// records it for calls in the package, but a literal has no
			// object to carry a fact.
			want := kept[r.Pass.TypesInfo.Defs[fd.Name]] || fd.Name.Name == "Literal"
			if got := callbacks.MayKeepParam(r.Pass, fd); got != want {
				t.Errorf("pre-check on %s = %v, want %v (the inferred fact)", fd.Name.Name, got, want)
			}
		}
	}
}
