package catalog_test

import (
	"bytes"
	"flag"
	"fmt"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/latebind/latebind/internal/catalog"
)

var update = flag.Bool("update", false, "rewrite docs/catalog.md from the catalog")

// corpus is the module that requires the real libraries. The root module
// must not: the test loads them through go/packages in that module.
const corpus = "../../testdata/tx"

// entPkg is ent's generated code for the story, the reference for EntShape.
const entPkg = "example.com/story/ent"

// universe indexes what the loaded packages declare.
type universe struct {
	funcs   map[string]*types.Func // by FullName
	types   map[string]*types.TypeName
	imports map[string]bool // direct imports of testdata/tx/libs
	pkgs    map[string]*types.Package
}

var (
	loadOnce sync.Once
	loaded   *universe
	loadErr  error
)

// load type-checks testdata/tx/libs and every package the catalog names,
// from export data: about 1 s with a warm build cache (against 15 s when
// loading the whole dependency graph with NeedDeps); a cold cache first
// compiles the libraries, about 2 minutes on two cores.
func load(t *testing.T) *universe {
	t.Helper()
	loadOnce.Do(func() { loaded, loadErr = loadUniverse() })
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return loaded
}

func loadUniverse() (*universe, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedImports | packages.NeedTypes,
		Dir:  corpus,
		Env:  append(os.Environ(), "GOFLAGS=-mod=readonly", "GOWORK=off"),
	}
	libs, err := loadPackages(cfg, "./libs")
	if err != nil {
		return nil, err
	}
	u := &universe{
		funcs: make(map[string]*types.Func), types: make(map[string]*types.TypeName),
		imports: make(map[string]bool), pkgs: make(map[string]*types.Package),
	}
	patterns := []string{entPkg}
	for path := range libs[0].Imports {
		u.imports[path] = true
		if slices.Contains(catalogPackages(), path) {
			patterns = append(patterns, path)
		}
	}
	cfg.Mode = packages.NeedName | packages.NeedTypes
	pkgs, err := loadPackages(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	for _, p := range pkgs {
		u.pkgs[p.PkgPath] = p.Types
		u.index(p.Types)
	}
	return u, nil
}

func loadPackages(cfg *packages.Config, patterns ...string) ([]*packages.Package, error) {
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		return nil, fmt.Errorf("%d errors loading %s from %s", n, patterns, corpus)
	}
	return pkgs, nil
}

// index records the package's functions, methods (declared, promoted ones
// are not: go/types names them by their declaring type) and types.
func (u *universe) index(pkg *types.Package) {
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		switch obj := scope.Lookup(name).(type) {
		case *types.Func:
			u.funcs[obj.FullName()] = obj
		case *types.TypeName:
			u.types[types.TypeString(obj.Type(), nil)] = obj
			u.types[types.TypeString(types.NewPointer(obj.Type()), nil)] = obj
			u.indexMethods(obj)
		}
	}
}

func (u *universe) indexMethods(tn *types.TypeName) {
	named, ok := tn.Type().(*types.Named)
	if !ok {
		return
	}
	for i := range named.NumMethods() {
		u.funcs[named.Method(i).FullName()] = named.Method(i)
	}
	if iface, ok := named.Underlying().(*types.Interface); ok {
		for i := range iface.NumExplicitMethods() {
			u.funcs[iface.ExplicitMethod(i).FullName()] = iface.ExplicitMethod(i)
		}
	}
}

// pkgPath returns the package path of a qualified name as go/types prints
// it: "(*p/q.T[X]).M", "(p/q.T).M", "p/q.F", "*p/q.T".
func pkgPath(name string) string {
	name = strings.TrimLeft(name, "(*")
	if i := strings.Index(name, ")"); i >= 0 {
		name = name[:i]
	}
	if i := strings.Index(name, "["); i >= 0 {
		name = name[:i]
	}
	slash := strings.LastIndex(name, "/")
	dot := strings.LastIndex(name, ".")
	if dot < slash {
		return ""
	}
	return name[:dot]
}

// catalogNames returns every function name of the tables, with the table
// it is in.
func catalogNames() map[string]string {
	names := make(map[string]string)
	add := func(table string, keys []string) {
		for _, k := range keys {
			names[k] = table
		}
	}
	add("Registrars", keys(catalog.Registrars))
	add("Synchronous", keys(catalog.Synchronous))
	add("Transactions", keys(catalog.Transactions))
	add("Enqueuers", keys(catalog.Enqueuers))
	return names
}

