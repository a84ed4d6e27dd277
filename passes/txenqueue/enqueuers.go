package txenqueue

import (
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/internal/ssautil"

	"github.com/latebind/latebind/passes/txscope"
)

// enqueuers infers which functions of the package hand work to another
// system: a function that calls a catalog enqueue API, or a function
// (local or known by fact) that does, is one. Calls made inside the
// function's own transaction are reported there and do not make the
// function an enqueuer.
type enqueuers struct {
	pass  *analysis.Pass
	scope *txscope.Result
	http  bool
	memo  map[*ssa.Function]*Enqueues
	busy  map[*ssa.Function]bool
}

// ofFunc returns how fn enqueues, or nil.
func (e *enqueuers) ofFunc(fn *ssa.Function) *Enqueues {
	if got, ok := e.memo[fn]; ok {
		return got
	}
	if e.busy == nil {
		e.busy = make(map[*ssa.Function]bool)
	}
	if e.busy[fn] {
		return nil
	}
	e.busy[fn] = true
	defer delete(e.busy, fn)
	var found *Enqueues
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if found != nil {
				break
			}
			if send, ok := in.(*ssa.Send); ok && e.scope.Inside(in) == nil {
				if fn, api, ok := chanSend(e.scope.Knowledge(), send); ok {
					found = &Enqueues{Via: ssautil.ShortName(fn) + "()", Library: api.Library}
				}
			}
			if call, ok := in.(ssa.CallInstruction); ok && e.scope.Inside(in) == nil {
				if _, isGo := in.(*ssa.Go); !isGo {
					found = e.ofCall(call.Common())
				}
			}
		}
	}
	e.memo[fn] = found
	return found
}

// ofCall returns how a call enqueues: directly (catalog), through a local
// function, or through a function or interface method with a fact.
func (e *enqueuers) ofCall(call *ssa.CallCommon) *Enqueues {
	if fn, api, ok := direct(e.scope.Knowledge(), call, e.http); ok {
		return &Enqueues{Via: ssautil.ShortName(fn), Library: api.Library, HTTP: api.HTTP}
	}
	if e.known(call) {
		return nil
	}
	callee := call.StaticCallee()
	if callee != nil && callee.Origin() != nil {
		callee = callee.Origin()
	}
	if callee != nil && callee.Pkg != nil && callee.Pkg.Pkg == e.pass.Pkg {
		if inner := e.ofFunc(callee); inner != nil {
			return e.through(callee, inner)
		}
		return nil
	}
	fn := ssautil.Callee(call)
	if fn == nil {
		return nil
	}
	var f Enqueues
	if e.pass.ImportObjectFact(fn, &f) && (!f.HTTP || e.http) {
		return e.through(nil, &f)
	}
	return nil
}

// known reports whether the callee is a catalog or configured enqueue
// API: then the catalog's answer (direct) is final.
func (e *enqueuers) known(call *ssa.CallCommon) bool {
	fn := ssautil.Callee(call)
	return fn != nil && e.scope.Knowledge().KnownEnqueuer(fn.FullName())
}

// through extends a chain by one function: calling fn, which enqueues via
// inner, enqueues via "fn → inner".
func (e *enqueuers) through(fn *ssa.Function, inner *Enqueues) *Enqueues {
	if fn == nil {
		return inner
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return inner // a closure called in place: same chain
	}
	return &Enqueues{Via: ssautil.ShortName(obj) + " → " + inner.Via, Library: inner.Library, HTTP: inner.HTTP}
}

// viaCall returns the name of the function called and its chain, for a
// call that enqueues: "asynq.Client.EnqueueContext" for a direct call, or
// "worker.Distributor.Send" with Via "asynq.Client.EnqueueContext".
func (e *enqueuers) viaCall(call *ssa.CallCommon) (string, *Enqueues) {
	if fn, api, ok := direct(e.scope.Knowledge(), call, e.http); ok {
		return ssautil.ShortName(fn), &Enqueues{Library: api.Library, HTTP: api.HTTP}
	}
	if e.known(call) {
		return "", nil
	}
	fn := ssautil.Callee(call)
	if fn == nil {
		return "", nil
	}
	callee := call.StaticCallee()
	if callee != nil && callee.Origin() != nil {
		callee = callee.Origin()
	}
	if callee != nil && callee.Pkg != nil && callee.Pkg.Pkg == e.pass.Pkg {
		if inner := e.ofFunc(callee); inner != nil {
			return ssautil.ShortName(fn), inner
		}
		return "", nil
	}
	var f Enqueues
	if e.pass.ImportObjectFact(fn, &f) && (!f.HTTP || e.http) {
		return ssautil.ShortName(fn), &f
	}
	return "", nil
}

// exportFacts exports Enqueues for the package's functions and methods,
// and for the methods of interfaces declared here that a type declared
// here implements with an enqueuing method (callers usually hold the
// interface: worker.TaskDistributor).
func (e *enqueuers) exportFacts(ssainfo *buildssa.SSA) {
	for _, fn := range ssainfo.SrcFuncs {
		obj, ok := fn.Object().(*types.Func)
		if f := e.memo[fn]; f != nil && ok && obj.Pkg() == e.pass.Pkg {
			e.pass.ExportObjectFact(obj, f)
		}
	}
	scope := e.pass.Pkg.Scope()
	for _, name := range scope.Names() {
		iface, ok := scope.Lookup(name).Type().Underlying().(*types.Interface)
		if !ok || !isTypeName(scope.Lookup(name)) {
			continue
		}
		for _, impl := range scope.Names() {
			e.implemented(ssainfo.Pkg.Prog, iface, scope.Lookup(impl))
		}
	}
}

func isTypeName(obj types.Object) bool {
	_, ok := obj.(*types.TypeName)
	return ok
}

// implemented exports Enqueues on the methods of iface that the named type
// of obj implements with an enqueuing method.
func (e *enqueuers) implemented(prog *ssa.Program, iface *types.Interface, obj types.Object) {
	tn, ok := obj.(*types.TypeName)
	if !ok || types.IsInterface(tn.Type()) {
		return
	}
	t := tn.Type()
	if !types.Implements(t, iface) {
		t = types.NewPointer(t)
		if !types.Implements(t, iface) {
			return
		}
	}
	mset := prog.MethodSets.MethodSet(t)
	for i := range iface.NumMethods() {
		m := iface.Method(i)
		sel := mset.Lookup(m.Pkg(), m.Name())
		if sel == nil || m.Pkg() != e.pass.Pkg || e.scope.Knowledge().KnownEnqueuer(m.FullName()) {
			continue
		}
		var f Enqueues
		if impl := prog.MethodValue(sel); impl != nil && impl.Pkg != nil && impl.Pkg.Pkg == e.pass.Pkg {
			if got := e.memo[impl]; got != nil && !e.pass.ImportObjectFact(m, &f) {
				via := ssautil.ShortName(sel.Obj().(*types.Func)) + " → " + got.Via
				e.pass.ExportObjectFact(m, &Enqueues{Via: via, Library: got.Library, HTTP: got.HTTP})
			}
		}
	}
}
