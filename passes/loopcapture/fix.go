package loopcapture

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/latebind/latebind/internal/syntax"
)

// The suggested fix declares a per-iteration copy (u := u) of a captured
// variable. The copy goes into the statement list that holds the statement
// creating the closure, right after the last statement of that list that
// writes the variable (or at the top of the list), so that every late
// closure of the list shares one copy and the fixes of several diagnostics
// are identical edits that merge cleanly. It is offered only when no
// statement from the closure's on (the closure included) writes the
// variable: then every read after the copy sees the same value as before.

// copyPlan maps an insertion point to the variables copied there.
type copyPlan struct {
	at     map[token.Pos][]*types.Var
	indent map[token.Pos]string
	where  map[copyKey]token.Pos // per closure and variable
}

type copyKey struct {
	lit *ast.FuncLit
	v   *types.Var
}

// planCopies decides where each reported variable would be copied.
func (r *run) planCopies() *copyPlan {
	p := &copyPlan{
		at:     make(map[token.Pos][]*types.Var),
		indent: make(map[token.Pos]string),
		where:  make(map[copyKey]token.Pos),
	}
	for _, fn := range r.order {
		lit := literal(fn)
		for _, c := range r.found[fn] {
			pos, ok := r.copyPoint(lit, c.obj)
			if !ok {
				continue
			}
			p.where[copyKey{lit, c.obj}] = pos
			if !slices.Contains(p.at[pos], c.obj) {
				p.at[pos] = append(p.at[pos], c.obj)
			}
			p.indent[pos] = r.indent(pos)
		}
	}
	return p
}

// copyPoint returns where a copy of v for the closure lit can go, if it is
// safe.
func (r *run) copyPoint(lit *ast.FuncLit, v *types.Var) (token.Pos, bool) {
	file := r.fileOf(lit.Pos())
	if file == nil {
		return token.NoPos, false
	}
	path := r.pathTo(file, lit)
	if r.hasGoto(path) {
		return token.NoPos, false // a goto could jump over the copy's declaration
	}
	list, k := enclosingStmt(path)
	if list == nil {
		return token.NoPos, false
	}
	info := r.pass.TypesInfo
	for _, s := range list[k:] {
		if writes(info, s, v) {
			return token.NoPos, false
		}
	}
	j := k
	for j > 0 && !writes(info, list[j-1], v) {
		j--
	}
	if _, labeled := list[j].(*ast.LabeledStmt); labeled {
		return token.NoPos, false // gofmt indents a label differently from the copy
	}
	return list[j].Pos(), true
}

// pathTo returns the nodes enclosing lit in file, lit first and the file
// last (as astutil.PathEnclosingInterval gives them), from the file's
// parent map: one walk per file, not one per finding.
func (r *run) pathTo(file *ast.File, lit *ast.FuncLit) []ast.Node {
	parents, ok := r.parents[file]
	if !ok {
		if r.parents == nil {
			r.parents = make(map[*ast.File]map[ast.Node]ast.Node)
		}
		parents = syntax.Parents(file)
		r.parents[file] = parents
	}
	var path []ast.Node
	for n := ast.Node(lit); n != nil; n = parents[n] {
		path = append(path, n)
	}
	return path
}

// hasGoto reports whether the function declaration enclosing path
// contains a goto (computed once per declaration).
func (r *run) hasGoto(path []ast.Node) bool {
	for _, n := range path {
		fd, ok := n.(*ast.FuncDecl)
		if !ok {
			continue
		}
		if found, ok := r.gotos[fd]; ok {
			return found
		}
		found := false
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if b, ok := n.(*ast.BranchStmt); ok && b.Tok == token.GOTO {
				found = true
			}
			return !found
		})
		if r.gotos == nil {
			r.gotos = make(map[*ast.FuncDecl]bool)
		}
		r.gotos[fd] = found
		return found
	}
	return false
}

// fix returns the suggested fix for references to v in lit, if any.
func (p *copyPlan) fix(info *types.Info, lit *ast.FuncLit, v *types.Var) []analysis.SuggestedFix {
	pos, ok := p.where[copyKey{lit, v}]
	if !ok {
		return nil
	}
	vars := p.at[pos]
	names := make([]string, 0, len(vars))
	for _, v := range vars {
		names = append(names, v.Name())
	}
	slices.Sort(names)
	var buf bytes.Buffer
	for _, n := range names {
		fmt.Fprintf(&buf, "%s := %s\n%s", n, n, p.indent[pos])
	}
	return []analysis.SuggestedFix{{
		Message:   "Declare a per-iteration copy: " + strings.Join(names, ", "),
		TextEdits: []analysis.TextEdit{{Pos: pos, End: pos, NewText: buf.Bytes()}},
	}}
}

// enclosingStmt returns the statement list that directly holds the
// innermost node of path, and the index in it of the statement holding
// that node.
func enclosingStmt(path []ast.Node) ([]ast.Stmt, int) {
	for i := 1; i < len(path); i++ {
		var list []ast.Stmt
		switch p := path[i].(type) {
		case *ast.BlockStmt:
			list = p.List
		case *ast.CaseClause:
			list = p.Body
		case *ast.CommClause:
			list = p.Body
		case *ast.FuncLit, *ast.FuncDecl:
			return nil, 0
		default:
			continue
		}
		stmt, ok := path[i-1].(ast.Stmt)
		if !ok {
			return nil, 0
		}
		if k := slices.Index(list, stmt); k >= 0 {
			return list, k
		}
		return nil, 0
	}
	return nil, 0
}

// writes reports whether n assigns v (or a part of it), increments it, or
// takes its address.
func writes(info *types.Info, n ast.Node, v *types.Var) bool {
	is := func(e ast.Expr) bool {
		return rootIdent(info, e) == v
	}
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			found = found || slices.ContainsFunc(n.Lhs, is)
		case *ast.IncDecStmt:
			found = found || is(n.X)
		case *ast.UnaryExpr:
			found = found || (n.Op == token.AND && is(n.X))
		case *ast.RangeStmt:
			found = found || (n.Tok == token.ASSIGN && (is(n.Key) || n.Value != nil && is(n.Value)))
		}
		return !found
	})
	return found
}

// rootIdent returns the variable at the root of x, x.f, x[i] (not through
// pointers, which a copy shares anyway), or nil.
func rootIdent(info *types.Info, e ast.Expr) types.Object {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			if obj := info.Uses[x]; obj != nil {
				return obj
			}
			return info.Defs[x]
		case *ast.SelectorExpr:
			if _, ptr := info.TypeOf(x.X).Underlying().(*types.Pointer); ptr {
				return nil
			}
			e = x.X
		case *ast.IndexExpr:
			if _, arr := info.TypeOf(x.X).Underlying().(*types.Array); !arr {
				return nil
			}
			e = x.X
		default:
			return nil
		}
	}
}