func catalogPackages() []string {
	var paths []string
	for name := range catalogNames() {
		paths = append(paths, pkgPath(name))
	}
	for name := range catalog.TxTypes {
		paths = append(paths, pkgPath(name))
	}
	slices.Sort(paths)
	return slices.Compact(paths)
}

func keys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// lookup returns the function named name, or an error that says why the
// name does not resolve.
func (u *universe) lookup(name string) (*types.Func, error) {
	path := pkgPath(name)
	if !u.imports[path] {
		return nil, fmt.Errorf("package %q is not imported by %s/libs", path, corpus)
	}
	if fn, ok := u.funcs[name]; ok {
		return fn, nil
	}
	return nil, fmt.Errorf("no function or method has FullName %q in %s", name, path)
}

func TestNamesResolve(t *testing.T) {
	u := load(t)
	for name, table := range catalogNames() {
		_, err := u.lookup(name)
		if err != nil {
			t.Errorf("%s: %v", table, err)
		}
	}
	for name := range catalog.TxTypes {
		if !u.imports[pkgPath(name)] {
			t.Errorf("TxTypes: package of %s is not imported by libs", name)
		} else if _, ok := u.types[name]; !ok {
			t.Errorf("TxTypes: no type prints as %q", name)
		}
	}
}

func TestRegistrarArgs(t *testing.T) {
	u := load(t)
	for name, r := range catalog.Registrars {
		if fn, err := u.lookup(name); err == nil && r.Arg >= fn.Signature().Params().Len() {
			t.Errorf("Registrars: %s has no argument %d", name, r.Arg)
		}
	}
}

func TestTransactionRoles(t *testing.T) {
	u := load(t)
	for name, api := range catalog.Transactions {
		if api.Library == "" {
			t.Errorf("Transactions: %s has no Library", name)
		}
		fn, err := u.lookup(name)
		if err != nil {
			continue // reported by TestNamesResolve
		}
		if msg := checkRole(fn.Signature(), api); msg != "" {
			t.Errorf("Transactions: %s: %s", name, msg)
		}
	}
}

// checkRole returns what is wrong with a role for a signature, or "".
func checkRole(sig *types.Signature, api catalog.TxAPI) string {
	switch api.Role {
	case catalog.Begin:
		if sig.Results().Len() == 0 {
			return "Begin returns nothing"
		}
	case catalog.End:
		if sig.Recv() == nil && sig.Params().Len() == 0 {
			return "End has neither receiver nor argument"
		}
	case catalog.RunInTx:
		if api.Arg >= sig.Params().Len() {
			return fmt.Sprintf("RunInTx has no argument %d", api.Arg)
		}
		if _, ok := sig.Params().At(api.Arg).Type().Underlying().(*types.Signature); !ok {
			return fmt.Sprintf("RunInTx argument %d is not a func", api.Arg)
		}
	default:
		return fmt.Sprintf("unknown role %d", api.Role)
	}
	return ""
}

func TestEnqueuers(t *testing.T) {
	u := load(t)
	for name, e := range catalog.Enqueuers {
		if e.Library == "" {
			t.Errorf("Enqueuers: %s has no Library", name)
		}
		fn, err := u.lookup(name)
		if err != nil {
			continue // reported by TestNamesResolve
		}
		if e.ChanSend && !returnsChan(fn.Signature()) {
			t.Errorf("Enqueuers: %s is ChanSend but returns no channel", name)
		}
		if e.TxVariant != "" {
			checkVariant(t, u, name, fn, e.TxVariant)
		}
	}
}

func returnsChan(sig *types.Signature) bool {
	if sig.Results().Len() != 1 {
		return false
	}
	_, ok := sig.Results().At(0).Type().Underlying().(*types.Chan)
	return ok
}

// checkVariant checks that the transactional variant is a method of the
// same receiver that takes one more argument (the transaction, second),
// and is not itself listed as an enqueuer.
func checkVariant(t *testing.T, u *universe, name string, fn *types.Func, variant string) {
	t.Helper()
	vname := strings.TrimSuffix(name, fn.Name()) + variant
	v, ok := u.funcs[vname]
	if !ok {
		t.Errorf("Enqueuers: %s: TxVariant %s does not exist", name, vname)
		return
	}
	if _, listed := catalog.Enqueuers[vname]; listed {
		t.Errorf("Enqueuers: the transactional variant %s must not be listed", vname)
	}
	if got, want := v.Signature().Params().Len(), fn.Signature().Params().Len()+1; got != want {
		t.Errorf("Enqueuers: %s takes %d arguments, want %d (the transaction second)", vname, got, want)
	}
}

