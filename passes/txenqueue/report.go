package txenqueue

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/internal/catalog"
	"github.com/latebind/latebind/internal/directive"
	"github.com/latebind/latebind/internal/ssautil"
	"github.com/latebind/latebind/internal/syntax"
	"github.com/latebind/latebind/passes/txscope"
)

// reporter reports the enqueue calls made inside transaction regions.
type reporter struct {
	pass  *analysis.Pass
	rep   *directive.Reporter
	scope *txscope.Result
	enq   *enqueuers
}

func (r *reporter) function(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			reg := r.scope.Inside(in)
			if reg == nil || reg.Commit == txscope.NeverCommits {
				continue // no commit for the work to race: a scratch or read-only transaction
			}
			switch in := in.(type) {
			case *ssa.Call:
				r.call(in, reg)
			case *ssa.Send:
				r.send(in, reg)
			}
		}
	}
}

// send reports a send on a channel that hands work to a library.
func (r *reporter) send(send *ssa.Send, reg *txscope.Region) {
	fn, api, ok := chanSend(r.scope.Knowledge(), send)
	if !ok {
		return
	}
	e := &Enqueues{Library: api.Library}
	r.rep.Report(analysis.Diagnostic{
		Pos:      send.Pos(),
		Category: "txenqueue",
		Message:  message("a send on "+ssautil.ShortName(fn)+"()", e, reg, advice(r.scope.Knowledge(), nil, e)),
		Related:  []analysis.RelatedInformation{{Pos: reg.Pos, Message: "the transaction is open from here"}},
	})
}

func (r *reporter) call(call *ssa.Call, reg *txscope.Region) {
	name, e := r.enq.viaCall(call.Common())
	if e == nil {
		return
	}
	d := analysis.Diagnostic{
		Pos:      call.Pos(),
		Category: "txenqueue",
		Message:  message(name, e, reg, advice(r.scope.Knowledge(), call.Common(), e)),
		Related:  []analysis.RelatedInformation{{Pos: reg.Pos, Message: "the transaction is open from here"}},
	}
	if fix := r.riverFix(call, reg); fix != nil {
		d.SuggestedFixes = fix
	}
	if expr := syntax.CallAt(r.pass.Files, call.Pos()); expr != nil {
		d.Pos, d.End = expr.Pos(), expr.End()
	}
	r.rep.Report(d)
}

func message(name string, e *Enqueues, reg *txscope.Region, advice string) string {
	what := "hands work to " + e.Library
	if e.Via != "" {
		what = "enqueues via " + e.Via
	}
	return fmt.Sprintf("%s %s while %s is still open; the work can run before the commit, or after a rollback: %s",
		name, what, reg.Desc, advice)
}

// advice says how to fix the call: the transactional variant if the
// library has one, else move the call.
func advice(k *catalog.Knowledge, call *ssa.CallCommon, e *Enqueues) string {
	if call == nil {
		return "send after Commit, or from an on-commit hook"
	}
	if _, api, ok := direct(k, call, e.HTTP); ok && api.TxVariant != "" {
		return fmt.Sprintf("use %s with the transaction, so the job commits with the data", api.TxVariant)
	}
	return "enqueue after Commit, from an on-commit hook, or through an outbox table written in the transaction"
}

// riverFix rewrites Insert(ctx, args, opts) to InsertTx(ctx, tx, args,
// opts) when a transaction of the client's TTx type is in scope.
func (r *reporter) riverFix(call *ssa.Call, reg *txscope.Region) []analysis.SuggestedFix {
	_, api, ok := direct(r.scope.Knowledge(), call.Common(), false)
	if !ok || api.TxVariant == "" || len(call.Common().Args) < 3 {
		return nil
	}
	if reg.Kind == txscope.Begun && reg.Commit != txscope.Commits {
		return nil // if nothing here commits it, the job would be rolled back with it
	}
	expr := syntax.CallAt(r.pass.Files, call.Pos())
	if expr == nil || len(expr.Args) < 2 {
		return nil
	}
	sel, ok := expr.Fun.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	tx := r.txVar(reg, expr.Pos())
	if tx == nil || !types.Identical(tx.Type(), clientTTx(call.Common().Args[0].Type())) {
		return nil
	}
	return []analysis.SuggestedFix{{
		Message: fmt.Sprintf("Insert through the transaction: %s(ctx, %s, ...)", api.TxVariant, tx.Name()),
		TextEdits: []analysis.TextEdit{
			{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte(api.TxVariant)},
			{Pos: expr.Args[1].Pos(), End: expr.Args[1].Pos(), NewText: []byte(tx.Name() + ", ")},
		},
	}}
}

// clientTTx returns the type argument of a *river.Client[TTx] receiver.
func clientTTx(recv types.Type) types.Type {
	if p, ok := recv.(*types.Pointer); ok {
		recv = p.Elem()
	}
	named, ok := types.Unalias(recv).(*types.Named)
	if !ok || named.TypeArgs().Len() != 1 {
		return nil
	}
	return named.TypeArgs().At(0)
}

// txVar returns the variable that holds the region's transaction, if it is
// visible at pos under its own name.
func (r *reporter) txVar(reg *txscope.Region, pos token.Pos) *types.Var {
	v := reg.TxVar
	if v == nil && reg.Kind == txscope.Begun {
		v = r.assignedAt(reg.Pos)
	}
	if v == nil {
		return nil
	}
	scope := r.pass.Pkg.Scope().Innermost(pos)
	if scope == nil {
		return nil
	}
	if _, obj := scope.LookupParent(v.Name(), pos); obj != v {
		return nil
	}
	return v
}

// assignedAt returns the variable that the first result of the call at
// pos is assigned to (tx, err := pool.Begin(ctx)).
func (r *reporter) assignedAt(pos token.Pos) *types.Var {
	for _, n := range syntax.Path(r.pass.Files, pos) {
		as, ok := n.(*ast.AssignStmt)
		if !ok {
			continue
		}
		id, ok := as.Lhs[0].(*ast.Ident)
		if !ok {
			return nil
		}
		if v, ok := r.pass.TypesInfo.ObjectOf(id).(*types.Var); ok {
			return v
		}
		return nil
	}
	return nil
}
