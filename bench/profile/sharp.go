package main

import (
	"go/ast"
	"go/token"
	"go/types"
	"go/version"

	"golang.org/x/tools/go/analysis"
)

// sharpLoopLit is a sharper, still syntactic, version of loopcapture's
// pre-check, to estimate what it would save: some function literal inside
// a loop uses a variable that the loop writes (assigns, increments, takes
// the address of, calls a pointer method on, ranges into with =), or a
// variable the loop itself declares in a file older than go1.22. Only such
// a literal can capture a variable shared across iterations and written in
// them. It is an estimate for the report, not a check.
func sharpLoopLit(pass *analysis.Pass) bool {
	for _, f := range pass.Files {
		v := pass.TypesInfo.FileVersions[f]
		old := v == "" || version.Compare(v, "go1.22") < 0
		found := false
		ast.Inspect(f, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n.(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				found = capturesWritten(pass.TypesInfo, n, writtenIn(pass.TypesInfo, n, old))
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// writtenIn returns the variables that loop writes, and its own variables
// if old.
func writtenIn(info *types.Info, loop ast.Node, old bool) map[types.Object]bool {
	w := make(map[types.Object]bool)
	add := func(e ast.Expr) {
		if id := base(info, e); id != nil {
			if obj := info.Uses[id]; obj != nil {
				w[obj] = true
			}
			if obj := info.Defs[id]; obj != nil && old {
				w[obj] = true
			}
		}
	}
	switch l := loop.(type) {
	case *ast.RangeStmt:
		if l.Tok == token.ASSIGN || old {
			add(l.Key)
			add(l.Value)
		}
	case *ast.ForStmt:
		if as, ok := l.Init.(*ast.AssignStmt); ok && old {
			for _, lhs := range as.Lhs {
				add(lhs)
			}
		}
	}
	ast.Inspect(loop, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				for _, lhs := range n.Lhs {
					add(lhs)
				}
			}
		case *ast.IncDecStmt:
			add(n.X)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				add(n.X)
			}
		case *ast.SelectorExpr:
			if sel, ok := info.Selections[n]; ok && sel.Kind() == types.MethodVal {
				if sig, ok := sel.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
					_, ptrRecv := sig.Recv().Type().Underlying().(*types.Pointer)
					_, ptrX := info.TypeOf(n.X).Underlying().(*types.Pointer)
					if ptrRecv && !ptrX { // x.M() is (&x).M()
						add(n.X)
					}
				}
			}
		}
		return true
	})
	return w
}

// base returns the variable that writing e writes: x for x, (x), x.f and
// x[i] when x is a struct or an array (not through a pointer, slice or
// map).
func base(info *types.Info, e ast.Expr) *ast.Ident {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x
		case *ast.ParenExpr:
			e = x.X
			continue
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		default:
			return nil
		}
		t := info.TypeOf(e)
		if t == nil {
			return nil
		}
		switch t.Underlying().(type) {
		case *types.Struct, *types.Array:
		default:
			return nil
		}
	}
}

// capturesWritten reports whether a function literal inside loop uses one
// of the written variables.
func capturesWritten(info *types.Info, loop ast.Node, written map[types.Object]bool) bool {
	if len(written) == 0 {
		return false
	}
	found := false
	ast.Inspect(loop, func(n ast.Node) bool {
		lit, ok := n.(*ast.FuncLit)
		if !ok || found {
			return !found
		}
		ast.Inspect(lit.Body, func(m ast.Node) bool {
			if id, ok := m.(*ast.Ident); ok && written[info.Uses[id]] {
				found = true
			}
			return !found
		})
		return false
	})
	return found
}
