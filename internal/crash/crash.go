// Package crash keeps latebind from dying on user code it does not
// understand: a panic inside a check becomes an analysis error that names
// the check, the package and the position of the function being analysed,
// and the driver goes on with the other packages.
//
// Tests that want to see the panic itself set LATEBIND_PANIC=1.
package crash

import (
	"fmt"
	"go/token"
	"os"
	"runtime/debug"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// Panic is a panic tagged with where it happened.
type Panic struct {
	Pos   token.Position
	Value any
	Stack []byte
}

// Each calls f for each function, tagging a panic with the function's
// position.
func Each(pass *analysis.Pass, funcs []*ssa.Function, f func(*ssa.Function)) {
	for _, fn := range funcs {
		at(pass.Fset, fn.Pos(), func() { f(fn) })
	}
}

func at(fset *token.FileSet, pos token.Pos, f func()) {
	defer func() {
		if r := recover(); r != nil {
			if _, tagged := r.(*Panic); tagged {
				panic(r)
			}
			panic(&Panic{Pos: fset.Position(pos), Value: r, Stack: debug.Stack()})
		}
	}()
	f()
}

// Guard makes a's Run return an error instead of panicking.
func Guard(a *analysis.Analyzer) *analysis.Analyzer {
	run := a.Run
	a.Run = func(pass *analysis.Pass) (res any, err error) {
		if os.Getenv("LATEBIND_PANIC") == "1" {
			return run(pass)
		}
		defer func() {
			if r := recover(); r != nil {
				err = describe(a.Name, pass.Pkg.Path(), r)
			}
		}()
		return run(pass)
	}
	return a
}

func describe(check, pkg string, r any) error {
	if p, ok := r.(*Panic); ok {
		return fmt.Errorf("latebind internal error: %s crashed on package %s at %s: %v (please report it with this stack)\n%s",
			check, pkg, p.Pos, p.Value, p.Stack)
	}
	return fmt.Errorf("latebind internal error: %s crashed on package %s: %v (please report it with this stack)\n%s",
		check, pkg, r, debug.Stack())
}
