package loopcapture_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"go/version"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/latebind/latebind/analysistest"
	"github.com/latebind/latebind/passes/loopcapture"
)

// The peer suite: latebind must report everything that go vet's own
// loopclosure analyzer expects in its testdata, with the files pinned to
// go1.21 semantics (one loop variable per loop, not per iteration).
//
// TestPeerLoopclosure copies the packages below from the x/tools module of
// our build list (go/analysis/passes/loopclosure/testdata/src/...) into a
// temporary module, reads the `// want` comments of the original files,
// runs loopcapture over the copy with go/analysis/checker, and compares:
//
//   - every want pattern ("loop variable i captured by func literal") needs
//     a latebind diagnostic about the same variable on the same line;
//   - every other latebind diagnostic must be on a line of peerExtras, with
//     the reason it is a real bug; lines of peerFalsePositives fail with
//     their description until the analyzer is fixed;
//   - no analysis error and no panic.
//
// Rewrites of the x/tools testdata, all mechanical:
//
//   - Each file without a //go:build line gets "//go:build go1.21" and a
//     blank line prepended (2 lines; reported lines are shifted back before
//     comparing). typeparams.go already has "//go:build go1.19", which
//     go/types raises to go1.21. The line is needed because the temporary
//     go.mod cannot say `go 1.21`: it requires the real golang.org/x/sync
//     (for errgroup), whose go.mod says go 1.26.0, and the go command
//     refuses a main module older than one of its dependencies.
//   - Nothing else. Imports stay as written: golang.org/x/sync/errgroup is
//     the real module at the version our build list selects (its
//     (*Group).Go has the signature of the x/tools stub), and sync and
//     testing are the standard library. (With the real errgroup,
//     typeparams.go's T[errgroup.Group] value receiver draws a copylocks
//     vet warning; that does not matter to type checking or to this test.)
//
// The test checks that every file really has a pre-go1.22 version in
// types.Info.FileVersions, which is what go/ssa follows.
//
// The expectations are those of x/tools v0.52.0: peerExtras is keyed by
// its line numbers.

// peerPackages are the loopclosure testdata packages of the suite.
var peerPackages = []string{"a", "subtests", "typeparams"}

const peerTestdata = "go/analysis/passes/loopclosure/testdata/src"

// peerExtras are the lines (file:line in the x/tools testdata) where
// latebind reports more than go vet's suite expects. Each is a real bug
// that vet misses; the reason says why. An extra that is not a real bug
// belongs in peerFalsePositives instead.
var peerExtras = map[string]string{
	// vet only looks at the last statement of a loop body: a statement
	// after the go statement does not make the goroutine run any sooner.
	"a/a.go:44":  "i, v: the goroutine reads them after the loop has moved on; vet only checks the last statement of the body",
	"a/a.go:129": "i: the goroutine reads it after the outer loop has moved on; vet only checks the last statement of the block",
	// vet stays silent once a goto may skip t.Parallel; latebind counts
	// every read that follows a t.Parallel call of the body. The `if true`
	// of the testdata stands for any condition (vet does not fold it
	// either): on the path that runs t.Parallel, the paused subtest reads
	// the loop variable after t.Run has returned and the loop moved on.
	"subtests/subtest.go:113": "i: read after t.Parallel on the path where the goto is not taken; vet gives up at the label",
	"subtests/subtest.go:114": "test: read after t.Parallel on the path where the goto is not taken; vet gives up at the label",
	"subtests/subtest.go:126": `i: every path that reaches it ran t.Parallel on the line before; vet's "maybe OK" comes from giving up at the later label`,
}

// peerFalsePositives are lines where latebind reports something that is
// not a bug: analyzer bugs, listed so that the test fails with a clear
// message until they are fixed (then the entry goes).
var peerFalsePositives = map[string]string{}

func TestPeerLoopclosure(t *testing.T) {
	mods := goListModules(t, "golang.org/x/tools", "golang.org/x/sync")
	tools, xsync := mods["golang.org/x/tools"], mods["golang.org/x/sync"]
	t.Logf("peer suite from %s@%s, errgroup from %s@%s", tools.Path, tools.Version, xsync.Path, xsync.Version)

	src := filepath.Join(tools.Dir, filepath.FromSlash(peerTestdata))
	tmp := t.TempDir()
	writePeerModule(t, tmp, xsync)
	var want []peerFinding
	shift := make(map[string]int) // file -> lines prepended
	for _, pkg := range peerPackages {
		files, err := filepath.Glob(filepath.Join(src, pkg, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no Go files in %s: %v", filepath.Join(src, pkg), err)
		}
		for _, file := range files {
			rel := pkg + "/" + filepath.Base(file)
			content, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, wantFindings(t, rel, content)...)
			content, shift[rel] = pinGo121(content)
			writeFile(t, filepath.Join(tmp, filepath.FromSlash(rel)), content)
		}
	}
	if len(want) == 0 {
		t.Fatal("no // want comments found in the peer suite")
	}

	pkgs := loadPeer(t, tmp)
	got := runPeer(t, pkgs, tmp, shift)
	t.Logf("%d expectations from vet's suite, %d lines with latebind diagnostics", len(want), len(got))
	comparePeer(t, want, got)
}

