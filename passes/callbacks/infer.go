package callbacks

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/internal/catalog"
)

// inferrer decides, per function of the package under analysis, which
// func-typed parameters escape. Calls to other functions of the same
// package are resolved recursively (memoized; a cycle counts as "does not
// keep"), calls into other packages through their Keeps facts.
type inferrer struct {
	pass   *analysis.Pass
	k      *catalog.Knowledge
	memo   map[*ssa.Function][]int
	active map[*ssa.Function]bool
}

func newInferrer(pass *analysis.Pass, k *catalog.Knowledge) *inferrer {
	return &inferrer{
		pass:   pass,
		k:      k,
		memo:   make(map[*ssa.Function][]int),
		active: make(map[*ssa.Function]bool),
	}
}

// keptParams returns the indices (receiver not counted) of fn's func-typed
// parameters that escape.
func (inf *inferrer) keptParams(fn *ssa.Function) []int {
	if kept, ok := inf.memo[fn]; ok {
		return kept
	}
	if inf.active[fn] || fn.Blocks == nil {
		return nil
	}
	inf.active[fn] = true
	defer delete(inf.active, fn)
	var kept []int
	offset := 0
	if fn.Signature.Recv() != nil {
		offset = 1
	}
	for i, p := range fn.Params {
		if i < offset || !isFunc(p.Type()) {
			continue
		}
		if inf.escapes(p, make(map[ssa.Value]bool)) {
			kept = append(kept, i-offset)
		}
	}
	inf.memo[fn] = kept
	return kept
}

func isFunc(t types.Type) bool {
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

// escapes reports whether the value v can outlive the current call of the
// function that computes it.
func (inf *inferrer) escapes(v ssa.Value, seen map[ssa.Value]bool) bool {
	if seen[v] {
		return false
	}
	seen[v] = true
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, ref := range *refs {
		if inf.useEscapes(v, ref, seen) {
			return true
		}
	}
	return false
}

func (inf *inferrer) useEscapes(v ssa.Value, ref ssa.Instruction, seen map[ssa.Value]bool) bool {
	switch ref := ref.(type) {
	case *ssa.Store:
		return ref.Val == v && inf.addrEscapes(ref.Addr, seen)
	case *ssa.Send, *ssa.MapUpdate, *ssa.Go:
		return true
	case *ssa.Call:
		return inf.callKeeps(ref, v, seen)
	case *ssa.MakeClosure:
		return inf.escapes(ref, seen)
	case *ssa.MakeInterface, *ssa.ChangeType, *ssa.ChangeInterface, *ssa.Phi,
		*ssa.TypeAssert, *ssa.Slice, *ssa.Convert:
		return inf.escapes(ref.(ssa.Value), seen)
	}
	return false
}

// addrEscapes reports whether a value stored at addr can outlive the call:
// always, unless addr is (a part of) a local variable that itself does not
// escape.
func (inf *inferrer) addrEscapes(addr ssa.Value, seen map[ssa.Value]bool) bool {
	for {
		switch a := addr.(type) {
		case *ssa.FieldAddr:
			addr = a.X
			continue
		case *ssa.IndexAddr:
			if _, ok := a.X.Type().Underlying().(*types.Pointer); !ok {
				return true // element of a slice: shared storage
			}
			addr = a.X
			continue
		case *ssa.Alloc:
			return inf.localEscapes(a, seen)
		}
		return true
	}
}

// localEscapes follows a local variable: loads of it, closures that capture
// it, slices of it and further field or element addresses.
func (inf *inferrer) localEscapes(a *ssa.Alloc, seen map[ssa.Value]bool) bool {
	if seen[a] {
		return false
	}
	seen[a] = true
	for _, ref := range *a.Referrers() {
		switch ref := ref.(type) {
		case *ssa.UnOp, *ssa.MakeClosure, *ssa.Slice:
			if inf.escapes(ref.(ssa.Value), seen) {
				return true
			}
		case *ssa.FieldAddr, *ssa.IndexAddr:
			if inf.derivedEscapes(ref.(ssa.Value), seen) {
				return true
			}
		case *ssa.Store:
			if ref.Val == a {
				return true
			}
		case *ssa.Call:
			if inf.callKeeps(ref, a, seen) {
				return true
			}
		}
	}
	return false
}

// derivedEscapes follows loads through a field or element address of a
// local variable.
func (inf *inferrer) derivedEscapes(addr ssa.Value, seen map[ssa.Value]bool) bool {
	for _, ref := range *addr.Referrers() {
		if load, ok := ref.(*ssa.UnOp); ok && inf.escapes(load, seen) {
			return true
		}
	}
	return false
}

// callKeeps reports whether the call keeps v, passed as an argument: a call
// to append whose result escapes, a registrar, or a function of this
// package that keeps the corresponding parameter.
func (inf *inferrer) callKeeps(call *ssa.Call, v ssa.Value, seen map[ssa.Value]bool) bool {
	common := call.Common()
	if b, ok := common.Value.(*ssa.Builtin); ok {
		return b.Name() == "append" && inf.escapes(call, seen)
	}
	for i, arg := range common.Args {
		if arg != v {
			continue
		}
		idx := i
		if !common.IsInvoke() && common.Signature().Recv() != nil {
			idx--
		}
		if idx >= 0 && inf.calleeKeeps(common, idx) {
			return true
		}
	}
	return false
}

func (inf *inferrer) calleeKeeps(common *ssa.CallCommon, idx int) bool {
	if callee := common.StaticCallee(); callee != nil {
		if callee.Origin() != nil {
			callee = callee.Origin()
		}
		if callee.Pkg != nil && callee.Pkg.Pkg == inf.pass.Pkg {
			return slices.Contains(inf.keptParams(callee), idx)
		}
	}
	_, ok := lookup(inf.pass, inf.k, inf.memo, common, idx)
	return ok
}
