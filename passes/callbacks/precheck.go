package callbacks

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// mayKeep reports whether some function declared in the package uses a
// func-typed parameter other than by calling it: only then can inference
// find a registrar, and only then is SSA worth building. A parameter that
// is only called (f(), defer f(), go f() aside) cannot escape.
func mayKeep(pass *analysis.Pass) bool {
	for _, f := range pass.Files {
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Body != nil && passesOn(pass.TypesInfo, fd) {
				return true
			}
		}
	}
	return false
}

// passesOn reports whether fd uses one of its func-typed parameters as a
// value rather than a callee.
func passesOn(info *types.Info, fd *ast.FuncDecl) bool {
	params := make(map[types.Object]bool)
	for _, field := range fd.Type.Params.List {
		for _, name := range field.Names {
			if obj := info.Defs[name]; obj != nil && isFunc(obj.Type()) {
				params[obj] = true
			}
		}
	}
	if len(params) == 0 {
		return false
	}
	callees := make(map[*ast.Ident]bool)
	found := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
				callees[id] = true
			}
		case *ast.GoStmt:
			found = found || usesAny(info, n.Call.Fun, params) // go f(): escapes
		case *ast.Ident:
			found = found || params[info.Uses[n]] && !callees[n]
		}
		return !found
	})
	return found
}

func usesAny(info *types.Info, e ast.Expr, params map[types.Object]bool) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && params[info.Uses[id]]
}
