package txscope

import (
	"fmt"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/internal/catalog"
	"github.com/latebind/latebind/internal/ssautil"
)

// regionAt returns the region instr runs in, or nil.
func (s *scope) regionAt(instr ssa.Instruction) *Region {
	if reg := s.whole[instr.Parent()]; reg != nil {
		return reg
	}
	return s.inside[instr]
}

// propagate extends the regions through closures, runners and fields; it
// reports whether anything changed.
func (s *scope) propagate(funcs []*ssa.Function) bool {
	changed := false
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch in := instr.(type) {
				case *ssa.MakeClosure:
					changed = s.closure(in) || changed
				case *ssa.Call:
					changed = s.callInside(in) || changed
					changed = s.passOn(in) || changed
				}
			}
		}
	}
	return changed
}

// closure decides whether the closure runs inside a transaction (as a
// transaction callback, as a callback field called inside one, or created
// inside one and called synchronously) or after it.
func (s *scope) closure(mc *ssa.MakeClosure) bool {
	g := mc.Fn.(*ssa.Function)
	if cur := s.whole[g]; cur != nil && cur.Kind != Param || s.late[g] != nil {
		return false
	}
	reg := s.regionAt(mc)
	for _, u := range closureUses(mc) {
		if r := s.callbackRegion(g, u); r != nil {
			s.whole[g] = r // a callback's description beats "passed in as tx"
			return true
		}
		if reg != nil {
			if late := s.lateUse(u, reg); late != nil {
				s.late[g] = late
				return true
			}
		}
	}
	if reg != nil && s.whole[g] == nil && !s.escapes(mc) {
		s.whole[g] = reg
		return true
	}
	return false
}

// closureUses returns the instructions that consume the closure value,
// through conversions.
func closureUses(v ssa.Value) []ssa.Instruction {
	var out []ssa.Instruction
	for _, ref := range *v.Referrers() {
		switch ref := ref.(type) {
		case *ssa.ChangeType, *ssa.MakeInterface:
			out = append(out, closureUses(ref.(ssa.Value))...)
		default:
			out = append(out, ref)
		}
	}
	return out
}

// callbackRegion returns the region of a closure passed to a
// transaction-runner or stored in a field that is called inside one.
func (s *scope) callbackRegion(g *ssa.Function, use ssa.Instruction) *Region {
	switch u := use.(type) {
	case *ssa.Call:
		name, ok := s.runsInTx(u.Common(), g)
		if !ok {
			return nil
		}
		tx := txParam(s.k, g)
		reg := &Region{Kind: Callback, Pos: g.Pos(), Desc: "the transaction of " + name}
		if tx != nil {
			reg.Tx, reg.TxVar = tx, paramVar(tx)
		}
		return reg
	case *ssa.Store:
		field := fieldOf(u.Addr)
		if by, ok := s.calledInTx(field); ok {
			return &Region{Kind: Field, Pos: g.Pos(),
				Desc: fmt.Sprintf("the transaction in which %s calls %s", by, field.Name())}
		}
	}
	return nil
}

// runsInTx reports whether the call runs its argument g inside a
// transaction: a catalog RunInTx API or an inferred Runner.
func (s *scope) runsInTx(call *ssa.CallCommon, g *ssa.Function) (string, bool) {
	fn := ssautil.Callee(call)
	if fn == nil {
		return "", false
	}
	for i, arg := range call.Args {
		if !isClosureOf(arg, g) {
			continue
		}
		idx := i - ssautil.RecvOffset(call)
		if slices.Contains(s.runnerParams(call, fn), idx) {
			return ssautil.ShortName(fn), true
		}
	}
	return "", false
}

func isClosureOf(v ssa.Value, g *ssa.Function) bool {
	for {
		switch x := v.(type) {
		case *ssa.MakeClosure:
			return x.Fn == g
		case *ssa.ChangeType:
			v = x.X
		case *ssa.MakeInterface:
			v = x.X
		default:
			return v == g
		}
	}
}

// runnerParams returns which arguments of a call to fn run inside a
// transaction: from the catalog, local inference or a Runner fact.
func (s *scope) runnerParams(call *ssa.CallCommon, fn *types.Func) []int {
	if api, ok := s.k.TxAPI(fn.FullName()); ok && api.Role == catalog.RunInTx {
		return []int{api.Arg}
	}
	if callee := call.StaticCallee(); callee != nil {
		if callee.Origin() != nil {
			callee = callee.Origin()
		}
		if params, ok := s.runners[callee]; ok {
			return params
		}
	}
	var r Runner
	if fn.Pkg() != s.pass.Pkg && s.pass.ImportObjectFact(fn, &r) {
		return r.Params
	}
	return nil
}

