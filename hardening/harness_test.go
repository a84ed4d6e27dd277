// Package hardening holds tests that attack latebind's analyzers from the
// outside: a fuzzer over arbitrary Go source, stress tests over generated
// packages far larger than real code, and odd or ill-typed packages
// loaded as a real driver loads them. It holds no analyzer code.
package hardening

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/txtar"

	"github.com/latebind/latebind/internal/config"
	"github.com/latebind/latebind/internal/suite"
)

// modPath is the module path of the packages the harness builds in memory.
const modPath = "example.com/fuzz"

// stdPaths are the standard packages in-memory inputs may import (with
// everything they import in turn). Their types come from export data,
// loaded once per process, as a vet-style driver sees them.
var stdPaths = []string{
	"context", "database/sql", "database/sql/driver", "errors", "fmt",
	"io", "iter", "log", "maps", "net/http", "os", "runtime", "slices",
	"sort", "strconv", "strings", "sync", "sync/atomic", "testing", "time",
	"unsafe",
}

// universe is the standard library as seen through export data, read
// lazily: go list runs once per process, and a package's export data is
// decoded the first time an input imports it. (Every fuzzing worker
// process loads the universe when it starts, and decoding all of stdPaths
// at once takes seconds.) It is not safe for concurrent use: the tests of
// this package do not run in parallel.
type universe struct {
	fset    *token.FileSet            // positions of imported objects; never parsed into
	exports map[string]string         // import path → export data file
	pkgs    map[string]*types.Package // gcexportdata's import map, shared by all inputs
	sizes   types.Sizes
}

var loadUniverse = sync.OnceValues(func() (*universe, error) {
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedExportFile | packages.NeedImports | packages.NeedDeps,
		Env:  append(os.Environ(), "GOFLAGS=", "CGO_ENABLED=0"),
	}
	roots, err := packages.Load(cfg, stdPaths...)
	if err != nil {
		return nil, err
	}
	u := &universe{fset: token.NewFileSet(), exports: map[string]string{},
		pkgs: map[string]*types.Package{}, sizes: types.SizesFor("gc", "amd64")}
	var errs []error
	packages.Visit(roots, nil, func(p *packages.Package) {
		u.exports[p.PkgPath] = p.ExportFile
		for _, e := range p.Errors {
			errs = append(errs, fmt.Errorf("%s: %v", p.PkgPath, e))
		}
	})
	return u, errors.Join(errs...)
})

// importStd returns the standard package path, decoding its export data
// on first use. Only buildMem calls it, before it snapshots u.fset.
func (u *universe) importStd(path string) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	if p := u.pkgs[path]; p != nil && p.Complete() {
		return p, nil
	}
	file, ok := u.exports[path]
	if !ok || file == "" {
		return nil, fmt.Errorf("%s is not in the universe", path)
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return gcexportdata.Read(r, u.fset, u.pkgs, path)
}

// files returns the files of u.fset, to share with an input's FileSet.
func (u *universe) files() []*token.File {
	var files []*token.File
	u.fset.Iterate(func(f *token.File) bool { files = append(files, f); return true })
	return files
}

// errIllTyped marks an input that does not parse or type-check.
var errIllTyped = errors.New("input does not type-check")

// source is one file of an input: name is slash-separated, relative to
// the module root; a directory other than "." is a package of its own,
// imported as modPath/dir.
type source struct{ name, text string }

// splitInput reads an input as a txtar archive (its comment is ignored);
// text without file markers is one file, fuzz.go.
func splitInput(data string) []source {
	ar := txtar.Parse([]byte(data))
	if len(ar.Files) == 0 {
		return []source{{"fuzz.go", data}}
	}
	var srcs []source
	for _, f := range ar.Files {
		srcs = append(srcs, source{f.Name, string(f.Data)})
	}
	return srcs
}

// memLoader type-checks the packages of one input against the universe,
// as go/packages would with LoadAllSyntax: every package of the module
// with syntax and full type information, std packages from export data.
type memLoader struct {
	u         *universe
	dir       string // the files are written here: analyzers read them
	goVersion string // the module's go directive, "go1.22"
	fset      *token.FileSet
	byDir     map[string][]source
	loaded    map[string]*packages.Package // by import path
	loading   map[string]bool
	stubs     map[string]*packages.Package
}

