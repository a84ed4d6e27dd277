package loopcapture

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/internal/loops"
	"github.com/latebind/latebind/internal/ssautil"
	"github.com/latebind/latebind/internal/syntax"
)

// A site is a place where a closure created in a loop is handed to
// something that runs it later.
type site struct {
	closure *closure
	instr   ssa.Instruction // the go, defer, call, store or send
	kind    string          // "the goroutine", "the OnCommit hook", ...
	when    string          // "after the loop has moved on", ...
	after   token.Pos       // only references after this position count (t.Parallel)
	// concurrent is set for goroutines: a Wait later in the iteration
	// means the closure has finished before the loop moves on.
	concurrent bool
	deferred   bool // a defer statement: runs when the function returns
	// owner is the receiver of a registrar method when the iteration
	// creates it (b := NewBroker(); b.SetHandler(f)): closing it later in
	// the iteration (b.Close()) retires the callback before the loop moves
	// on.
	owner ssa.Value
}

// barrier reports whether the instruction, met after the site in the same
// iteration, means that the goroutine has already read its variables: a
// Wait, or a receive from a channel the goroutine was given.
func (s site) barrier(instr ssa.Instruction) bool {
	if s.owner != nil && s.closesOwner(instr) {
		return true
	}
	if !s.concurrent {
		return false
	}
	switch in := instr.(type) {
	case *ssa.Call:
		fn := ssautil.Callee(in.Common())
		return fn != nil && waits[fn.FullName()]
	case *ssa.UnOp:
		return in.Op == token.ARROW && s.closureChan(in.X)
	case *ssa.Select:
		for _, st := range in.States {
			if st.Dir == types.RecvOnly && s.closureChan(st.Chan) {
				return true
			}
		}
	}
	return false
}

// closesOwner reports whether instr calls Close, Stop or Shutdown on the
// registrar's receiver, which the iteration created.
func (s site) closesOwner(instr ssa.Instruction) bool {
	call, ok := instr.(*ssa.Call)
	if !ok || receiverOf(call.Common()) != s.owner {
		return false
	}
	fn := ssautil.Callee(call.Common())
	return fn != nil && closers[fn.Name()]
}

// closers are the methods that retire an object's callbacks: a mock server
// or broker that waits for its handlers when closed.
var closers = map[string]bool{"Close": true, "Stop": true, "Shutdown": true}

// receiverOf returns the receiver of a method call, or nil.
func receiverOf(call *ssa.CallCommon) ssa.Value {
	if call.IsInvoke() {
		return call.Value
	}
	if call.Signature().Recv() != nil && len(call.Args) > 0 {
		return call.Args[0]
	}
	return nil
}

// iterationOwner returns the receiver of the registrar call if the
// iteration l creates it (a call's result or a new allocation), or nil.
func iterationOwner(call *ssa.CallCommon, l *loops.Loop) ssa.Value {
	recv := receiverOf(call)
	switch in := recv.(type) {
	case *ssa.Call, *ssa.Alloc:
		if l.Contains(in.(ssa.Instruction).Block()) {
			return recv
		}
	}
	return nil
}

// closureChan reports whether ch is a channel the closure captured or was
// passed as an argument.
func (s site) closureChan(ch ssa.Value) bool {
	if load, ok := ch.(*ssa.UnOp); ok && load.Op == token.MUL && s.closure.mc != nil {
		return slices.Contains(s.closure.mc.Bindings, load.X)
	}
	if g, ok := s.instr.(*ssa.Go); ok {
		return slices.Contains(g.Call.Args, ch)
	}
	return false
}

// waits are the calls that wait for goroutines started before them.
var waits = map[string]bool{
	"(*sync.WaitGroup).Wait":                   true,
	"(*golang.org/x/sync/errgroup.Group).Wait": true,
}

// pos is where the closure is handed over: the go or defer statement, the
// call (or for an append, the append call), or else the literal itself.
func (s site) pos(files []*ast.File) token.Pos {
	if st, ok := s.instr.(*ssa.Store); ok {
		if ia, ok := st.Addr.(*ssa.IndexAddr); ok {
			if call := variadicCall(ia); call != nil {
				return syntax.CallStart(files, call.Pos())
			}
		}
	}
	if call, ok := s.instr.(*ssa.Call); ok {
		return syntax.CallStart(files, call.Pos())
	}
	if s.instr.Pos().IsValid() {
		return s.instr.Pos()
	}
	return s.closure.fn.Pos()
}