// TestPeerMissReproducers runs testdata/peer, minimal reproducers of the
// peer suite's findings that loopcapture has missed. Each is a bug in every
// Go version (the variables are declared outside the loop).
func TestPeerMissReproducers(t *testing.T) {
	wantPrechecked(t, analysistest.Run(t, filepath.Join("testdata", "peer"), loopcapture.Analyzer, "./misses"))
}

// A peerFinding is one expected or reported diagnostic, at a line of the
// x/tools testdata ("a/a.go:22"), about a variable.
type peerFinding struct {
	pos  string
	name string // the variable; "" in a want pattern that names none
	text string // the want comment, or the message
}

type goModule struct {
	Path, Version, Dir, GoVersion string
}

// goListModules returns modules of our build list, downloading them into
// the module cache if they are not there yet.
func goListModules(t *testing.T, paths ...string) map[string]goModule {
	t.Helper()
	list := func() map[string]goModule {
		out := goCmd(t, append([]string{"list", "-m", "-json"}, paths...)...)
		mods := make(map[string]goModule)
		dec := json.NewDecoder(bytes.NewReader(out))
		for dec.More() {
			var m goModule
			if err := dec.Decode(&m); err != nil {
				t.Fatalf("go list -m -json: %v", err)
			}
			mods[m.Path] = m
		}
		return mods
	}
	mods := list()
	for _, p := range paths {
		if m := mods[p]; m.Dir == "" && m.Version != "" {
			goCmd(t, "mod", "download", p+"@"+m.Version)
			mods = list()
		}
		if m := mods[p]; m.Dir == "" || m.Version == "" {
			t.Fatalf("module %s is not in the module cache: %+v", p, m)
		}
	}
	return mods
}

// goCmd runs the go command in the package directory (inside our module).
func goCmd(t *testing.T, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly", "GOTOOLCHAIN=local")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return out
}

// writePeerModule writes go.mod and go.sum of the temporary module: it
// requires golang.org/x/sync at the version of our build list, with our
// go.sum lines for it.
func writePeerModule(t *testing.T, dir string, xsync goModule) {
	t.Helper()
	gomod := fmt.Sprintf("module peer\n\ngo %s\n\nrequire %s %s\n", xsync.GoVersion, xsync.Path, xsync.Version)
	writeFile(t, filepath.Join(dir, "go.mod"), []byte(gomod))
	root := strings.TrimSpace(string(goCmd(t, "env", "GOMOD")))
	sum, err := os.ReadFile(filepath.Join(filepath.Dir(root), "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(sum), "\n") {
		if strings.HasPrefix(l, xsync.Path+" "+xsync.Version) {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		t.Fatalf("go.sum has no lines for %s %s", xsync.Path, xsync.Version)
	}
	writeFile(t, filepath.Join(dir, "go.sum"), []byte(strings.Join(lines, "\n")+"\n"))
}

func writeFile(t *testing.T, name string, content []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, content, 0o644); err != nil {
		t.Fatal(err)
	}
}

var goBuildLine = regexp.MustCompile(`(?m)^//go:build `)

// pinGo121 prepends a go1.21 build constraint to a file that has none, and
// returns the number of lines prepended.
func pinGo121(content []byte) ([]byte, int) {
	if goBuildLine.Match(content) {
		return content, 0
	}
	return append([]byte("//go:build go1.21\n\n"), content...), 2
}

var (
	wantComment = regexp.MustCompile(`^//\s*want\s+(.*)$`)
	factPrefix  = regexp.MustCompile(`^\w+:`)
	vetMessage  = regexp.MustCompile(`loop variable (\w+) captured`)
	ourMessage  = regexp.MustCompile(`^(\w+) is `)
)

// wantFindings returns one expectation per diagnostic pattern of the
// `// want` comments of file (fact expectations, name:"re", are not
// diagnostics). A comment may hold several patterns for one line.
func wantFindings(t *testing.T, rel string, content []byte) []peerFinding {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, rel, content, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var want []peerFinding
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			m := wantComment.FindStringSubmatch(c.Text)
			if m == nil {
				continue
			}
			patterns, err := wantPatterns(m[1])
			if err != nil {
				t.Fatalf("%s: bad want comment %q: %v", fset.Position(c.Pos()), c.Text, err)
			}
			pos := fmt.Sprintf("%s:%d", rel, fset.Position(c.Pos()).Line)
			for _, p := range patterns {
				name := ""
				if m := vetMessage.FindStringSubmatch(p); m != nil {
					name = m[1]
				}
				want = append(want, peerFinding{pos: pos, name: name, text: c.Text})
			}
		}
	}
	return want
}

