package loopcapture

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/internal/ssautil"
)

// report emits one diagnostic per reference to a captured variable inside
// each late closure, in source order.
func (r *run) report() {
	copies := r.planCopies()
	for _, fn := range r.order {
		s := r.sites[fn]
		lit := literal(fn)
		for _, c := range r.found[fn] {
			fix := copies.fix(r.pass.TypesInfo, lit, c.obj)
			for _, id := range references(r.pass.TypesInfo, lit, c.obj, s.after) {
				r.rep.Report(r.diagnostic(id, c, s, fix))
			}
		}
	}
}

func literal(fn *ssa.Function) *ast.FuncLit {
	return fn.Syntax().(*ast.FuncLit)
}

// onlyAddressed reports whether every reference to v in lit takes its
// address: the closure then shares the variable deliberately.
func onlyAddressed(info *types.Info, lit *ast.FuncLit, v *types.Var) bool {
	all, addressed := 0, 0
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.Uses[id] == v {
				addressed++
			}
		case *ast.Ident:
			if info.Uses[n] == v {
				all++
			}
		}
		return true
	})
	return all > 0 && all == addressed
}

// references returns the identifiers in lit (nested literals included)
// that refer to v and come after the position after.
func references(info *types.Info, lit *ast.FuncLit, v *types.Var, after token.Pos) []*ast.Ident {
	var ids []*ast.Ident
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Pos() > after && info.Uses[id] == v {
			ids = append(ids, id)
		}
		return true
	})
	return ids
}

func (r *run) diagnostic(id *ast.Ident, c capture, s site, fix []analysis.SuggestedFix) analysis.Diagnostic {
	line := r.pass.Fset.Position(c.write.pos).Line
	msg := fmt.Sprintf("%s is shared by all iterations and %s at line %d; %s reads it %s",
		c.obj.Name(), c.write.verb, line, s.kind, s.when)
	if r.isLoopVar(c.obj) {
		msg = fmt.Sprintf("%s is a loop variable shared by all iterations (this file uses %s semantics); %s reads it %s",
			c.obj.Name(), r.fileVersion(id.Pos()), s.kind, s.when)
	}
	return analysis.Diagnostic{
		Pos:      id.Pos(),
		End:      id.End(),
		Category: "loopcapture",
		Message:  msg,
		Related: []analysis.RelatedInformation{
			{Pos: c.write.pos, Message: c.obj.Name() + " is written here in every iteration"},
			{Pos: s.pos(r.pass.Files), Message: "the closure is handed over here and runs later"},
		},
		SuggestedFixes: fix,
	}
}

// isLoopVar reports whether v is declared by a for or range clause.
func (r *run) isLoopVar(v *types.Var) bool {
	if r.loopScopes == nil {
		r.loopScopes = make(map[*types.Scope]bool)
		for node, scope := range r.pass.TypesInfo.Scopes {
			switch node.(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				r.loopScopes[scope] = true
			}
		}
	}
	return r.loopScopes[v.Parent()]
}

func (r *run) fileVersion(pos token.Pos) string {
	for _, f := range r.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			if v := r.pass.TypesInfo.FileVersions[f]; v != "" {
				return v
			}
		}
	}
	return "pre-go1.22"
}

// parallelSubtest reports whether the call is (*testing.T).Run with the
// closure as its body and the body calls t.Parallel at its top level; it
// returns the position of that call.
func parallelSubtest(call *ssa.CallCommon, body *ssa.Function) (token.Pos, bool) {
	fn := ssautil.Callee(call)
	if fn == nil || fn.FullName() != "(*testing.T).Run" {
		return token.NoPos, false
	}
	lit, ok := body.Syntax().(*ast.FuncLit)
	if !ok || len(lit.Type.Params.List) != 1 || len(lit.Type.Params.List[0].Names) != 1 {
		return token.NoPos, false
	}
	t := lit.Type.Params.List[0].Names[0].Name
	for _, stmt := range lit.Body.List {
		for {
			l, ok := stmt.(*ast.LabeledStmt)
			if !ok {
				break
			}
			stmt = l.Stmt
		}
		es, ok := stmt.(*ast.ExprStmt)
		if !ok {
			continue
		}
		if c, ok := es.X.(*ast.CallExpr); ok && isMethodCall(c, t, "Parallel") {
			return c.End(), true
		}
	}
	return token.NoPos, false
}

func isMethodCall(c *ast.CallExpr, recv, method string) bool {
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != method {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == recv
}

func (r *run) fileOf(pos token.Pos) *ast.File {
	for _, f := range r.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// indent returns the whitespace that starts the line of pos.
func (r *run) indent(pos token.Pos) string {
	tf := r.pass.Fset.File(pos)
	if tf == nil {
		return ""
	}
	src, ok := r.sources[tf.Name()]
	if !ok {
		src, _ = r.pass.ReadFile(tf.Name())
		if r.sources == nil {
			r.sources = make(map[string][]byte)
		}
		r.sources[tf.Name()] = src
	}
	start := tf.Offset(tf.LineStart(tf.Line(pos)))
	end := tf.Offset(pos)
	if end > len(src) || start > end {
		return ""
	}
	line := src[start:end]
	return string(line[:len(line)-len(bytes.TrimLeft(line, " \t"))])
}
