package txcapture

import (
	"cmp"
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/internal/analysisdoc"
	"github.com/latebind/latebind/internal/config"
	"github.com/latebind/latebind/internal/crash"
	"github.com/latebind/latebind/internal/directive"
	"github.com/latebind/latebind/internal/syntax"
	"github.com/latebind/latebind/passes/txscope"
)

//go:embed doc.go
var doc string

// Analyzer is the txcapture check with the default configuration.
var Analyzer = New(&config.Config{}, txscope.Analyzer)

// New returns a txcapture analyzer on the regions of scope, a txscope
// analyzer built from the same configuration.
func New(cfg *config.Config, scope *analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: "txcapture",
		Doc:  analysisdoc.Extract(doc, "txcapture"),
		URL:  "https://github.com/latebind/latebind/blob/main/docs/checks/txcapture.md",
		Run: func(pass *analysis.Pass) (any, error) {
			if cfg.FactsOnly {
				return nil, nil // a dependency analyzed for facts: findings are discarded
			}
			rep := directive.NewReporter(pass, "txcapture", cfg.NolintByDriver)
			return run(pass, rep, pass.ResultOf[scope].(*txscope.Result))
		},
		Requires: []*analysis.Analyzer{scope},
	}
}

func run(pass *analysis.Pass, rep *directive.Reporter, scope *txscope.Result) (any, error) {
	lates := scope.Lates()
	funcs := slices.SortedFunc(maps.Keys(lates), func(a, b *ssa.Function) int { return cmp.Compare(a.Pos(), b.Pos()) })
	crash.Each(pass, funcs, func(fn *ssa.Function) { checkLate(pass, rep, scope, fn, lates[fn]) })
	rep.Finish()
	return nil, nil
}

// checkLate reports the uses of bound values in a late function: its
// captured variables bound to the transaction and, in an ent hook, the
// hook's own tx parameter after next.Commit.
func checkLate(pass *analysis.Pass, rep *directive.Reporter, scope *txscope.Result, fn *ssa.Function, late *txscope.Late) {
	lit, ok := fn.Syntax().(*ast.FuncLit)
	if !ok {
		return
	}
	bound := boundVars(pass, scope, fn, late)
	if len(bound) == 0 {
		return
	}
	parents := syntax.Parents(lit.Body)
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || id.Pos() < late.From {
			return true
		}
		v, ok := pass.TypesInfo.Uses[id].(*types.Var)
		if !ok || !bound[v] || harmlessUse(pass, scope, parents, id) {
			return true
		}
		rep.Report(analysis.Diagnostic{
			Pos:      id.Pos(),
			End:      id.End(),
			Category: "txcapture",
			Message:  message(pass, v, late),
			Related:  []analysis.RelatedInformation{{Pos: late.Region.Pos, Message: regionStart(late.Region)}},
		})
		return true
	})
}

func regionStart(reg *txscope.Region) string {
	if reg.Kind == txscope.Hook {
		return "the hook is given the transaction here"
	}
	return "the transaction begins here"
}

func message(pass *analysis.Pass, v *types.Var, late *txscope.Late) string {
	advice := "pass plain values (IDs) instead, or use the database handle"
	if isEntity(v.Type()) {
		advice = fmt.Sprintf("call %s.Unwrap() first, or use plain fields (%s.ID)", v.Name(), v.Name())
	}
	return fmt.Sprintf("%s is bound to %s, and %s: %s", v.Name(), late.Region.Desc, late.Desc, advice)
}

// boundVars returns the variables a late function may not use: its
// captures that hold a value bound to the transaction, and in a hook split
// at next.Commit, the hook's transaction parameter.
func boundVars(pass *analysis.Pass, scope *txscope.Result, fn *ssa.Function, late *txscope.Late) map[*types.Var]bool {
	out := make(map[*types.Var]bool)
	if late.From.IsValid() && late.Region.TxVar != nil {
		out[late.Region.TxVar] = true
	}
	parent := fn.Parent()
	if parent == nil {
		return out
	}
	tracker := newBinding(scope, late.Region)
	for i, fv := range fn.FreeVars {
		b := bindingOf(parent, fn, i)
		if b == nil || !tracker.boundAddr(b) && !tracker.bound(b) {
			continue
		}
		if v := varAt(pass, fv.Pos(), fv.Name()); v != nil {
			out[v] = true
		}
	}
	return out
}