// wantPatterns returns the diagnostic patterns of a want comment.
func wantPatterns(s string) ([]string, error) {
	var patterns []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		fact := false
		if m := factPrefix.FindString(s); m != "" {
			fact, s = true, s[len(m):]
		}
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			return nil, fmt.Errorf("at %q: %v", s, err)
		}
		s = s[len(q):]
		if !fact {
			p, _ := strconv.Unquote(q)
			patterns = append(patterns, p)
		}
	}
	return patterns, nil
}

// loadPeer loads the peer packages of the temporary module with everything
// the checker needs (syntax for the dependencies too, for facts).
func loadPeer(t *testing.T, dir string) []*packages.Package {
	t.Helper()
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax | packages.NeedModule,
		Dir:  dir,
		Env:  append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=readonly", "GOPROXY=off", "GOTOOLCHAIN=local"),
	}
	patterns := make([]string, len(peerPackages))
	for i, p := range peerPackages {
		patterns[i] = "./" + p
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, err := range p.Errors {
			t.Errorf("loading %s: %v", p.PkgPath, err)
		}
	})
	if len(pkgs) != len(peerPackages) {
		t.Errorf("loaded %d packages, want %d", len(pkgs), len(peerPackages))
	}
	for _, p := range pkgs {
		for _, f := range p.Syntax {
			v := p.TypesInfo.FileVersions[f]
			if v == "" || version.Compare(v, "go1.22") >= 0 {
				t.Errorf("%s: Go version %q, want pre-go1.22 semantics", p.Fset.File(f.FileStart).Name(), v)
			}
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	return pkgs
}

// runPeer runs loopcapture on pkgs and returns its diagnostics by line of
// the x/tools testdata. Analysis errors and panics fail the test.
func runPeer(t *testing.T, pkgs []*packages.Package, dir string, shift map[string]int) map[string][]peerFinding {
	t.Helper()
	defer func() {
		// Sequential mode runs every action on this goroutine.
		if r := recover(); r != nil {
			t.Fatalf("loopcapture panicked: %v\n%s", r, debug.Stack())
		}
	}()
	a := loopcapture.Analyzer
	opts := &checker.Options{Sequential: true, SanityCheck: true}
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, opts)
	if err != nil {
		t.Fatal(err)
	}
	for act := range graph.All() {
		if act.Err != nil {
			t.Errorf("analysis error: %s: %v", act, act.Err)
		}
	}
	got := make(map[string][]peerFinding)
	for _, act := range graph.Roots {
		for _, d := range act.Diagnostics {
			posn := act.Package.Fset.Position(d.Pos)
			rel, err := filepath.Rel(dir, posn.Filename)
			if err != nil {
				t.Fatal(err)
			}
			rel = filepath.ToSlash(rel)
			pos := fmt.Sprintf("%s:%d", rel, posn.Line-shift[rel])
			name := ""
			if m := ourMessage.FindStringSubmatch(d.Message); m != nil {
				name = m[1]
			}
			got[pos] = append(got[pos], peerFinding{pos: pos, name: name, text: d.Message})
		}
	}
	return got
}

// comparePeer reports expectations that latebind misses, and diagnostics
// that no expectation, peerExtras entry or peerFalsePositives entry
// accounts for.
func comparePeer(t *testing.T, want []peerFinding, got map[string][]peerFinding) {
	t.Helper()
	for _, w := range want {
		i := slices.IndexFunc(got[w.pos], func(g peerFinding) bool {
			return w.name == "" || g.name == w.name
		})
		if i < 0 {
			t.Errorf("miss: %s: %s", w.pos, w.text)
			continue
		}
		got[w.pos] = slices.Delete(got[w.pos], i, i+1)
	}
	for _, pos := range sortedKeys(got) {
		extra := got[pos]
		if len(extra) == 0 {
			continue
		}
		msgs := ""
		for _, g := range extra {
			msgs += "\n\t" + g.text
		}
		if why, ok := peerFalsePositives[pos]; ok {
			t.Errorf("known false positive (loopcapture bug): %s: %s%s", pos, why, msgs)
			continue
		}
		if _, ok := peerExtras[pos]; !ok {
			t.Errorf("unexpected: %s: not in vet's suite; if it is a real bug, add it to peerExtras:%s", pos, msgs)
		}
	}
	for _, pos := range sortedKeys(peerExtras) {
		if len(got[pos]) == 0 {
			t.Errorf("peerExtras lists %s (%s) but loopcapture no longer reports it", pos, peerExtras[pos])
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, comparePos)
	return keys
}

// comparePos orders "file:line" by file, then by line number.
func comparePos(a, b string) int {
	fa, la, _ := strings.Cut(a, ":")
	fb, lb, _ := strings.Cut(b, ":")
	if c := strings.Compare(fa, fb); c != 0 {
		return c
	}
	na, _ := strconv.Atoi(la)
	nb, _ := strconv.Atoi(lb)
	return na - nb
}
