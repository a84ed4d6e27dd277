package callbacks

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

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
	for fn, fd := range e.decls {
		if e.declMayKeep(fn, fd) {
			return true
		}
	}
	return false
}

// mayKeepParam reports whether fd, or a function literal in it, may keep
// one of its func-typed parameters.
func mayKeepParam(pass *analysis.Pass, k *catalog.Knowledge, fd *ast.FuncDecl) bool {
	fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
	return ok && newEscapeCheck(pass, k).declMayKeep(fn, fd)
}

// declMayKeep reports whether fn, declared by fd, or a function literal in
// it (inference covers both), may keep one of its func-typed parameters.
func (e *escapeCheck) declMayKeep(fn *types.Func, fd *ast.FuncDecl) bool {
	for i := range fn.Signature().Params().Len() {
		if e.paramMayEscape(fn, i) {
			return true
		}
	}
	found := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		lit, ok := n.(*ast.FuncLit)
		if !ok || found {
			return !found
		}
		for _, field := range lit.Type.Params.List {
			for _, name := range field.Names {
				if obj := e.pass.TypesInfo.Defs[name]; obj != nil && isFunc(obj.Type()) && e.varMayEscape(fd, obj) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// escapeCheck decides, on the syntax, whether a value may outlive the call
// of the function that computes it.
type escapeCheck struct {
	pass  *analysis.Pass
	k     *catalog.Knowledge
	decls map[*types.Func]*ast.FuncDecl // the package's functions with a body
	// memo holds the answers; while a variable's answer is being
	// computed it reads false (a cycle adds nothing to what the rest of
	// the cycle finds), and a false answer that read such a provisional
	// false is not kept, since the cycle's answer may still turn true.
	memo        map[types.Object]bool
	active      map[types.Object]bool
	provisional bool // some answer read a provisional false
	steps       int  // variables scanned; past maxSteps, say yes
}

// maxSteps bounds the scans of one package: past it the check gives up
// and says yes (SSA is then built, as without a pre-check).
const maxSteps = 20000

func newEscapeCheck(pass *analysis.Pass, k *catalog.Knowledge) *escapeCheck {
	e := &escapeCheck{pass: pass, k: k, decls: make(map[*types.Func]*ast.FuncDecl),
		memo: make(map[types.Object]bool), active: make(map[types.Object]bool)}
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
// its func-typed parameter i.
func (e *escapeCheck) paramMayEscape(fn *types.Func, i int) bool {
	fd := e.decls[fn]
	v := fn.Signature().Params().At(i)
	if fd == nil || !isFunc(v.Type()) {
		return false
	}
	return e.varMayEscape(fd, v)
}

// varMayEscape reports whether the value of v, a parameter or local
// variable of fd, may escape: some use of it, or a function literal that
// uses it, is in a place where the value may outlive the call.
func (e *escapeCheck) varMayEscape(fd *ast.FuncDecl, v types.Object) bool {
	if done, ok := e.memo[v]; ok {
		return done
	}
	if e.active[v] {
		e.provisional = true
		return false
	}
	if e.steps++; e.steps > maxSteps {
		return true
	}
	e.active[v] = true
	outer := e.provisional
	e.provisional = false
	found := e.usesMayEscape(fd, v)
	delete(e.active, v)
	if found || !e.provisional || len(e.active) == 0 {
		e.memo[v] = found
	}
	e.provisional = outer || e.provisional && !found
	return found
}

// usesMayEscape scans fd for the uses of v.
func (e *escapeCheck) usesMayEscape(fd *ast.FuncDecl, v types.Object) bool {
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
			found = e.mayEscape(fd, stack) || e.literalMayEscape(fd, stack)
		}
		return !found
	})
	return found
}

// literalMayEscape reports whether a function literal enclosing the last
// node of stack may escape: it carries the value with it.
func (e *escapeCheck) literalMayEscape(fd *ast.FuncDecl, stack []ast.Node) bool {
	for i := len(stack) - 2; i >= 0; i-- {
		if _, ok := stack[i].(*ast.FuncLit); ok && e.mayEscape(fd, stack[:i+1]) {
			return true
		}
	}
	return false
}

// mayEscape reports whether the expression at the top of stack (the
// innermost node last) may escape, judging by where it is used: through
// composite literals, conversions, appends and element reads to the
// variable, call or statement that takes it.
func (e *escapeCheck) mayEscape(fd *ast.FuncDecl, stack []ast.Node) bool {
	x := stack[len(stack)-1]
	for i := len(stack) - 2; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ParenExpr, *ast.CompositeLit, *ast.KeyValueExpr:
			x = p // part of a bigger value
			continue
		case *ast.UnaryExpr:
			if p.Op != token.AND {
				return true
			}
			x = p // &T{f: f}
			continue
		case *ast.IndexExpr:
			if p.X != x {
				return true
			}
			x = p // an element of a local slice, array or map
			continue
		case *ast.SelectorExpr: // a field, or a method of a named func type: h.ServeHTTP
			if i > 0 && isCallee(stack[i-1], p) {
				return false
			}
			x = p // a field value, or a method value that carries its receiver
			continue
		case *ast.CallExpr:
			if p.Fun == x {
				return i > 0 && isGo(stack[i-1]) // go f() keeps f; f() does not
			}
			if i > 0 && isGo(stack[i-1]) {
				return true // go g(f)
			}
			if e.passesThrough(p) {
				x = p // a conversion or an append: follow the result
				continue
			}
			return e.callMayKeep(p, x)
		case *ast.AssignStmt:
			return e.assignMayEscape(fd, p, x)
		case *ast.ValueSpec:
			return e.specMayEscape(fd, p, x)
		case *ast.RangeStmt:
			return e.rangeMayEscape(fd, p, x)
		case *ast.BinaryExpr, *ast.ReturnStmt, *ast.ExprStmt:
			return false // f == nil; return f (the caller decides); a dropped value
		}
		return true // sent, stored through a pointer, ...
	}
	return true
}