// bindingOf returns the value bound to fn's free variable i where parent
// creates the closure.
func bindingOf(parent, fn *ssa.Function, i int) ssa.Value {
	for _, b := range parent.Blocks {
		for _, in := range b.Instrs {
			if mc, ok := in.(*ssa.MakeClosure); ok && mc.Fn == fn && i < len(mc.Bindings) {
				return mc.Bindings[i]
			}
		}
	}
	return nil
}

// varAt finds the variable declared at pos.
func varAt(pass *analysis.Pass, pos token.Pos, name string) *types.Var {
	for id, obj := range pass.TypesInfo.Defs {
		if id.Pos() == pos && id.Name == name {
			v, _ := obj.(*types.Var)
			return v
		}
	}
	return nil
}

// harmlessUse reports whether the reference only reads plain data from
// the bound value — a field (u.ID, all[0].ID), a length (len(all)) —,
// leaves the transaction (u.Unwrap()), or ends it (tx.Rollback(): the
// test-code form t.Cleanup(func() { tx.Rollback() }) of a deferred
// rollback; ending a transaction that has already ended is a no-op).
func harmlessUse(pass *analysis.Pass, scope *txscope.Result, parents map[ast.Node]ast.Node, id *ast.Ident) bool {
	var e ast.Expr = id
	for {
		switch p := parents[e].(type) {
		case *ast.IndexExpr:
			if p.X == e {
				e = p
				continue
			}
		case *ast.ParenExpr:
			e = p
			continue
		case *ast.CallExpr:
			return isBuiltin(pass, p.Fun, "len", "cap")
		case *ast.SelectorExpr:
			if p.Sel.Name == "Unwrap" || endsTx(pass, scope, parents, p) {
				return true
			}
			s, ok := pass.TypesInfo.Selections[p]
			return ok && s.Kind() == types.FieldVal && !related(s.Obj().Type(), p.X, pass)
		}
		return false
	}
}

// endsTx reports whether sel is a call of a method that commits or rolls
// back the transaction it is called on.
func endsTx(pass *analysis.Pass, scope *txscope.Result, parents map[ast.Node]ast.Node, sel *ast.SelectorExpr) bool {
	call, ok := parents[sel].(*ast.CallExpr)
	if !ok || call.Fun != sel {
		return false
	}
	s, ok := pass.TypesInfo.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return false
	}
	fn, ok := s.Obj().(*types.Func)
	return ok && scope.Ends(fn)
}

func isBuiltin(pass *analysis.Pass, fun ast.Expr, names ...string) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := pass.TypesInfo.Uses[id].(*types.Builtin)
	return ok && slices.Contains(names, b.Name())
}

// related reports whether a field's type belongs to the same package as
// the value it is read from (tx.User: a client of the same transaction).
func related(t types.Type, x ast.Expr, pass *analysis.Pass) bool {
	return samePkg(t, pass.TypesInfo.TypeOf(x))
}

// isEntity reports whether t is a pointer to a struct with an Unwrap
// method: an ent entity.
func isEntity(t types.Type) bool {
	mset := types.NewMethodSet(t)
	for i := range mset.Len() {
		if mset.At(i).Obj().Name() == "Unwrap" {
			return true
		}
	}
	return false
}

// pkgOf returns the package of a named type, through pointers.
func pkgOf(t types.Type) *types.Package {
	for {
		switch x := types.Unalias(t).(type) {
		case *types.Pointer:
			t = x.Elem()
		case *types.Slice:
			t = x.Elem()
		case *types.Array:
			t = x.Elem()
		case *types.Map:
			t = x.Elem()
		case *types.Named:
			return x.Obj().Pkg()
		default:
			return nil
		}
	}
}

func samePkg(a, b types.Type) bool {
	pa, pb := pkgOf(a), pkgOf(b)
	return pa != nil && pa == pb
}
