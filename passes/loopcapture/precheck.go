package loopcapture

import (
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
)

// mayCapture reports whether some file of the package has a function
// literal, inside a for or range statement, that uses a variable the
// statement may write (mayCaptureFile). If none has, nothing can be
// reported and the package's SSA need not be built: a table-driven test
// (for _, tt := range tests { t.Run(tt.name, func(t *testing.T) {...}) })
// costs nothing.
func mayCapture(info *types.Info, files []*ast.File) bool {
	for _, f := range files {
		if mayCaptureFile(info, f) {
			return true
		}
	}
	return false
}

// mayCaptureFile reports whether a function literal inside a loop of f
// uses a variable that the loop may write: assigns (=, op=), increments,
// takes the address of, calls a pointer method on, or — in a file older
// than go1.22, or of unknown version — declares in its header. Only such a literal can capture a variable that is shared by the
// loop's iterations and written in them. The answer errs towards yes.
func mayCaptureFile(info *types.Info, f *ast.File) bool {
	v := info.FileVersions[f]
	old := v == "" || version.Compare(v, "go1.22") < 0
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			found = found || literalUses(info, n, loopWrites(info, n, old))
		}
		return !found
	})
	return found
}

// loopWrites returns the variables that loop may write, and the variables
// its header declares if old.
func loopWrites(info *types.Info, loop ast.Node, old bool) map[types.Object]bool {
	w := make(map[types.Object]bool)
	add := func(e ast.Expr) {
		id := writtenVar(info, e)
		if id == nil {
			return
		}
		if obj := info.Uses[id]; obj != nil {
			w[obj] = true
		}
		if obj := info.Defs[id]; obj != nil && old {
			w[obj] = true
		}
	}
	switch l := loop.(type) {
	case *ast.RangeStmt:
		add(l.Key)
		add(l.Value)
	case *ast.ForStmt:
		if as, ok := l.Init.(*ast.AssignStmt); ok {
			for _, lhs := range as.Lhs {
				add(lhs)
			}
		}
	}
	ast.Inspect(loop, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				add(lhs)
			}
		case *ast.RangeStmt:
			add(n.Key)
			add(n.Value)
		case *ast.IncDecStmt:
			add(n.X)
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				add(n.X)
			}
		case *ast.SelectorExpr:
			if pointerMethodOnVar(info, n) {
				add(n.X) // x.M() is (&x).M()
			}
		}
		return true
	})
	return w
}

// pointerMethodOnVar reports whether sel selects a pointer method on an
// addressable value that is not itself a pointer.
func pointerMethodOnVar(info *types.Info, sel *ast.SelectorExpr) bool {
	s, ok := info.Selections[sel]
	if !ok || s.Kind() == types.FieldVal {
		return false
	}
	sig, ok := s.Obj().Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	_, ptrRecv := sig.Recv().Type().Underlying().(*types.Pointer)
	t := info.TypeOf(sel.X)
	if t == nil {
		return ptrRecv
	}
	_, ptrX := t.Underlying().(*types.Pointer)
	return ptrRecv && !ptrX
}

// writtenVar returns the identifier of the variable that writing e
// writes: x for x, (x), x.f and x[i] when x is a struct or an array (not
// through a pointer, a slice or a map).
func writtenVar(info *types.Info, e ast.Expr) *ast.Ident {
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

// literalUses reports whether a function literal inside loop uses one of
// the written variables.
func literalUses(info *types.Info, loop ast.Node, written map[types.Object]bool) bool {
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
