// Package syntax maps SSA positions back to the syntax they came from.
package syntax

import (
	"go/ast"
	"go/token"
	"sort"

	"golang.org/x/tools/go/ast/astutil"
)

// CallAt returns the call expression whose opening parenthesis is at
// lparen (the position go/ssa gives a call), or nil.
//
// It descends only into the nodes that contain lparen and allocates
// nothing, so that thousands of calls in one huge function cost no more
// than the walk down to each.
func CallAt(files []*ast.File, lparen token.Pos) *ast.CallExpr {
	var found *ast.CallExpr
	for _, f := range files {
		if f.FileStart > lparen || lparen > f.FileEnd {
			continue
		}
		// Declarations are in source order: go straight to the one that
		// holds lparen.
		i := sort.Search(len(f.Decls), func(i int) bool { return f.Decls[i].End() >= lparen })
		if i == len(f.Decls) {
			return nil
		}
		ast.Inspect(f.Decls[i], func(n ast.Node) bool {
			if found != nil || n == nil || lparen < n.Pos() || lparen > n.End() {
				return false
			}
			if c, ok := n.(*ast.CallExpr); ok && c.Lparen == lparen {
				found = c
			}
			return found == nil
		})
	}
	return found
}

// CallStart returns where the call whose parenthesis is at lparen starts
// (tx.OnCommit, not its "("), or lparen itself if the call is not found.
func CallStart(files []*ast.File, lparen token.Pos) token.Pos {
	if c := CallAt(files, lparen); c != nil {
		return c.Pos()
	}
	return lparen
}

// Path returns the nodes enclosing pos, innermost first.
func Path(files []*ast.File, pos token.Pos) []ast.Node {
	for _, f := range files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			path, _ := astutil.PathEnclosingInterval(f, pos, pos)
			return path
		}
	}
	return nil
}

// Parents maps each node under root to its parent: one walk, after which
// the path from any node up to root costs its depth.
func Parents(root ast.Node) map[ast.Node]ast.Node {
	parents := make(map[ast.Node]ast.Node)
	var stack []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		if len(stack) > 0 {
			parents[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		return true
	})
	return parents
}