// buildMem writes srcs under dir and type-checks them. It returns the
// module's packages in a deterministic order, or errIllTyped.
func buildMem(u *universe, dir, goVersion string, srcs []source) ([]*packages.Package, error) {
	l := &memLoader{u: u, dir: dir, goVersion: goVersion, fset: token.NewFileSet(),
		byDir: map[string][]source{}, loaded: map[string]*packages.Package{},
		loading: map[string]bool{}, stubs: map[string]*packages.Package{}}
	for _, s := range srcs {
		u.preload(s.text)
	}
	l.fset.AddExistingFiles(u.files()...)
	for _, s := range srcs {
		name := path.Clean(s.name)
		if !strings.HasSuffix(name, ".go") || strings.HasPrefix(name, "../") || path.IsAbs(name) ||
			strings.ContainsAny(name, `\:`) || strings.Contains(name, "testdata") {
			return nil, errIllTyped
		}
		d := path.Dir(name)
		if slices.ContainsFunc(l.byDir[d], func(o source) bool { return o.name == name }) {
			return nil, errIllTyped
		}
		l.byDir[d] = append(l.byDir[d], source{name, s.text})
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(full, []byte(s.text), 0o644); err != nil {
			return nil, err
		}
	}
	var pkgs []*packages.Package
	for _, d := range slices.Sorted(maps.Keys(l.byDir)) {
		p, err := l.load(importPath(d))
		if err != nil {
			return nil, err
		}
		if p != nil {
			pkgs = append(pkgs, p)
		}
	}
	return pkgs, nil
}

// preload imports the standard packages src imports, so that their
// positions are in u.fset before an input's FileSet copies it.
func (u *universe) preload(src string) {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly)
	if err != nil {
		return
	}
	for _, imp := range f.Imports {
		if path, err := strconv.Unquote(imp.Path.Value); err == nil {
			u.importStd(path) // errors surface when the input is type-checked
		}
	}
}

func importPath(dir string) string {
	if dir == "." {
		return modPath
	}
	return modPath + "/" + dir
}

// load type-checks the package at import path p of the module. It returns
// nil, nil when build constraints exclude every file.
func (l *memLoader) load(p string) (*packages.Package, error) {
	if pkg, ok := l.loaded[p]; ok {
		return pkg, nil
	}
	if l.loading[p] {
		return nil, errIllTyped // import cycle
	}
	l.loading[p] = true
	d := "."
	if p != modPath {
		d = strings.TrimPrefix(p, modPath+"/")
	}
	pkg, err := l.check(p, l.byDir[d])
	if err != nil {
		return nil, err
	}
	l.loaded[p] = pkg
	return pkg, nil
}

// check parses and type-checks one package's files.
func (l *memLoader) check(pkgPath string, srcs []source) (*packages.Package, error) {
	pkg := &packages.Package{ID: pkgPath, PkgPath: pkgPath, Fset: l.fset,
		TypesSizes: l.u.sizes, Imports: map[string]*packages.Package{},
		Module: &packages.Module{Path: modPath, GoVersion: strings.TrimPrefix(l.goVersion, "go"), Main: true}}
	ctxt := build.Default
	ctxt.GOOS, ctxt.GOARCH, ctxt.CgoEnabled = "linux", "amd64", false
	for _, s := range srcs {
		full := filepath.Join(l.dir, filepath.FromSlash(s.name))
		if ok, err := ctxt.MatchFile(filepath.Dir(full), filepath.Base(full)); err != nil || !ok {
			pkg.IgnoredFiles = append(pkg.IgnoredFiles, full)
			continue
		}
		f, err := parser.ParseFile(l.fset, full, s.text, parser.AllErrors|parser.ParseComments)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errIllTyped, err)
		}
		if pkg.Name == "" {
			pkg.Name = f.Name.Name
		}
		if f.Name.Name != pkg.Name || f.Name.Name == "_" {
			return nil, errIllTyped
		}
		pkg.Syntax = append(pkg.Syntax, f)
		pkg.GoFiles = append(pkg.GoFiles, full)
		pkg.CompiledGoFiles = append(pkg.CompiledGoFiles, full)
	}
	if len(pkg.Syntax) == 0 {
		return nil, nil
	}
	pkg.TypesInfo = newInfo()
	var typeErr error
	tc := &types.Config{
		GoVersion: l.goVersion,
		Sizes:     l.u.sizes,
		Importer:  importerFunc(func(path string) (*types.Package, error) { return l.importPkg(pkg, path) }),
		Error:     func(err error) { typeErr = cmp.Or(typeErr, err) },
	}
	tpkg, err := tc.Check(pkgPath, l.fset, pkg.Syntax, pkg.TypesInfo)
	if err = cmp.Or(typeErr, err); err != nil {
		return nil, fmt.Errorf("%w: %v", errIllTyped, err)
	}
	pkg.Types = tpkg
	return pkg, nil
}

