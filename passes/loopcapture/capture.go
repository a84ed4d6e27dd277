package loopcapture

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/internal/loops"
	"github.com/latebind/latebind/passes/callbacks"
)

// run is the state of one pass of the check.
type run struct {
	pass       *analysis.Pass
	callbacks  *callbacks.Result
	registrars map[string]bool
	found      map[*ssa.MakeClosure][]capture
	sites      map[*ssa.MakeClosure]site
	order      []*ssa.MakeClosure
}

// A capture is a variable that a late closure reads, shared by all
// iterations of loop and written inside it.
type capture struct {
	obj   *types.Var
	loop  *loops.Loop
	write write
}

// A write is where the loop writes a shared variable.
type write struct {
	pos  token.Pos
	verb string // "reassigned", "updated by the loop", "its address is passed to rows.Scan"
}

// function looks for late closures created in the loops of fn.
func (r *run) function(fn *ssa.Function) {
	ls := loops.Find(fn)
	if len(ls) == 0 {
		return
	}
	slices.SortFunc(ls, func(a, b *loops.Loop) int { return a.Size() - b.Size() })
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			mc, ok := instr.(*ssa.MakeClosure)
			if !ok || !isLiteral(mc) {
				continue
			}
			r.closure(mc, ls)
		}
	}
}

func isLiteral(mc *ssa.MakeClosure) bool {
	_, ok := mc.Fn.(*ssa.Function).Syntax().(*ast.FuncLit)
	return ok
}

// closure checks one closure against the innermost loop that contains it
// and has a deferral site for it, then against the enclosing loops.
func (r *run) closure(mc *ssa.MakeClosure, ls []*loops.Loop) {
	for _, l := range ls {
		if !l.Contains(mc.Block()) {
			continue
		}
		sites := r.sitesOf(mc, l)
		for _, s := range sites {
			if caps := r.captures(mc, s, l); len(caps) > 0 {
				r.add(mc, s, caps)
				return
			}
		}
	}
}

func (r *run) add(mc *ssa.MakeClosure, s site, caps []capture) {
	if r.found == nil {
		r.found = make(map[*ssa.MakeClosure][]capture)
		r.sites = make(map[*ssa.MakeClosure]site)
	}
	r.found[mc] = caps
	r.sites[mc] = s
	r.order = append(r.order, mc)
}

// captures returns the variables the closure captures that are shared by
// all iterations of l and written in l, provided that another iteration
// can follow the deferral site.
func (r *run) captures(mc *ssa.MakeClosure, s site, l *loops.Loop) []capture {
	if !l.Iterates(s.instr, s.barrier) {
		return nil
	}
	var caps []capture
	for _, b := range mc.Bindings {
		if !sharedBy(b, l) {
			continue
		}
		if s.deferred && isResult(mc.Parent(), b) {
			continue // the named-result idiom: the deferred call wants the final value
		}
		w, ok := writtenIn(b, l, s.instr)
		if !ok {
			continue
		}
		if obj := r.varOf(mc, b); obj != nil {
			caps = append(caps, capture{obj: obj, loop: l, write: w})
		}
	}
	return caps
}

// sharedBy reports whether the captured variable at addr has one instance
// for all iterations of l: it was allocated outside the loop (declared
// before it, or a loop variable under pre-Go 1.22 semantics) or outside the
// function altogether.
func sharedBy(addr ssa.Value, l *loops.Loop) bool {
	switch a := addr.(type) {
	case *ssa.Alloc:
		return !l.Contains(a.Block())
	case *ssa.FreeVar:
		return true
	}
	return false
}

