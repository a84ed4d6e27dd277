// Package ssautil holds the small SSA helpers every latebind analyzer
// needs: what a call calls, and how to name it in a message.
package ssautil

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Callee returns the function or method a call invokes: the static callee
// (generic instantiations mapped to their origin, as the catalog names
// them) or, for an interface call, the interface method. It returns nil
// for calls through func values.
func Callee(call *ssa.CallCommon) *types.Func {
	if call.IsInvoke() {
		return call.Method
	}
	callee := call.StaticCallee()
	if callee == nil {
		return nil
	}
	if callee.Origin() != nil {
		callee = callee.Origin()
	}
	fn, _ := callee.Object().(*types.Func)
	return fn
}

// RecvOffset is 1 for a static method call, whose Args start with the
// receiver, and 0 otherwise: the catalog counts arguments without it.
func RecvOffset(call *ssa.CallCommon) int {
	if !call.IsInvoke() && call.Signature().Recv() != nil {
		return 1
	}
	return 0
}

// ShortName names a function for messages: pkg.Func or pkg.Type.Method.
func ShortName(fn *types.Func) string {
	recv := fn.Signature().Recv()
	if recv == nil {
		return fn.Pkg().Name() + "." + fn.Name()
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if named, ok := types.Unalias(t).(*types.Named); ok && named.Obj().Pkg() != nil {
		return named.Obj().Pkg().Name() + "." + named.Obj().Name() + "." + fn.Name()
	}
	return fn.Name()
}