// importPkg resolves an import of pkg: the module's own packages, or a
// standard package standing in without syntax.
func (l *memLoader) importPkg(pkg *packages.Package, path string) (*types.Package, error) {
	var dep *packages.Package
	if path == modPath || strings.HasPrefix(path, modPath+"/") {
		p, err := l.load(path)
		if err != nil || p == nil {
			return nil, fmt.Errorf("cannot import %s", path)
		}
		dep = p
	} else {
		std := l.u.pkgs[path]
		if path == "unsafe" {
			std = types.Unsafe
		}
		if std == nil || !std.Complete() {
			return nil, fmt.Errorf("%s is not in the universe", path)
		}
		dep = l.stub(std)
	}
	pkg.Imports[path] = dep
	return dep.Types, nil
}

// stub is a standard package as an analysis sees a dependency it has no
// syntax for. Analyzers that use facts run on it too, with no files: the
// standard library contributes types but no facts to in-memory inputs.
func (l *memLoader) stub(std *types.Package) *packages.Package {
	if s, ok := l.stubs[std.Path()]; ok {
		return s
	}
	s := &packages.Package{ID: std.Path(), Name: std.Name(), PkgPath: std.Path(), Fset: l.fset,
		Types: std, TypesSizes: l.u.sizes, TypesInfo: newInfo()}
	l.stubs[std.Path()] = s
	return s
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func newInfo() *types.Info {
	return &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
}

// richConfig names functions and types of the fuzz module in every list
// of the configuration, so that inputs declaring them exercise the
// configured paths.
func richConfig() *config.Config {
	const p = modPath
	return &config.Config{
		Loopcapture: config.Loopcapture{
			Registrars: []string{p + ".Register", "(*" + p + ".Hooks).Add", "(" + p + ".Keeper).Keep",
				"(" + p + ".Scheduler).Schedule"}, // testdata/seeds/configured.go
			Synchronous: []string{p + ".Each", "(*" + p + ".Hooks).Run"},
		},
		Txenqueue: config.Txenqueue{
			HTTP:          true,
			Enqueuers:     []string{p + ".Push", "(*" + p + ".Queue).Push", "(*" + p + ".Queue).PushTx"},
			Transactional: []string{"(*" + p + ".Queue).PushTx"},
		},
		Transactions: config.Transactions{
			Types: []string{"*" + p + ".Tx"},
			Begin: []string{"(*" + p + ".DB).Begin"},
			End:   []string{"(*" + p + ".Tx).Commit", "(*" + p + ".Tx).Rollback"},
			Callbacks: []config.Callback{
				{Func: "(*" + p + ".DB).InTx", Arg: 0},
				{Func: p + ".WithTx", Arg: 1},
			},
		},
	}
}

// outcome is what one run of the analyzers produced.
type outcome struct {
	diags map[string][]analysis.Diagnostic // by analyzer, root packages only
	fset  *token.FileSet
}

func (o *outcome) count(analyzer string) int { return len(o.diags[analyzer]) }

func (o *outcome) total() int {
	n := 0
	for _, ds := range o.diags {
		n += len(ds)
	}
	return n
}

// runAnalyzers runs the analyzers of cfg on pkgs through x/tools' checker,
// as multichecker does. A panic anywhere in an analyzer (sequential mode
// keeps it on this goroutine) and an analysis error both come back as the
// error; so does the refusal to analyze an ill-typed package, unless
// skipIllTyped.
func runAnalyzers(cfg *config.Config, pkgs []*packages.Package, parallel, skipIllTyped bool) (out *outcome, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	opts := &checker.Options{Sequential: !parallel, SanityCheck: true}
	graph, err := checker.Analyze(suite.New(cfg), pkgs, opts)
	if err != nil {
		return nil, fmt.Errorf("checker.Analyze: %v", err)
	}
	out = &outcome{diags: map[string][]analysis.Diagnostic{}}
	var errs []error
	for act := range graph.All() {
		out.fset = act.Package.Fset
		if act.Err != nil {
			if skipIllTyped && act.Package.IllTyped && skipped(act.Err) {
				continue
			}
			errs = append(errs, fmt.Errorf("%s: %v", act, act.Err))
		}
		if act.IsRoot {
			out.diags[act.Analyzer.Name] = append(out.diags[act.Analyzer.Name], act.Diagnostics...)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return out, err
	}
	return out, checkDiagnostics(out, pkgs)
}

// skipped reports whether err is the checker's refusal to run an analyzer
// on an ill-typed package (directly, or because a prerequisite analyzer
// was refused), which is how every driver treats analyzers that do not
// set RunDespiteErrors.
func skipped(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "analysis skipped due to errors in package") ||
		strings.HasPrefix(msg, "failed prerequisites: ")
}

// checkDiagnostics asserts what every driver relies on: each diagnostic
// and each edit lies in a file of the package it was reported for, and
// the diagnostic has a message.
func checkDiagnostics(out *outcome, pkgs []*packages.Package) error {
	files := map[*token.File]bool{}
	for _, p := range pkgs {
		for _, f := range p.Syntax {
			files[p.Fset.File(f.FileStart)] = true
		}
	}
	for name, ds := range out.diags {
		for _, d := range ds {
			tf := out.fset.File(d.Pos)
			if !d.Pos.IsValid() || !files[tf] {
				return fmt.Errorf("%s: diagnostic %q at %v is outside the package's files", name, d.Message, d.Pos)
			}
			if d.End.IsValid() && (d.End < d.Pos || d.End > token.Pos(tf.Base()+tf.Size())) {
				return fmt.Errorf("%s: diagnostic %q has End %v outside [%v, end of file]", name, d.Message, d.End, d.Pos)
			}
			if strings.TrimSpace(d.Message) == "" {
				return fmt.Errorf("%s: empty message at %v", name, out.fset.Position(d.Pos))
			}
		}
	}
	return nil
}

// checkFixes holds latebind's fixes to their promise (DESIGN.md): the
// first fix of every diagnostic, applied together (identical edits once),
// must not conflict, must leave code that type-checks, gofmt-clean where
// the input was, and a second run of the analyzers must offer no fix.
// srcs were written under oldDir; the fixed files go under newDir.
func checkFixes(u *universe, cfg *config.Config, oldDir, newDir, goVersion string, srcs []source, out *outcome) error {
	edits, err := collectEdits(oldDir, out)
	if err != nil || len(edits) == 0 {
		return err
	}
	fixed := make([]source, len(srcs))
	for i, s := range srcs {
		fixed[i] = s
		es := edits[path.Clean(s.name)]
		if len(es) == 0 {
			continue
		}
		text := s.text
		for _, e := range slices.Backward(es) {
			text = text[:e.start] + e.text + text[e.end:]
		}
		fixed[i].text = text
		if isFormatted(s.text) && !isFormatted(text) {
			return fmt.Errorf("fixes leave %s not gofmt-clean:\n%s", s.name, text)
		}
	}
	pkgs, err := buildMem(u, newDir, goVersion, fixed)
	if err != nil {
		return fmt.Errorf("fixed code does not type-check: %v\n%s", err, fixedText(fixed, edits))
	}
	again, err := runAnalyzers(cfg, pkgs, false, false)
	if err != nil {
		return fmt.Errorf("second run, on the fixed code: %v", err)
	}
	for name, ds := range again.diags {
		for _, d := range ds {
			if len(d.SuggestedFixes) == 0 {
				continue
			}
			return fmt.Errorf("second run still offers a fix: %s: %v: %s\n%s", name,
				again.fset.Position(d.Pos), d.Message, fixedText(fixed, edits))
		}
	}
	return nil
}

// fixedText returns the fixed files that changed, for an error message.
func fixedText(fixed []source, edits map[string][]textEdit) string {
	var b strings.Builder
	for _, s := range fixed {
		if len(edits[path.Clean(s.name)]) > 0 {
			fmt.Fprintf(&b, "--- %s after the fixes:\n%s", s.name, s.text)
		}
	}
	return b.String()
}

type textEdit struct {
	start, end int
	text       string
}

// collectEdits gathers the first fix of every diagnostic by file (named
// as in the input), sorted, identical edits merged; overlapping edits, and
// different insertions at one place, are an error.
func collectEdits(oldDir string, out *outcome) (map[string][]textEdit, error) {
	edits := map[string][]textEdit{}
	for _, ds := range out.diags {
		for _, d := range ds {
			if len(d.SuggestedFixes) == 0 {
				continue
			}
			for _, e := range d.SuggestedFixes[0].TextEdits {
				tf := out.fset.File(e.Pos)
				end := e.End
				if !end.IsValid() {
					end = e.Pos
				}
				rel, err := filepath.Rel(oldDir, tf.Name())
				if err != nil {
					return nil, err
				}
				name := filepath.ToSlash(rel)
				te := textEdit{tf.Offset(e.Pos), tf.Offset(end), string(e.NewText)}
				if !slices.Contains(edits[name], te) {
					edits[name] = append(edits[name], te)
				}
			}
		}
	}
	for name, es := range edits {
		slices.SortFunc(es, func(a, b textEdit) int { return cmp.Or(a.start-b.start, a.end-b.end) })
		for i := 1; i < len(es); i++ {
			a, b := es[i-1], es[i]
			if b.start < a.end || b.start == a.start && a.start == a.end && b.start == b.end {
				return nil, fmt.Errorf("%s: fixes conflict: %q at [%d,%d) and %q at [%d,%d)",
					name, a.text, a.start, a.end, b.text, b.start, b.end)
			}
		}
	}
	return edits, nil
}

func isFormatted(src string) bool {
	out, err := format.Source([]byte(src))
	return err == nil && string(out) == src
}
