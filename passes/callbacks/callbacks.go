package callbacks

import (
	_ "embed"
	"fmt"
	"go/types"
	"reflect"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/internal/analysisdoc"
	"github.com/latebind/latebind/internal/catalog"
	"github.com/latebind/latebind/internal/config"
	"github.com/latebind/latebind/internal/crash"
	"github.com/latebind/latebind/internal/ssautil"
	"github.com/latebind/latebind/passes/lazyssa"
)

//go:embed doc.go
var doc string

// Analyzer infers registrars with the default configuration.
var Analyzer = New(&config.Config{})

// New returns a callbacks analyzer that also knows the registrars and
// synchronous functions of cfg (read when it runs).
func New(cfg *config.Config) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:       "callbacks",
		Doc:        analysisdoc.Extract(doc, "callbacks"),
		URL:        "https://github.com/latebind/latebind/tree/main/passes/callbacks",
		Run:        func(pass *analysis.Pass) (any, error) { return run(pass, cfg.Knowledge()) },
		Requires:   []*analysis.Analyzer{lazyssa.Analyzer},
		FactTypes:  []analysis.Fact{new(Keeps)},
		ResultType: reflect.TypeFor[*Result](),
	}
}

// Keeps is the fact that a function keeps the func-typed arguments at the
// given indices (receiver not counted) to call them after it returns.
type Keeps struct {
	Params []int
}

// AFact marks Keeps as an analysis fact.
func (*Keeps) AFact() {}

func (k *Keeps) String() string { return fmt.Sprintf("keeps%v", k.Params) }

// A Registrar describes why an argument of a call is kept.
type Registrar struct {
	// Kind names the callback for diagnostics: "the OnCommit hook".
	Kind string
	// Inferred is set when the answer comes from inference rather than
	// from the catalog.
	Inferred bool
}

// Result answers whether a call keeps one of its arguments.
type Result struct {
	pass      *analysis.Pass
	knowledge *catalog.Knowledge
	local     map[*ssa.Function][]int
}

func run(pass *analysis.Pass, k *catalog.Knowledge) (any, error) {
	res := &Result{pass: pass, knowledge: k, local: make(map[*ssa.Function][]int)}
	if !mayKeep(pass, k) {
		return res, nil // no callback parameter can escape: no SSA needed
	}
	ssainfo := pass.ResultOf[lazyssa.Analyzer].(*lazyssa.Lazy).Get()
	inf := newInferrer(pass, k)
	crash.Each(pass, ssainfo.SrcFuncs, func(fn *ssa.Function) {
		params := inf.keptParams(fn)
		if len(params) == 0 {
			return
		}
		res.local[fn] = params
		if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() == pass.Pkg {
			pass.ExportObjectFact(obj, &Keeps{Params: params})
		}
	})
	return res, nil
}

// Kept reports whether the call keeps its argument number arg (receiver not
// counted) and, if so, how to describe the callback.
func (r *Result) Kept(call *ssa.CallCommon, arg int) (Registrar, bool) {
	return lookup(r.pass, r.knowledge, r.local, call, arg)
}

func lookup(pass *analysis.Pass, k *catalog.Knowledge, local map[*ssa.Function][]int, call *ssa.CallCommon, arg int) (Registrar, bool) {
	if call.IsInvoke() {
		if reg, ok := k.Registrar(call.Method.FullName()); ok {
			return Registrar{Kind: reg.Kind}, keeps(reg, call, arg)
		}
		kind, ok := catalog.HookMethods[call.Method.Name()]
		return Registrar{Kind: kind}, ok && isFuncArg(call, arg)
	}
	callee := call.StaticCallee()
	if callee == nil {
		return Registrar{}, false
	}
	if callee.Origin() != nil {
		callee = callee.Origin()
	}
	obj, _ := callee.Object().(*types.Func)
	if obj != nil {
		name := obj.FullName()
		if k.Synchronous(name) {
			return Registrar{}, false
		}
		if reg, ok := k.Registrar(name); ok {
			return Registrar{Kind: reg.Kind}, keeps(reg, call, arg)
		}
	}
	if params, ok := local[callee]; ok {
		return inferred(callee, obj), slices.Contains(params, arg)
	}
	var fact Keeps
	if obj != nil && obj.Pkg() != pass.Pkg && pass.ImportObjectFact(obj, &fact) {
		return inferred(callee, obj), slices.Contains(fact.Params, arg)
	}
	if obj != nil && callee.Blocks == nil && obj.Signature().Recv() != nil {
		kind, ok := catalog.HookMethods[obj.Name()]
		return Registrar{Kind: kind}, ok && isFuncArg(call, arg)
	}
	return Registrar{}, false
}

// keeps reports whether a catalog registrar keeps argument arg.
func keeps(reg catalog.Registrar, call *ssa.CallCommon, arg int) bool {
	if reg.Arg == catalog.AllArgs {
		return isFuncArg(call, arg)
	}
	return reg.Arg == arg
}

func inferred(callee *ssa.Function, obj *types.Func) Registrar {
	if obj == nil {
		return Registrar{Kind: "the callback kept by " + callee.Name(), Inferred: true}
	}
	if kind, ok := catalog.HookMethods[obj.Name()]; ok && obj.Signature().Recv() != nil {
		return Registrar{Kind: kind, Inferred: true}
	}
	return Registrar{Kind: "the callback kept by " + ssautil.ShortName(obj), Inferred: true}
}

func isFuncArg(call *ssa.CallCommon, arg int) bool {
	args := call.Args
	if !call.IsInvoke() && call.Signature().Recv() != nil {
		args = args[1:]
	}
	if arg >= len(args) {
		return false
	}
	_, ok := args[arg].Type().Underlying().(*types.Signature)
	return ok
}