const afterLoop = "after the loop has moved on"

// sitesOf returns the deferral sites among the uses of a closure created in
// loop l.
func (r *run) sitesOf(c *closure, l *loops.Loop) []site {
	var sites []site
	for _, use := range flowsTo(c, l) {
		if s, ok := r.siteOf(c, use, l); ok {
			sites = append(sites, s)
		}
	}
	return sites
}

// A use is an instruction that consumes the closure value v (the closure
// itself, or a conversion or load of it).
type use struct {
	v     ssa.Value
	instr ssa.Instruction
}

// flowsTo follows the closure through conversions and through local
// variables of the iteration to the instructions that consume it.
func flowsTo(c *closure, l *loops.Loop) []use {
	var uses []use
	seen := map[ssa.Value]bool{}
	var visit func(v ssa.Value)
	visit = func(v ssa.Value) {
		if seen[v] || v.Referrers() == nil {
			return
		}
		seen[v] = true
		for _, ref := range *v.Referrers() {
			switch ref := ref.(type) {
			case *ssa.ChangeType, *ssa.MakeInterface, *ssa.ChangeInterface:
				visit(ref.(ssa.Value))
				continue
			case *ssa.Store:
				if alloc, ok := ref.Addr.(*ssa.Alloc); ok && ref.Val == v && l.Contains(alloc.Block()) {
					visitLoads(alloc, visit)
					continue
				}
			case *ssa.Phi:
				if l.Contains(ref.Block()) && ref.Block() != l.Header {
					visit(ref) // if/else merge within the iteration
				}
				continue // a variable declared outside the loop: one slot
			}
			uses = append(uses, use{v, ref})
		}
	}
	if c.mc != nil {
		visit(c.mc)
		return uses
	}
	for _, in := range c.seeds {
		if v, ok := in.(ssa.Value); ok && isConversion(in) {
			visit(v)
		} else {
			uses = append(uses, use{c.fn, in})
		}
	}
	return uses
}

func isConversion(in ssa.Instruction) bool {
	switch in.(type) {
	case *ssa.ChangeType, *ssa.MakeInterface, *ssa.ChangeInterface:
		return true
	}
	return false
}

func visitLoads(alloc *ssa.Alloc, visit func(ssa.Value)) {
	for _, ref := range *alloc.Referrers() {
		if load, ok := ref.(*ssa.UnOp); ok && load.Op == token.MUL {
			visit(load)
		}
	}
}

func (r *run) siteOf(c *closure, u use, l *loops.Loop) (site, bool) {
	s := site{closure: c, instr: u.instr, when: afterLoop}
	switch in := u.instr.(type) {
	case *ssa.Go:
		s.kind, s.concurrent = "the goroutine", true
		return s, true
	case *ssa.Defer:
		s.kind, s.when = "the deferred call", "when the function returns, after the loop has finished"
		s.deferred = true
		return s, true
	case *ssa.Call:
		s.owner = iterationOwner(in.Common(), l)
		return r.callSite(s, in.Common(), u.v)
	case *ssa.Send:
		s.kind, s.when = "the closure sent on a channel", "when it is received and called, "+afterLoop
		return s, in.X == u.v
	case *ssa.MapUpdate:
		s.kind, s.when = "the closure stored in a map", "when it is called, "+afterLoop
		return s, in.Value == u.v && outlives(in.Map, l)
	case *ssa.Store:
		return storeSite(s, in, u.v, l)
	}
	return s, false
}

// callSite handles a closure passed as an argument: to a registrar, to
// t.Run with a body that calls t.Parallel, or to append.
func (r *run) callSite(s site, call *ssa.CallCommon, v ssa.Value) (site, bool) {
	if _, ok := call.Value.(*ssa.Builtin); ok {
		return s, false // append: handled at the store into its arguments
	}
	for i, arg := range call.Args {
		if arg != v {
			continue
		}
		idx := i - ssautil.RecvOffset(call)
		if idx < 0 {
			continue
		}
		if after, ok := parallelSubtest(call, s.closure.fn); ok {
			s.kind, s.after = "the parallel subtest", after
			s.when = "after t.Parallel, when the loop has moved on"
			return s, true
		}
		if kind, ok := r.kept(call, idx); ok {
			s.kind = kind
			s.concurrent = strings.HasSuffix(kind, "goroutine")
			return s, true
		}
	}
	return s, false
}