// writtenIn finds a write in l to the variable at addr: a store to it or
// to one of its fields or elements, or its address handed to a call or
// stored (rows.Scan(&u)). The deferral instruction itself does not count.
func writtenIn(addr ssa.Value, l *loops.Loop, except ssa.Instruction) (write, bool) {
	for _, ref := range *addr.Referrers() {
		if ref == except || ref.Block() == nil || !l.Contains(ref.Block()) {
			continue
		}
		switch ref := ref.(type) {
		case *ssa.Store:
			if ref.Addr == addr {
				return write{pos: ref.Pos(), verb: "reassigned"}, true
			}
			return addressTaken(ref, ref.Addr), true
		case *ssa.Call:
			if isReceiver(ref.Common(), addr) {
				continue // wg.Add(1), mu.Lock(): same object, not a new value
			}
			return write{pos: ref.Pos(), verb: "its address is passed to " + calleeName(ref.Common())}, true
		case *ssa.MakeInterface, *ssa.ChangeType, *ssa.Convert:
			if w, ok := conversionEscapes(ref.(ssa.Value)); ok {
				return w, true
			}
		case *ssa.FieldAddr, *ssa.IndexAddr:
			if w, ok := writtenIn(ref.(ssa.Value), l, except); ok {
				return w, true
			}
		}
	}
	return write{}, false
}

// isReceiver reports whether addr is the receiver of a method call.
func isReceiver(call *ssa.CallCommon, addr ssa.Value) bool {
	return !call.IsInvoke() && call.Signature().Recv() != nil && len(call.Args) > 0 && call.Args[0] == addr
}

// isResult reports whether the captured variable at addr is a named result
// of fn.
func isResult(fn *ssa.Function, addr ssa.Value) bool {
	res := fn.Signature.Results()
	for i := range res.Len() {
		if v := res.At(i); v.Name() != "" && v.Pos() == addr.Pos() {
			return true
		}
	}
	return false
}

// conversionEscapes follows a converted address (&u as an any argument) to
// the call or store that takes it.
func conversionEscapes(v ssa.Value) (write, bool) {
	for _, ref := range *v.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Call:
			return write{pos: ref.Pos(), verb: "its address is passed to " + calleeName(ref.Common())}, true
		case *ssa.Store:
			if ref.Val == v {
				return addressTaken(ref, ref.Addr), true
			}
		}
	}
	return write{}, false
}

// addressTaken describes a store of a variable's address: into the
// variadic arguments of a call (rows.Scan(&id, &email)) or elsewhere.
func addressTaken(st *ssa.Store, dst ssa.Value) write {
	if ia, ok := dst.(*ssa.IndexAddr); ok {
		if call := variadicCall(ia); call != nil {
			return write{pos: call.Pos(), verb: "its address is passed to " + calleeName(call.Common())}
		}
	}
	return write{pos: st.Pos(), verb: "its address is stored"}
}

// variadicCall returns the call whose implicit variadic array holds the
// element at ia, if any.
func variadicCall(ia *ssa.IndexAddr) *ssa.Call {
	arr, ok := ia.X.(*ssa.Alloc)
	if !ok {
		return nil
	}
	for _, ref := range *arr.Referrers() {
		sl, ok := ref.(*ssa.Slice)
		if !ok {
			continue
		}
		for _, ref := range *sl.Referrers() {
			if call, ok := ref.(*ssa.Call); ok {
				return call
			}
		}
	}
	return nil
}

func calleeName(call *ssa.CallCommon) string {
	if fn := calleeObject(call); fn != nil {
		return fn.Name()
	}
	return "a call"
}

// varOf maps a closure binding back to the source variable: go/ssa
// positions the variable's Alloc or FreeVar at its declaration.
func (r *run) varOf(mc *ssa.MakeClosure, addr ssa.Value) *types.Var {
	lit := mc.Fn.(*ssa.Function).Syntax().(*ast.FuncLit)
	var found *types.Var
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || found != nil {
			return found == nil
		}
		if v, ok := r.pass.TypesInfo.Uses[id].(*types.Var); ok && v.Pos() == addr.Pos() && v.Name() == addrName(addr) {
			found = v
		}
		return true
	})
	return found
}

func addrName(addr ssa.Value) string {
	if a, ok := addr.(*ssa.Alloc); ok {
		return a.Comment
	}
	return addr.Name()
}