// docEntry is one Doc field to check, with the object it documents.
type docEntry struct {
	table, name, doc string
}

func allDocs() []docEntry {
	var ds []docEntry
	for n, r := range catalog.Registrars {
		ds = append(ds, docEntry{"Registrars", n, r.Doc})
	}
	for n, d := range catalog.Synchronous {
		ds = append(ds, docEntry{"Synchronous", n, d})
	}
	for n, a := range catalog.Transactions {
		ds = append(ds, docEntry{"Transactions", n, a.Doc})
	}
	for n, x := range catalog.TxTypes {
		ds = append(ds, docEntry{"TxTypes", n, x.Doc})
	}
	for n, e := range catalog.Enqueuers {
		ds = append(ds, docEntry{"Enqueuers", n, e.Doc})
	}
	return ds
}

// TestDocs checks that every entry links pkg.go.dev for its own package,
// at an anchor that ends with the function's or type's name.
func TestDocs(t *testing.T) {
	for _, d := range allDocs() {
		prefix := "https://pkg.go.dev/" + pkgPath(d.name) + "#"
		anchor, ok := strings.CutPrefix(d.doc, prefix)
		if !ok {
			t.Errorf("%s: %s: Doc %q does not start with %s", d.table, d.name, d.doc, prefix)
			continue
		}
		if want := lastName(d.name); anchor != want && !strings.HasSuffix(anchor, "."+want) {
			t.Errorf("%s: %s: Doc anchor %q does not name %s", d.table, d.name, anchor, want)
		}
	}
	if !strings.HasPrefix(catalog.EntShape.Doc, "https://entgo.io/") {
		t.Errorf("EntShape: Doc %q is not on entgo.io", catalog.EntShape.Doc)
	}
}

// lastName returns the function, method or type name a qualified name ends
// with.
func lastName(name string) string {
	name = strings.TrimLeft(name, "*")
	return name[strings.LastIndex(name, ".")+1:]
}

// TestEntShape checks EntShape against the code ent generated for
// examples/story.
func TestEntShape(t *testing.T) {
	u := load(t)
	pkg := u.pkgs[entPkg]
	if pkg == nil {
		t.Fatalf("%s not loaded", entPkg)
	}
	s := catalog.EntShape
	tx := lookupType(t, pkg, s.Tx)
	txPtr := types.NewPointer(tx)
	for _, m := range s.End {
		checkMethod(t, txPtr, m, "func() error")
	}
	committer := "interface{Commit(context.Context, *" + entPkg + "." + s.Tx + ") error}"
	if got := types.TypeString(lookupType(t, pkg, s.Committer).Underlying(), nil); got != committer {
		t.Errorf("%s is %s, want %s", s.Committer, got, committer)
	}
	hookType := lookupType(t, pkg, s.HookType)
	want := fmt.Sprintf("func(%[1]s.%[2]s) %[1]s.%[2]s", entPkg, s.Committer)
	if got := types.TypeString(hookType.Underlying(), nil); got != want {
		t.Errorf("%s is %s, want %s", s.HookType, got, want)
	}
	if fn := checkMethod(t, txPtr, s.Hook, ""); fn != nil {
		params := fn.Signature().Params()
		if params.Len() != 1 || !types.Identical(params.At(0).Type(), hookType) {
			t.Errorf("%s.%s does not take a %s", s.Tx, s.Hook, s.HookType)
		}
	}
	client := types.NewPointer(lookupType(t, pkg, s.Client))
	for _, m := range s.Begin {
		fn := checkMethod(t, client, m, "")
		if fn != nil && (fn.Signature().Results().Len() != 2 || !types.Identical(fn.Signature().Results().At(0).Type(), txPtr)) {
			t.Errorf("%s.%s does not return (*%s, error)", s.Client, m, s.Tx)
		}
	}
}

