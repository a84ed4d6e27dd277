package loopcapture

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/internal/directive"
	"github.com/latebind/latebind/internal/loops"
	"github.com/latebind/latebind/internal/ssautil"
	"github.com/latebind/latebind/passes/callbacks"
)

// run is the state of one pass of the check.
type run struct {
	pass       *analysis.Pass
	callbacks  *callbacks.Result
	rep        *directive.Reporter
	sources    map[string][]byte                   // file contents, read once per pass
	parents    map[*ast.File]map[ast.Node]ast.Node // per file, on demand (fix planning)
	gotos      map[*ast.FuncDecl]bool              // whether a function has a goto
	loopScopes map[*types.Scope]bool               // the scopes of for and range clauses, on demand
	found      map[*ssa.Function][]capture
	sites      map[*ssa.Function]site
	order      []*ssa.Function
}

// A closure is a function literal created in a loop: a MakeClosure, or,
// when it captures nothing, the anonymous function itself, used directly
// by the instructions in seeds.
type closure struct {
	fn    *ssa.Function
	mc    *ssa.MakeClosure // nil when nothing is captured
	seeds []ssa.Instruction
}

// A capture is a variable that a late closure reads, shared by all
// iterations of loop and written inside it.
type capture struct {
	obj   *types.Var
	loop  *loops.Loop
	write write
	// accumulates: every write of the variable in the loop appends to it.
	accumulates bool
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
	for _, c := range closuresIn(fn) {
		r.closure(c, ls)
	}
}

// closuresIn returns the function literals that fn creates.
func closuresIn(fn *ssa.Function) []*closure {
	var out []*closure
	plain := make(map[*ssa.Function]*closure)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && isLiteral(mc.Fn.(*ssa.Function)) {
				out = append(out, &closure{fn: mc.Fn.(*ssa.Function), mc: mc})
				continue
			}
			for _, op := range instr.Operands(nil) {
				g, ok := (*op).(*ssa.Function)
				if !ok || g.Parent() != fn || !isLiteral(g) {
					continue
				}
				if plain[g] == nil {
					plain[g] = &closure{fn: g}
					out = append(out, plain[g])
				}
				plain[g].seeds = append(plain[g].seeds, instr)
			}
		}
	}
	return out
}

func isLiteral(fn *ssa.Function) bool {
	_, ok := fn.Syntax().(*ast.FuncLit)
	return ok
}

// created returns the block where the closure comes into being.
func (c *closure) created() *ssa.BasicBlock {
	if c.mc != nil {
		return c.mc.Block()
	}
	return c.seeds[0].Block()
}

// closure checks one closure against every loop that contains it, from
// the innermost out: a variable written only by an outer loop is shared
// by that loop's iterations too.
func (r *run) closure(c *closure, ls []*loops.Loop) {
	var found []capture
	var first site
	for _, l := range ls { // innermost first
		if !l.Contains(c.created()) {
			continue
		}
		for _, s := range r.sitesOf(c, l) {
			for _, cp := range r.captures(c, s, l) {
				if onlyAddressed(r.pass.TypesInfo, literal(c.fn), cp.obj) {
					continue // &v only: shared on purpose (an atomic counter)
				}
				if r.runningState(c, cp) {
					continue
				}
				if !slices.ContainsFunc(found, func(f capture) bool { return f.obj == cp.obj }) {
					if len(found) == 0 {
						first = s
					}
					found = append(found, cp)
				}
			}
		}
	}
	if len(found) > 0 {
		r.add(c.fn, first, found)
	}
}

func (r *run) add(fn *ssa.Function, s site, caps []capture) {
	if r.found == nil {
		r.found = make(map[*ssa.Function][]capture)
		r.sites = make(map[*ssa.Function]site)
	}
	r.found[fn] = caps
	r.sites[fn] = s
	r.order = append(r.order, fn)
}

// captures returns the variables the closure captures that are shared by
// all iterations of l and written in l, provided that another iteration
// can follow the deferral site.
func (r *run) captures(c *closure, s site, l *loops.Loop) []capture {
	if !l.Iterates(s.instr, s.barrier) {
		return nil
	}
	caps := r.globals(c, s, l)
	if c.mc == nil {
		return caps
	}
	mc := c.mc
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
		if obj := r.varOf(c.fn, b); obj != nil {
			caps = append(caps, capture{obj: obj, loop: l, write: w, accumulates: onlyAppends(b, l, s.instr)})
		}
	}
	return caps
}

// globals returns the package-level variables the closure reads that l
// writes.
func (r *run) globals(c *closure, s site, l *loops.Loop) []capture {
	var caps []capture
	for _, g := range globalsRead(c.fn) {
		if w, ok := globalWritten(g, l); ok {
			caps = append(caps, capture{obj: g.Object().(*types.Var), loop: l, write: w})
		}
	}
	return caps
}

