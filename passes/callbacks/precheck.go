package callbacks

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/latebind/latebind/internal/catalog"
)

// mayKeep reports whether some function declared in the package may keep
// one of its func-typed parameters: only then can inference find a
// registrar, and only then is SSA worth building. It answers on the syntax
// what inference answers on SSA, erring towards yes: a parameter that is
// only called (f(), defer f(), range f), compared (f == nil), returned,
// or handed to a function that does not keep it (sort.Slice(xs, less), a
// function of this package that only calls it) cannot escape; one that
// is stored, sent, started with go, or handed to a registrar or an
// unknown callee may.
func mayKeep(pass *analysis.Pass, k *catalog.Knowledge) bool {
	e := newEscapeCheck(pass, k)
	for fn := range e.decls {
		for i := range fn.Signature().Params().Len() {
			if e.paramMayEscape(fn, i) {
				return true
			}
		}
	}
	return false
}

// mayKeepParam reports whether fd may keep one of its func-typed
// parameters.
func mayKeepParam(pass *analysis.Pass, k *catalog.Knowledge, fd *ast.FuncDecl) bool {
	e := newEscapeCheck(pass, k)
	fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
	if !ok {
		return false
	}
	for i := range fn.Signature().Params().Len() {
		if e.paramMayEscape(fn, i) {
			return true
		}
	}
	return false
}

// escapeCheck decides, on the syntax, whether a value may outlive the call
// of the function that computes it.
type escapeCheck struct {
	pass  *analysis.Pass
	k     *catalog.Knowledge
	decls map[*types.Func]*ast.FuncDecl // the package's functions with a body
	memo  map[param]bool                // false while in progress: a cycle keeps nothing
}

// param is a function's parameter, receiver not counted.
type param struct {
	fn *types.Func
	i  int
}

func newEscapeCheck(pass *analysis.Pass, k *catalog.Knowledge) *escapeCheck {
	e := &escapeCheck{pass: pass, k: k, decls: make(map[*types.Func]*ast.FuncDecl), memo: make(map[param]bool)}
	for _, f := range pass.Files {
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					e.decls[fn] = fd
				}
			}
		}
	}
	return e
}

// paramMayEscape reports whether fn, a function of the package, may keep
// its func-typed parameter i: some use of it, or a function literal that
// uses it, is in a place where the value may escape.
func (e *escapeCheck) paramMayEscape(fn *types.Func, i int) bool {
	key := param{fn, i}
	if done, ok := e.memo[key]; ok {
		return done
	}
	e.memo[key] = false
	fd := e.decls[fn]
	v := fn.Signature().Params().At(i)
	if fd == nil || !isFunc(v.Type()) {
		return false
	}
	var stack []ast.Node
	found := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch {
		case found:
			return false
		case n == nil:
			stack = stack[:len(stack)-1]
			return false
		}
		stack = append(stack, n)
		if id, ok := n.(*ast.Ident); ok && e.pass.TypesInfo.Uses[id] == v {
			found = e.mayEscape(stack) || e.literalMayEscape(stack)
		}
		return !found
	})
	e.memo[key] = found
	return found
}

// literalMayEscape reports whether a function literal enclosing the last
// node of stack may escape: it carries the parameter with it.
func (e *escapeCheck) literalMayEscape(stack []ast.Node) bool {
	for i := len(stack) - 2; i >= 0; i-- {
		if _, ok := stack[i].(*ast.FuncLit); ok && e.mayEscape(stack[:i+1]) {
			return true
		}
	}
	return false
}

// mayEscape reports whether the expression at the top of stack (the
// innermost node last) may escape, judging by where it is used.
func (e *escapeCheck) mayEscape(stack []ast.Node) bool {
	x := stack[len(stack)-1]
	for i := len(stack) - 2; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ParenExpr:
			x = p
			continue
		case *ast.SelectorExpr: // a method of a named func type: h.ServeHTTP
			if i > 0 && isCallee(stack[i-1], p) {
				return false
			}
			x = p // a method value carries its receiver
			continue
		case *ast.CallExpr:
			if p.Fun == x {
				return i > 0 && isGo(stack[i-1]) // go f() keeps f; f() does not
			}
			if i > 0 && isGo(stack[i-1]) {
				return true // go g(f)
			}
			return e.callMayKeep(p, x)
		case *ast.RangeStmt:
			return p.X != x // range f calls f
		case *ast.BinaryExpr, *ast.ReturnStmt:
			return false // f == nil; return f (the caller decides)
		}
		return true // stored, sent, converted, put in a literal, ...
	}
	return true
}

func isCallee(n ast.Node, fun ast.Expr) bool {
	call, ok := n.(*ast.CallExpr)
	return ok && call.Fun == fun
}

func isGo(n ast.Node) bool {
	_, ok := n.(*ast.GoStmt)
	return ok
}

// callMayKeep reports whether a call may keep its argument arg: as
// lookup and the inferrer decide on SSA (append, a registrar of the
// catalog or the configuration, a function with a Keeps fact, a
// hook-named method, a function of this package that may keep the
// parameter), plus conversions and callees the syntax cannot name.
func (e *escapeCheck) callMayKeep(call *ast.CallExpr, arg ast.Node) bool {
	info := e.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return true // a conversion: follow it no further
	}
	switch callee := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		return callee.Name() == "append"
	case *types.Func:
		return e.funcMayKeep(call, callee.Origin(), arg)
	case *types.Var:
		// A local variable may hold a known function, which SSA resolves.
		return !callee.IsField() && callee.Pkg() != nil && callee.Parent() != callee.Pkg().Scope()
	}
	return true
}

func (e *escapeCheck) funcMayKeep(call *ast.CallExpr, fn *types.Func, arg ast.Node) bool {
	if fn.Pkg() == nil {
		return true
	}
	name := fn.FullName()
	if e.k.Synchronous(name) {
		return false
	}
	if _, ok := e.k.Registrar(name); ok {
		return true
	}
	if _, ok := e.decls[fn]; ok && fn.Pkg() == e.pass.Pkg {
		i, ok := paramIndex(e.pass.TypesInfo, call, fn, arg)
		return !ok || e.paramMayEscape(fn, i)
	}
	if fn.Pkg() == e.pass.Pkg && !isInterfaceMethod(fn) {
		return false // no body (assembly, linkname): inference finds nothing either
	}
	if e.pass.ImportObjectFact(fn, new(Keeps)) {
		return true
	}
	_, hook := catalog.HookMethods[fn.Name()]
	return hook && fn.Signature().Recv() != nil
}

// paramIndex returns the parameter of fn (receiver not counted) that the
// argument arg of call is passed to; false if it cannot tell (a method
// expression, a spread variadic call).
func paramIndex(info *types.Info, call *ast.CallExpr, fn *types.Func, arg ast.Node) (int, bool) {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := info.Selections[sel]; ok && s.Kind() == types.MethodExpr {
			return 0, false
		}
	}
	for j, a := range call.Args {
		if a != arg {
			continue
		}
		n := fn.Signature().Params().Len()
		if fn.Signature().Variadic() && j >= n-1 {
			return n - 1, !call.Ellipsis.IsValid()
		}
		return j, j < n
	}
	return 0, false
}

func isInterfaceMethod(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	return recv != nil && types.IsInterface(recv.Type())
}