func lookupType(t *testing.T, pkg *types.Package, name string) types.Type {
	t.Helper()
	tn, ok := pkg.Scope().Lookup(name).(*types.TypeName)
	if !ok {
		t.Fatalf("%s has no type %s", pkg.Path(), name)
	}
	return tn.Type()
}

// checkMethod checks that recv has the method, with signature sig unless
// sig is "", and returns it.
func checkMethod(t *testing.T, recv types.Type, name, sig string) *types.Func {
	t.Helper()
	obj, _, _ := types.LookupFieldOrMethod(recv, true, nil, name)
	fn, ok := obj.(*types.Func)
	if !ok {
		t.Errorf("%s has no method %s", recv, name)
		return nil
	}
	if got := types.TypeString(fn.Signature(), nil); sig != "" && got != sig {
		t.Errorf("%s.%s is %s, want %s", recv, name, got, sig)
	}
	return fn
}

const docFile = "../../docs/catalog.md"

func TestCatalogDoc(t *testing.T) {
	got, err := render()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(docFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(docFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date: run go test ./internal/catalog -update", filepath.Clean(docFile))
	}
}

// intro opens docs/catalog.md.
const intro = `# The knowledge catalog

<!-- Generated by internal/catalog/catalog_test.go from internal/catalog.
Do not edit: run go test ./internal/catalog -update. -->

What latebind knows about real libraries is data, in the Go package
` + "`internal/catalog`" + `. This page is generated from it. Functions are named
the way go/types prints them (` + "`(*types.Func).FullName`" + `): a method
by the type that declares it (a promoted method by its embedded type, an
interface method by the interface that declares it), and a method of a
generic type by its origin, with the type parameter's name
(` + "`(*github.com/riverqueue/river.Client[TTx]).Insert`" + `). A test loads
every library through the module in ` + "`testdata/tx`" + ` and fails when a
name does not resolve, so the tables hold only APIs that exist at the
versions listed at the end; standard library entries are checked against
the Go toolchain that runs the test.

- **Registrars** keep a callback and call it after the call returns: a
  closure passed there runs later (` + "`loopcapture`" + `, ` + "`txcapture`" + `).
- **Synchronous callers** call their callback before they return: a
  closure passed there is not deferred.
- **Hook method names** are taken to keep their func arguments when the
  callee's body cannot be seen (an interface method).
- **Transactions** begin, end, or run a callback inside a database
  transaction; together they delimit the regions ` + "`txenqueue`" + ` and
  ` + "`txcapture`" + ` reason about. ent's transaction is generated into your
  package and is recognised by its shape.
- **Transaction types** are bound to one transaction.
- **Enqueuers** hand work to another system: a job queue, a broker, a
  workflow engine, or (opt-in) an HTTP server. Where the library has a
  transactional variant, ` + "`txenqueue`" + ` suggests it.

Registrars and enqueuers are also inferred from your code, across
packages. You extend the catalog through configuration, naming functions
in the same spelling (for example ` + "`-loopcapture.registrars`" + `).
`

func render() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(intro)
	table(&b, "Registrars", []string{"function", "kept argument", "callback", "doc"},
		rowsOf(catalog.Registrars, func(r catalog.Registrar) []string {
			return []string{fmt.Sprint(r.Arg), r.Kind, link(r.Doc)}
		}))
	table(&b, "Synchronous callers", []string{"function", "doc"},
		rowsOf(catalog.Synchronous, func(doc string) []string { return []string{link(doc)} }))
	table(&b, "Hook method names", []string{"method", "callback"},
		rowsOf(catalog.HookMethods, func(kind string) []string { return []string{kind} }))
	table(&b, "Transactions", []string{"function", "role", "callback argument", "library", "doc"},
		rowsOf(catalog.Transactions, func(a catalog.TxAPI) []string {
			return []string{roleName(a.Role), callbackArg(a), a.Library, link(a.Doc)}
		}))
	b.WriteString(entSection())
	table(&b, "Transaction types", []string{"type", "library", "doc"},
		rowsOf(catalog.TxTypes, func(x catalog.TxType) []string { return []string{x.Library, link(x.Doc)} }))
	table(&b, "Enqueuers", []string{"function", "library", "transactional variant", "note", "doc"},
		rowsOf(catalog.Enqueuers, func(e catalog.Enqueue) []string {
			return []string{e.Library, code(e.TxVariant), enqueueNote(e), link(e.Doc)}
		}))
	mods, err := verifiedModules()
	if err != nil {
		return nil, err
	}
	table(&b, "Verified against", []string{"module", "version", "note"}, mods)
	return b.Bytes(), nil
}