// kept reports whether the call keeps argument idx: configured and
// catalog registrars, and inference.
func (r *run) kept(call *ssa.CallCommon, idx int) (string, bool) {
	reg, ok := r.callbacks.Kept(call, idx)
	return reg.Kind, ok
}

// storeSite handles a closure stored into memory that gets a new slot in
// every iteration and outlives it: an element of a slice, an append to a
// slice the loop carries, or a field of a struct that is itself kept.
// A single slot overwritten by every iteration (a global, a variable or
// field declared outside the loop) holds only the last closure, which
// reads the value it was made with: not reported.
func storeSite(s site, st *ssa.Store, v ssa.Value, l *loops.Loop) (site, bool) {
	if st.Val != v {
		return s, false
	}
	s.when = "when it is called, " + afterLoop
	switch addr := st.Addr.(type) {
	case *ssa.FieldAddr:
		s.kind = "the closure stored in a struct field"
		return s, distinctSlot(addr.X, l)
	case *ssa.IndexAddr:
		s.kind = "the closure stored in a slice"
		if dst, ok := appendTarget(addr); ok {
			s.kind = "the closure appended to a slice"
			return s, outlives(dst, l)
		}
		_, constIndex := addr.Index.(*ssa.Const)
		return s, !constIndex && outlivesAddr(addr.X, l)
	}
	return s, false
}

// distinctSlot reports whether the struct at x is a different one in each
// iteration and is kept beyond it: an element of a slice (items[i].fn), or
// a struct made in the iteration that is then appended, stored or sent.
func distinctSlot(x ssa.Value, l *loops.Loop) bool {
	switch x := x.(type) {
	case *ssa.IndexAddr:
		_, constIndex := x.Index.(*ssa.Const)
		return !constIndex
	case *ssa.UnOp:
		return distinctSlot(x.X, l)
	case *ssa.Alloc:
		return l.Contains(x.Block()) && keptBeyond(x, 0)
	}
	return false
}

// keptBeyond reports whether a value made in the iteration is stored,
// appended, sent or put in a map (itself, or a load of it).
func keptBeyond(v ssa.Value, depth int) bool {
	if depth > 2 || v.Referrers() == nil {
		return false
	}
	for _, ref := range *v.Referrers() {
		switch ref := ref.(type) {
		case *ssa.Store:
			if ref.Val == v {
				return true
			}
		case *ssa.Send, *ssa.MapUpdate:
			return true
		case *ssa.UnOp, *ssa.ChangeType, *ssa.MakeInterface:
			if keptBeyond(ref.(ssa.Value), depth+1) {
				return true
			}
		}
	}
	return false
}

// appendTarget recognises the implicit array of an append's variadic
// arguments and returns the slice that the closure is appended to.
func appendTarget(addr *ssa.IndexAddr) (ssa.Value, bool) {
	call := variadicCall(addr)
	if call == nil {
		return nil, false
	}
	if b, ok := call.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" {
		return call.Call.Args[0], true
	}
	return nil, false
}

// outlives reports whether a slice, map or pointer value lives longer than
// one iteration of l: it is carried around the loop, loaded from memory, or
// comes from outside the loop. A value made in the iteration does not.
func outlives(v ssa.Value, l *loops.Loop) bool {
	switch v := v.(type) {
	case *ssa.Phi:
		return v.Block() == l.Header || !l.Contains(v.Block())
	case *ssa.Call:
		if b, ok := v.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" {
			return outlives(v.Call.Args[0], l)
		}
		return !l.Contains(v.Block())
	case *ssa.UnOp:
		return v.Op == token.MUL && outlivesAddr(v.X, l)
	case ssa.Instruction:
		return !l.Contains(v.Block())
	case *ssa.Const:
		return false
	}
	return true // parameters, free variables, globals, functions
}

// outlivesAddr is outlives for the address of a variable or its parts.
func outlivesAddr(addr ssa.Value, l *loops.Loop) bool {
	switch a := addr.(type) {
	case *ssa.Alloc:
		return !l.Contains(a.Block())
	case *ssa.FieldAddr:
		return outlivesAddr(a.X, l)
	case *ssa.IndexAddr:
		if _, ok := a.X.Type().Underlying().(*types.Pointer); ok {
			return outlivesAddr(a.X, l)
		}
		return outlives(a.X, l)
	}
	return outlives(addr, l)
}