// fieldOf returns the struct field addressed by addr, if any.
func fieldOf(addr ssa.Value) *types.Var {
	fa, ok := addr.(*ssa.FieldAddr)
	if !ok {
		return nil
	}
	st, ok := fa.X.Type().Underlying().(*types.Pointer).Elem().Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	return st.Field(fa.Field)
}

// calledInTx reports whether a func-typed field is called inside a
// transaction, and by whom.
func (s *scope) calledInTx(field *types.Var) (string, bool) {
	if field == nil {
		return "", false
	}
	if by, ok := s.fields[field]; ok {
		return by, true
	}
	var f CalledInTx
	if field.Pkg() != s.pass.Pkg && s.pass.ImportObjectFact(field, &f) {
		return f.By, true
	}
	return "", false
}

// escapes reports whether a closure created inside a region may run after
// the creating code went on: started with go, deferred, kept by a
// registrar, or stored.
func (s *scope) escapes(mc *ssa.MakeClosure) bool {
	for _, u := range closureUses(mc) {
		switch u := u.(type) {
		case *ssa.Go, *ssa.Defer, *ssa.Store, *ssa.Send, *ssa.MapUpdate, *ssa.Return, *ssa.Phi:
			return true
		case *ssa.Call:
			if s.kept(u.Common(), mc) != "" {
				return true
			}
		}
	}
	return false
}

// kept returns the kind of callback the call keeps the closure as, or "".
func (s *scope) kept(call *ssa.CallCommon, mc *ssa.MakeClosure) string {
	for i, arg := range call.Args {
		idx := i - ssautil.RecvOffset(call)
		if idx >= 0 && isClosureOf(arg, mc.Fn.(*ssa.Function)) {
			if reg, ok := s.callbacks.Kept(call, idx); ok {
				return reg.Kind
			}
		}
	}
	return ""
}

// lateUse returns how a closure created inside reg runs after the
// transaction ended: a goroutine (unless the region waits for it before
// it ends), an after-commit hook, a timer or any other kept callback —
// except ent's commit hooks, whose bodies are split at next.Commit
// instead.
func (s *scope) lateUse(use ssa.Instruction, reg *Region) *Late {
	switch u := use.(type) {
	case *ssa.Go:
		if s.waitedFor(u, reg) {
			return nil
		}
		return &Late{Region: reg, Desc: "a goroutine started inside it may run after it has ended"}
	case *ssa.Call:
		mc := closureArg(u.Common())
		if mc == nil || isEntHookCall(u.Common()) {
			return nil
		}
		kind := s.kept(u.Common(), mc)
		switch {
		case kind == "":
			return nil
		case strings.HasSuffix(kind, "goroutine"):
			if s.waitedFor(u, reg) {
				return nil
			}
			return &Late{Region: reg, Desc: kind + " started inside it may run after it has ended"}
		case strings.HasSuffix(kind, "hook"):
			return &Late{Region: reg, Desc: kind + " runs after it has ended"}
		default:
			return &Late{Region: reg, Desc: kind + " may run after it has ended"}
		}
	}
	return nil
}

// waitedFor reports whether, after starting a goroutine at site, the
// region waits (sync.WaitGroup.Wait, errgroup.Group.Wait) before the
// transaction can end.
func (s *scope) waitedFor(site ssa.Instruction, reg *Region) bool {
	aliases := aliasesOf(reg.Tx)
	waited := false
	forward(site, func(in ssa.Instruction) bool {
		return waited || s.ends(in, aliases)
	}, func(in ssa.Instruction) {
		if call, ok := in.(*ssa.Call); ok {
			if fn := ssautil.Callee(call.Common()); fn != nil && waits[fn.FullName()] {
				waited = true
			}
		}
	})
	return waited
}

// waits are the calls that wait for the goroutines started before them.
var waits = map[string]bool{
	"(*sync.WaitGroup).Wait":                   true,
	"(*golang.org/x/sync/errgroup.Group).Wait": true,
}

func closureArg(call *ssa.CallCommon) *ssa.MakeClosure {
	for _, arg := range call.Args {
		for {
			if c, ok := arg.(*ssa.ChangeType); ok {
				arg = c.X
				continue
			}
			break
		}
		if mc, ok := arg.(*ssa.MakeClosure); ok {
			return mc
		}
	}
	return nil
}

