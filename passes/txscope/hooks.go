package txscope

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/internal/catalog"
)

// entHook splits an ent commit or rollback hook body — a
// func(ctx context.Context, tx *ent.Tx) error that calls
// next.Commit(ctx, tx) — into the part before the call, still inside the
// transaction, and the part after it, which runs once it has ended. It
// reports whether fn is such a hook.
func (s *scope) entHook(fn *ssa.Function) bool {
	if len(fn.Params) != 2 || !isEntTx(fn.Params[1].Type()) {
		return false
	}
	tx := fn.Params[1]
	split := nextCall(fn, tx)
	if split == nil {
		return false
	}
	verb := split.Common().Method.Name()
	line := s.pass.Fset.Position(split.Pos()).Line
	what := map[string]string{"Commit": "commits", "Rollback": "rolls back"}[verb]
	reg := &Region{Kind: Hook, Pos: fn.Pos(), Tx: tx, TxVar: paramVar(tx),
		Desc: "the transaction this hook " + what}
	flood(fn.Blocks[0], 0, func(in ssa.Instruction) bool { return in == split }, func(in ssa.Instruction) {
		s.inside[in] = reg
	})
	s.late[fn] = &Late{Region: reg, From: callEnd(fn, split),
		Desc: fmt.Sprintf("this hook uses it after next.%s at line %d has ended it", verb, line)}
	return true
}

// callEnd returns the end of the call expression of call, or its position
// if the syntax is not at hand.
func callEnd(fn *ssa.Function, call *ssa.Call) token.Pos {
	end := call.Pos()
	if syntax := fn.Syntax(); syntax != nil {
		ast.Inspect(syntax, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok && c.Lparen == call.Pos() {
				end = c.End()
			}
			return true
		})
	}
	return end
}

// nextCall finds the call next.Commit(ctx, tx) or next.Rollback(ctx, tx)
// on an interface (ent's Committer, Rollbacker) with tx as its second
// argument.
func nextCall(fn *ssa.Function, tx *ssa.Parameter) *ssa.Call {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok || !call.Common().IsInvoke() {
				continue
			}
			name := call.Common().Method.Name()
			args := call.Common().Args
			if (name == "Commit" || name == "Rollback") && len(args) == 2 && args[1] == tx {
				return call
			}
		}
	}
	return nil
}

// txParam returns the parameter of a transaction callback that holds the
// transaction: the first of a transaction type or *gorm.DB.
func txParam(k *catalog.Knowledge, fn *ssa.Function) *ssa.Parameter {
	for _, p := range fn.Params {
		if isTxType(k, p.Type()) || types.TypeString(p.Type(), nil) == "*gorm.io/gorm.DB" {
			return p
		}
	}
	return nil
}