// globalWritten finds a store to the global in l, or its address handed to
// a call. go/ssa keeps no referrers for globals: scan the loop.
func globalWritten(g *ssa.Global, l *loops.Loop) (write, bool) {
	for _, b := range l.Header.Parent().Blocks {
		if !l.Contains(b) {
			continue
		}
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.Store:
				if in.Addr == g {
					return write{pos: in.Pos(), verb: "reassigned"}, true
				}
			case *ssa.Call:
				if slices.Contains(in.Common().Args, ssa.Value(g)) && !isReceiver(in.Common(), g) {
					return write{pos: in.Pos(), verb: "its address is passed to " + calleeName(in.Common())}, true
				}
			}
		}
	}
	return write{}, false
}

// globalsRead returns the package-level variables that fn and the
// closures nested in it read: a closure uses them directly, without
// capturing, and they are shared by every iteration of every loop.
func globalsRead(fn *ssa.Function) []*ssa.Global {
	var out []*ssa.Global
	var visit func(fn *ssa.Function)
	visit = func(fn *ssa.Function) {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				if load, ok := in.(*ssa.UnOp); ok && load.Op == token.MUL {
					if g, ok := load.X.(*ssa.Global); ok && !slices.Contains(out, g) {
						if _, ok := g.Object().(*types.Var); ok {
							out = append(out, g)
						}
					}
				}
			}
		}
		for _, anon := range fn.AnonFuncs {
			visit(anon)
		}
	}
	visit(fn)
	return out
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
	refs := addr.Referrers()
	if refs == nil {
		return write{}, false
	}
	for _, ref := range *refs {
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

// runningState reports whether the loop and the closure treat the
// captured variable as one running state rather than a per-iteration
// value, so that no copy could be what was meant: it is declared before
// the loop, and the closure writes it too, or the loop only ever appends
// to it (names = append(names, n); d.deps = append(d.deps, n)).
func (r *run) runningState(c *closure, cp capture) bool {
	if r.isLoopVar(cp.obj) {
		return false
	}
	return cp.accumulates || writes(r.pass.TypesInfo, literal(c.fn).Body, cp.obj)
}

// onlyAppends reports whether every write in l to the variable at addr,
// found as writtenIn finds them, stores an append to the same variable or
// field: v = append(v, x), v.f = append(v.f, x).
func onlyAppends(addr ssa.Value, l *loops.Loop, except ssa.Instruction) bool {
	for _, ref := range *addr.Referrers() {
		if ref == except || ref.Block() == nil || !l.Contains(ref.Block()) {
			continue
		}
		switch ref := ref.(type) {
		case *ssa.Store:
			if ref.Addr != addr || !appendsTo(ref.Val, addr) {
				return false
			}
		case *ssa.Call:
			if !isReceiver(ref.Common(), addr) {
				return false
			}
		case *ssa.MakeInterface, *ssa.ChangeType, *ssa.Convert:
			if _, ok := conversionEscapes(ref.(ssa.Value)); ok {
				return false
			}
		case *ssa.FieldAddr, *ssa.IndexAddr:
			if !onlyAppends(ref.(ssa.Value), l, except) {
				return false
			}
		}
	}
	return true
}

// appendsTo reports whether v is append(*addr', ...) where addr' is the
// same variable or field as addr.
func appendsTo(v ssa.Value, addr ssa.Value) bool {
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	b, ok := call.Common().Value.(*ssa.Builtin)
	if !ok || b.Name() != "append" || len(call.Common().Args) == 0 {
		return false
	}
	load, ok := call.Common().Args[0].(*ssa.UnOp)
	return ok && load.Op == token.MUL && sameAddr(load.X, addr)
}

// sameAddr reports whether a and b address the same variable or field of
// it (two &x.f instructions are distinct values).
func sameAddr(a, b ssa.Value) bool {
	if a == b {
		return true
	}
	fa, ok1 := a.(*ssa.FieldAddr)
	fb, ok2 := b.(*ssa.FieldAddr)
	return ok1 && ok2 && fa.Field == fb.Field && sameAddr(fa.X, fb.X)
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
	if fn := ssautil.Callee(call); fn != nil {
		return fn.Name()
	}
	return "a call"
}

// varOf maps a closure binding back to the source variable: go/ssa
// positions the variable's Alloc or FreeVar at its declaration.
func (r *run) varOf(fn *ssa.Function, addr ssa.Value) *types.Var {
	lit := fn.Syntax().(*ast.FuncLit)
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
