// Package lazyssa defines an Analyzer whose result builds the SSA form of
// the package on first use, and never if no check asks for it.
//
// # Analyzer lazyssa
//
// lazyssa: build SSA for a package only when a check needs it
//
// x/tools' buildssa builds SSA for every package a driver visits (and
// requires ctrlflow's facts on every dependency). latebind's checks first
// ask cheap questions of the syntax and types — is there a loop with a
// function literal, does the package import a database or queue library,
// does a function pass a callback on — and call Get only when the answer
// is yes. Across the standard library that skips most packages.
//
// The result has the same shape as buildssa's (the package and its source
// functions, literals included, in source order). Unlike buildssa it does
// not consult ctrlflow's no-return facts: a call to log.Fatal does not end
// a block. The checks only lose precision on paths that never run.
package lazyssa

import (
	_ "embed"
	"go/ast"
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/internal/analysisdoc"
)

//go:embed lazyssa.go
var doc string

// Analyzer provides a *Lazy.
var Analyzer = &analysis.Analyzer{
	Name:       "lazyssa",
	Doc:        analysisdoc.Extract(doc, "lazyssa"),
	URL:        "https://github.com/latebind/latebind/tree/main/passes/lazyssa",
	Run:        func(pass *analysis.Pass) (any, error) { return &Lazy{pass: pass}, nil },
	ResultType: reflect.TypeFor[*Lazy](),
}

// Lazy builds the package's SSA once, on the first Get.
type Lazy struct {
	pass *analysis.Pass
	once sync.Once
	ssa  *buildssa.SSA
}

// Built reports whether some check has asked for the SSA.
func (l *Lazy) Built() bool { return l.ssa != nil }

// Get returns the package's SSA, building it on the first call.
func (l *Lazy) Get() *buildssa.SSA {
	l.once.Do(func() { l.ssa = build(l.pass) })
	return l.ssa
}

func build(pass *analysis.Pass) *buildssa.SSA {
	prog := ssa.NewProgram(pass.Fset, ssa.BuilderMode(0))
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	pkg.Build()
	return &buildssa.SSA{Pkg: pkg, SrcFuncs: sourceFuncs(pass, prog)}
}

// sourceFuncs lists the functions declared in the files, each followed by
// its function literals, in source order.
func sourceFuncs(pass *analysis.Pass, prog *ssa.Program) []*ssa.Function {
	var funcs []*ssa.Function
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		funcs = append(funcs, fn)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	for _, f := range pass.Files {
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			if fn := prog.FuncValue(obj); fn != nil {
				add(fn)
			}
		}
	}
	return funcs
}
