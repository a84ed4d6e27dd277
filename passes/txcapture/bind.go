package txcapture

import (
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/passes/txscope"
)

// binding decides which values are bound to a region's transaction.
type binding struct {
	scope  *txscope.Result
	region *txscope.Region
	memo   map[ssa.Value]bool
}

func newBinding(scope *txscope.Result, reg *txscope.Region) *binding {
	return &binding{scope: scope, region: reg, memo: make(map[ssa.Value]bool)}
}

// bound reports whether v is the transaction or was obtained from it.
func (b *binding) bound(v ssa.Value) bool {
	if got, ok := b.memo[v]; ok {
		return got
	}
	b.memo[v] = false // cycles through phis count as unbound
	got := b.compute(v)
	b.memo[v] = got
	return got
}

func (b *binding) compute(v ssa.Value) bool {
	if v == nil {
		return false
	}
	if v == b.region.Tx || b.scope.IsTxType(v.Type()) {
		return true
	}
	switch x := v.(type) {
	case *ssa.UnOp:
		switch addr := x.X.(type) {
		case *ssa.FieldAddr:
			return b.bound(addr.X) && samePkg(x.Type(), addr.X.Type())
		case *ssa.IndexAddr:
			return b.bound(addr.X) // an element of a bound slice
		}
		return b.boundAddr(x.X)
	case *ssa.Index:
		return b.bound(x.X)
	case *ssa.MakeMap:
		return slices.ContainsFunc(*x.Referrers(), func(in ssa.Instruction) bool {
			up, ok := in.(*ssa.MapUpdate)
			return ok && b.bound(up.Value)
		})
	case *ssa.Lookup:
		return !x.CommaOk && b.bound(x.X)
	case *ssa.Field:
		return b.bound(x.X) && samePkg(x.Type(), x.X.Type())
	case *ssa.Extract:
		return x.Index == 0 && b.bound(x.Tuple)
	case *ssa.Call:
		return b.boundCall(x.Common(), resultType(x))
	case *ssa.Phi:
		return slices.ContainsFunc(x.Edges, b.bound)
	case *ssa.ChangeType:
		return b.bound(x.X)
	case *ssa.MakeInterface:
		return b.bound(x.X)
	}
	return false
}

func resultType(call *ssa.Call) types.Type {
	if tup, ok := call.Type().(*types.Tuple); ok {
		if tup.Len() == 0 {
			return nil
		}
		return tup.At(0).Type()
	}
	return call.Type()
}

// boundCall: a call given a bound value (as receiver or argument) that
// returns a type of that value's library (tx.Query → *sql.Rows,
// tx.User.Get → *ent.User, activate(ctx, tx, id) → *ent.User), or a New
// constructor given a bound value (db.New(tx) → *db.Queries).
func (b *binding) boundCall(call *ssa.CallCommon, result types.Type) bool {
	if result == nil {
		return false
	}
	if recv := receiver(call); recv != nil && b.bound(recv) && samePkg(result, recv.Type()) {
		return true
	}
	if slices.ContainsFunc(call.Args, func(a ssa.Value) bool { return b.bound(a) && samePkg(result, a.Type()) }) {
		return true
	}
	fn := call.StaticCallee()
	if fn == nil || !strings.HasPrefix(fn.Name(), "New") {
		return false
	}
	_, ptr := result.Underlying().(*types.Pointer)
	return ptr && slices.ContainsFunc(call.Args, b.bound)
}

func receiver(call *ssa.CallCommon) ssa.Value {
	if call.IsInvoke() {
		return call.Value
	}
	if call.Signature().Recv() != nil && len(call.Args) > 0 {
		return call.Args[0]
	}
	return nil
}

// boundAddr reports whether a variable holds a bound value: one of the
// values stored into it is bound. A free variable is traced to the
// variable it captures.
func (b *binding) boundAddr(addr ssa.Value) bool {
	switch a := addr.(type) {
	case *ssa.Alloc:
		for _, ref := range *a.Referrers() {
			if st, ok := ref.(*ssa.Store); ok && st.Addr == a && b.bound(st.Val) {
				return true
			}
		}
	case *ssa.FreeVar:
		g := a.Parent()
		i := slices.Index(g.FreeVars, a)
		if g.Parent() != nil {
			return b.boundAddr(bindingOf(g.Parent(), g, i))
		}
	}
	return false
}