// rowsOf returns one row per entry, sorted by name: the name in code
// font, then cells(entry).
func rowsOf[V any](m map[string]V, cells func(V) []string) [][]string {
	var rows [][]string
	for _, k := range keys(m) {
		rows = append(rows, append([]string{code(k)}, cells(m[k])...))
	}
	return rows
}

func table(b *bytes.Buffer, title string, header []string, rows [][]string) {
	fmt.Fprintf(b, "\n## %s\n\n", title)
	fmt.Fprintf(b, "| %s |\n", strings.Join(header, " | "))
	fmt.Fprintf(b, "|%s\n", strings.Repeat(" --- |", len(header)))
	for _, r := range rows {
		fmt.Fprintf(b, "| %s |\n", strings.Join(r, " | "))
	}
}

func code(s string) string {
	if s == "" {
		return ""
	}
	return "`" + s + "`"
}

func link(doc string) string { return "[doc](" + doc + ")" }

func roleName(r catalog.TxRole) string {
	return map[catalog.TxRole]string{catalog.Begin: "begin", catalog.End: "commit or rollback", catalog.RunInTx: "runs the callback in a transaction"}[r]
}

func callbackArg(a catalog.TxAPI) string {
	if a.Role != catalog.RunInTx {
		return ""
	}
	return fmt.Sprint(a.Arg)
}

func enqueueNote(e catalog.Enqueue) string {
	switch {
	case e.HTTP:
		return "HTTP (opt-in)"
	case e.ChanSend:
		return "the send on the returned channel hands the work over"
	}
	return ""
}

func entSection() string {
	s := catalog.EntShape
	return fmt.Sprintf(`
## Generated transactions (%[1]s)

%[1]s generates its transaction into your package, so it has no fixed
name. A named type `+"`%[2]s`"+` is taken for %[1]s's transaction when `+"`*%[2]s`"+` has
%[3]s (each `+"`func() error`"+`) and `+"`%[4]s(%[5]s)`"+`, where `+"`%[5]s`"+` is
`+"`func(%[6]s) %[6]s`"+` and `+"`%[6]s`"+` has `+"`Commit(context.Context, *%[2]s) error`"+`.
`+"`*%[7]s`"+`'s %[8]s begin it. In a hook, code before `+"`next.Commit(ctx, tx)`"+`
runs inside the transaction and code after it after commit. Checked against
the code %[1]s generated for examples/story ([doc](%[9]s)).
`, s.Library, s.Tx, codeList(s.End), s.Hook, s.HookType, s.Committer, s.Client, codeList(s.Begin), s.Doc)
}

func codeList(names []string) string {
	cs := make([]string, len(names))
	for i, n := range names {
		cs[i] = code(n)
	}
	return strings.Join(cs, " and ")
}

// verifiedModules returns the modules of testdata/tx/go.mod that hold a
// catalog package (or ent), with their versions; stubs are marked.
func verifiedModules() ([][]string, error) {
	data, err := os.ReadFile(filepath.Join(corpus, "go.mod"))
	if err != nil {
		return nil, err
	}
	stubs := make(map[string]bool)
	var rows [][]string
	for line := range strings.Lines(string(data)) {
		f := strings.Fields(line)
		if len(f) == 3 && f[1] == "=>" && strings.HasPrefix(f[2], "./stubs/") {
			stubs[f[0]] = true
		}
		if len(f) == 2 && strings.HasPrefix(f[1], "v") && holdsCatalogPackage(f[0]) {
			rows = append(rows, []string{code(f[0]), f[1], ""})
		}
	}
	for _, r := range rows {
		switch mod := strings.Trim(r[0], "`"); {
		case stubs[mod]:
			r[1] = "stub"
			r[2] = "the real import path and signatures; the Go module proxy refuses this module"
		case mod == "entgo.io/ent":
			r[2] = "by shape, checked against examples/story"
		}
	}
	return rows, nil
}

func holdsCatalogPackage(mod string) bool {
	if mod == "entgo.io/ent" {
		return true
	}
	for _, p := range catalogPackages() {
		if p == mod || strings.HasPrefix(p, mod+"/") {
			return true
		}
	}
	return false
}