// rangeMayEscape reports whether ranging over x may let it escape: range
// f calls f; the elements of a slice or map go to the value variable.
func (e *escapeCheck) rangeMayEscape(fd *ast.FuncDecl, r *ast.RangeStmt, x ast.Node) bool {
	t := e.pass.TypesInfo.TypeOf(r.X)
	switch {
	case r.X != x || t == nil:
		return true
	case isFunc(t), r.Value == nil:
		return false
	}
	return e.targetMayEscape(fd, r.Value, true)
}

// passesThrough reports whether call returns its argument in another
// form: a conversion, or append.
func (e *escapeCheck) passesThrough(call *ast.CallExpr) bool {
	info := e.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return true
	}
	b, ok := typeutil.Callee(info, call).(*types.Builtin)
	return ok && b.Name() == "append"
}

// assignMayEscape reports whether assigning x (on the right) may let it
// escape: it does unless the target is (a part of) a local variable of fd
// whose value does not escape, or blank.
func (e *escapeCheck) assignMayEscape(fd *ast.FuncDecl, as *ast.AssignStmt, x ast.Node) bool {
	i := slices.IndexFunc(as.Rhs, func(r ast.Expr) bool { return r == x })
	switch {
	case i < 0:
		return false // x is assigned to, not assigned
	case len(as.Lhs) != len(as.Rhs):
		return true
	}
	return e.targetMayEscape(fd, as.Lhs[i], e.isPointer(x))
}

// isPointer reports whether x is an address (&T{...}, a pointer value).
func (e *escapeCheck) isPointer(x ast.Node) bool {
	ex, ok := x.(ast.Expr)
	if !ok {
		return true
	}
	t := e.pass.TypesInfo.TypeOf(ex)
	return t == nil || isPointerType(t)
}

// specMayEscape is assignMayEscape for var x = f.
func (e *escapeCheck) specMayEscape(fd *ast.FuncDecl, spec *ast.ValueSpec, x ast.Node) bool {
	i := slices.IndexFunc(spec.Values, func(v ast.Expr) bool { return v == x })
	if i < 0 || len(spec.Names) != len(spec.Values) {
		return true
	}
	return e.targetMayEscape(fd, spec.Names[i], e.isPointer(x))
}

// targetMayEscape reports whether a value stored in lhs may escape: lhs is
// not (a field or array element of) a local variable of fd, or that
// variable's value may escape. An address (ptr) stored anywhere but in a
// plain local variable that SSA keeps in a register (not captured by a
// closure, its address not taken) counts as escaping, as inference
// counts it.
func (e *escapeCheck) targetMayEscape(fd *ast.FuncDecl, lhs ast.Expr, ptr bool) bool {
	info := e.pass.TypesInfo
	if id, ok := ast.Unparen(lhs).(*ast.Ident); ptr && (!ok || id.Name != "_" && e.inMemory(fd, id)) {
		return true
	}
	for {
		switch l := lhs.(type) {
		case *ast.ParenExpr:
			lhs = l.X
			continue
		case *ast.SelectorExpr, *ast.IndexExpr:
			inner := selectorOrIndexBase(l)
			t := info.TypeOf(inner)
			if t == nil {
				return true
			}
			switch t.Underlying().(type) {
			case *types.Struct, *types.Array:
				lhs = inner
				continue
			}
			return true // through a pointer, a slice or a map: shared storage
		case *ast.Ident:
			if l.Name == "_" {
				return false
			}
			obj := info.Defs[l]
			if obj == nil {
				obj = info.Uses[l]
			}
			if obj == nil || !isLocal(fd, obj) {
				return true
			}
			return e.varMayEscape(fd, obj)
		}
		return true
	}
}

// inMemory reports whether the variable named by id is captured by a
// function literal of fd or has its address taken: SSA then keeps it in
// memory rather than in a register.
func (e *escapeCheck) inMemory(fd *ast.FuncDecl, id *ast.Ident) bool {
	info := e.pass.TypesInfo
	obj := info.Defs[id]
	if obj == nil {
		obj = info.Uses[id]
	}
	if obj == nil || !isLocal(fd, obj) {
		return true
	}
	found := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			ast.Inspect(n.Body, func(m ast.Node) bool {
				if use, ok := m.(*ast.Ident); ok && info.Uses[use] == obj {
					found = true
				}
				return !found
			})
			return false
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.Uses[id] == obj {
				found = true
			}
		case *ast.SelectorExpr: // x.M() with a pointer receiver is (&x).M()
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && info.Uses[id] == obj {
				if sel, ok := info.Selections[n]; ok && sel.Kind() == types.MethodVal && !isPointerType(obj.Type()) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

func isPointerType(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

func selectorOrIndexBase(e ast.Expr) ast.Expr {
	if sel, ok := e.(*ast.SelectorExpr); ok {
		return sel.X
	}
	return e.(*ast.IndexExpr).X
}

// isLocal reports whether obj is a variable declared in fd's body.
func isLocal(fd *ast.FuncDecl, obj types.Object) bool {
	_, ok := obj.(*types.Var)
	return ok && fd.Body.Pos() <= obj.Pos() && obj.Pos() < fd.Body.End()
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
	switch callee := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		return false // len, panic, ... (append and conversions pass through)
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