// isEntHookCall reports whether the call registers an ent commit or
// rollback hook (Tx.OnCommit, Tx.OnRollback).
func isEntHookCall(call *ssa.CallCommon) bool {
	fn := ssautil.Callee(call)
	return fn != nil && fn.Signature().Recv() != nil && isEntTx(fn.Signature().Recv().Type())
}

// callInside records what a call inside a region reveals: a func-typed
// parameter called there makes its function a Runner, a func-typed field
// called there gets CalledInTx, and a parameter passed on to a runner
// makes a runner too.
func (s *scope) callInside(call *ssa.Call) bool {
	reg := s.regionAt(call)
	if reg == nil {
		return false
	}
	changed := false
	if fn, idx := enclosingParam(call.Common().Value); fn != nil {
		changed = s.addRunner(fn, idx)
	}
	if field := calledField(call.Common().Value); field != nil && field.Pkg() == s.pass.Pkg {
		if _, ok := s.fields[field]; !ok {
			s.fields[field] = funcName(call.Parent())
			changed = true
		}
	}
	return changed
}

// passOn makes a Runner of a function that passes its func-typed
// parameter on to a runner: func (s *Store) WithTx(fn) { s.execTx(fn) }.
func (s *scope) passOn(call *ssa.Call) bool {
	callee := ssautil.Callee(call.Common())
	if callee == nil {
		return false
	}
	params := s.runnerParams(call.Common(), callee)
	changed := false
	for i, arg := range call.Common().Args {
		if !slices.Contains(params, i-ssautil.RecvOffset(call.Common())) {
			continue
		}
		if fn, idx := enclosingParam(arg); fn != nil {
			changed = s.addRunner(fn, idx) || changed
		}
	}
	return changed
}

func (s *scope) addRunner(fn *ssa.Function, idx int) bool {
	if fn.Object() == nil || slices.Contains(s.runners[fn], idx) {
		return false
	}
	s.runners[fn] = append(s.runners[fn], idx)
	return true
}

// enclosingParam traces a called func value back to a parameter of a
// named function: directly, or through the variables closures capture it
// by. It returns the function and the parameter index (receiver not
// counted).
func enclosingParam(v ssa.Value) (*ssa.Function, int) {
	for range 8 {
		switch x := v.(type) {
		case *ssa.Parameter:
			fn := x.Parent()
			idx := slices.Index(fn.Params, x)
			if fn.Signature.Recv() != nil {
				idx--
			}
			return fn, idx
		case *ssa.UnOp:
			fv, ok := x.X.(*ssa.FreeVar)
			if !ok {
				return nil, 0
			}
			v = storedParam(fv)
			if v == nil {
				return nil, 0
			}
		default:
			return nil, 0
		}
	}
	return nil, 0
}

// storedParam returns the value stored into the variable that the free
// variable fv captures, if it is a parameter of the enclosing function.
func storedParam(fv *ssa.FreeVar) ssa.Value {
	g := fv.Parent()
	i := slices.Index(g.FreeVars, fv)
	parent := g.Parent()
	if parent == nil {
		return nil
	}
	for _, b := range parent.Blocks {
		for _, in := range b.Instrs {
			mc, ok := in.(*ssa.MakeClosure)
			if !ok || mc.Fn != g || i >= len(mc.Bindings) {
				continue
			}
			if alloc, ok := mc.Bindings[i].(*ssa.Alloc); ok {
				for _, ref := range *alloc.Referrers() {
					if st, ok := ref.(*ssa.Store); ok && st.Addr == alloc {
						if p, ok := st.Val.(*ssa.Parameter); ok {
							return p
						}
					}
				}
			}
		}
	}
	return nil
}

// calledField returns the struct field a called func value is read from:
// arg.AfterCreate (a Field of a struct value, or a load of a FieldAddr).
func calledField(v ssa.Value) *types.Var {
	switch x := v.(type) {
	case *ssa.Field:
		if st, ok := x.X.Type().Underlying().(*types.Struct); ok {
			return st.Field(x.Field)
		}
	case *ssa.UnOp:
		return fieldOf(x.X)
	}
	return nil
}

func funcName(fn *ssa.Function) string {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if obj, ok := fn.Object().(*types.Func); ok {
		return ssautil.ShortName(obj)
	}
	return fn.Name()
}

// exportFacts exports the Runner and CalledInTx facts of this package.
func (s *scope) exportFacts() {
	for fn, params := range s.runners {
		if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() == s.pass.Pkg {
			slices.Sort(params)
			s.pass.ExportObjectFact(obj, &Runner{Params: params})
		}
	}
	for field, by := range s.fields {
		s.pass.ExportObjectFact(field, &CalledInTx{By: by})
	}
}
