package golangci

import (
	"bufio"
	"fmt"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// testmod is the module the analysis tests run on. Its findings are
// marked "// lb:NAME"; see testdata/mod/app/app.go.
const testmod = "testdata/mod"

// issue is one finding as golangci-lint prints it: a position relative to
// the module root and the text without the "(latebind)" suffix.
type issue struct {
	File      string
	Line, Col int
	Text      string
}

func (i issue) String() string {
	return fmt.Sprintf("%s:%d:%d: %s", i.File, i.Line, i.Col, i.Text)
}

// goEnv is the environment for the go command and for golangci-lint: no
// workspace, no toolchain switch, go.mod updated as needed.
func goEnv(extra ...string) []string {
	return append(os.Environ(), append([]string{"GOFLAGS=-mod=mod", "GOTOOLCHAIN=local", "GOWORK=off"}, extra...)...)
}

// copyDir copies the tree at src to dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

var markerRE = regexp.MustCompile(`// lb:(\w+)`)

// markers maps each "// lb:NAME" marker in the module at dir to its
// position, file:line.
func markers(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := make(map[string]string)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		rel, _ := filepath.Rel(dir, path)
		sc := bufio.NewScanner(f)
		for line := 1; sc.Scan(); line++ {
			if m := markerRE.FindStringSubmatch(sc.Text()); m != nil {
				out[m[1]] = fmt.Sprintf("%s:%d", filepath.ToSlash(rel), line)
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// direct runs the analyzers the plugin builds from settings on the
// packages of the module at dir, without golangci-lint, and returns their
// findings as golangci-lint presents a plugin's diagnostics: the
// analyzer's name before the message, and each piece of related
// information as an issue of its own (at the diagnostic when it is in
// another file).
func direct(t *testing.T, dir string, settings any, patterns ...string) []issue {
	t.Helper()
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(settings)
	if err != nil {
		t.Fatal(err)
	}
	analyzers, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	pkgs := load(t, dir, patterns...)
	g, err := checker.Analyze(analyzers, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []issue
	for act := range g.All() {
		if act.IsRoot && slices.Contains(analyzers, act.Analyzer) {
			out = append(out, issues(t, dir, act)...)
		}
	}
	sortIssues(out)
	return out
}

// issues converts the diagnostics of act as golangci-lint does.
func issues(t *testing.T, dir string, act *checker.Action) []issue {
	var out []issue
	name := act.Analyzer.Name
	for _, d := range act.Diagnostics {
		at := position(t, dir, act.Package.Fset.Position(d.Pos))
		at.Text = name + ": " + d.Message
		out = append(out, at)
		for _, r := range d.Related {
			rel := position(t, dir, act.Package.Fset.Position(r.Pos))
			if rel.File != at.File {
				rel = at
			}
			rel.Text = name + "(related information): " + r.Message
			out = append(out, rel)
		}
	}
	return out
}

var (
	loadMu sync.Mutex
	loaded = make(map[string][]*packages.Package)
)

// load loads the packages once per test binary: the analyzers do not
// change them, and loading from source is what takes the time.
func load(t *testing.T, dir string, patterns ...string) []*packages.Package {
	t.Helper()
	key := dir + "\x00" + strings.Join(patterns, "\x00")
	loadMu.Lock()
	defer loadMu.Unlock()
	if pkgs, ok := loaded[key]; ok {
		return pkgs
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Env: goEnv()}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("the test module does not load")
	}
	loaded[key] = pkgs
	return pkgs
}

// position returns p as an issue position relative to dir.
func position(t *testing.T, dir string, p token.Position) issue {
	t.Helper()
	rel, err := filepath.Rel(dir, p.Filename)
	if err != nil {
		t.Fatal(err)
	}
	return issue{File: filepath.ToSlash(rel), Line: p.Line, Col: p.Column}
}

func sortIssues(issues []issue) {
	slices.SortFunc(issues, func(a, b issue) int {
		return strings.Compare(fmt.Sprintf("%s:%06d:%06d:%s", a.File, a.Line, a.Col, a.Text),
			fmt.Sprintf("%s:%06d:%06d:%s", b.File, b.Line, b.Col, b.Text))
	})
}

// reportedAt returns the issues at file:line that are findings, not
// related information.
func reportedAt(issues []issue, fileLine string) []issue {
	var out []issue
	for _, i := range issues {
		if fmt.Sprintf("%s:%d", i.File, i.Line) == fileLine && !strings.Contains(i.Text, "(related information)") {
			out = append(out, i)
		}
	}
	return out
}

// scenario is one configuration of the plugin and the markers whose lines
// must then carry a finding; every other marker's line must carry none.
type scenario struct {
	name     string
	settings map[string]any
	want     []string
}

// registrar is the interface method in testdata/mod that latebind cannot
// infer as a registrar.
const registrar = "(example.com/lbmod/app.Scheduler).Schedule"

var scenarios = []scenario{{
	name:     "defaults",
	settings: nil,
	want:     []string{"plain", "two", "fact"},
}, {
	name: "configured",
	settings: map[string]any{
		"loopcapture": map[string]any{"registrars": []any{registrar}},
		"txenqueue":   map[string]any{"http": true},
	},
	want: []string{"plain", "two", "fact", "registrar", "http"},
}, {
	name: "disabled",
	settings: map[string]any{
		"disable":     []any{"loopcapture"},
		"loopcapture": map[string]any{"registrars": []any{registrar}},
		"txenqueue":   map[string]any{"http": true},
	},
	want: []string{"http"},
}}

// checkMarkers checks that the issues have a finding on the line of each
// wanted marker and none on the lines of the other markers, leaving out
// the markers in files outside the directories in only (when given).
func checkMarkers(t *testing.T, marks map[string]string, issues []issue, want []string, only ...string) {
	t.Helper()
	for name, at := range marks {
		if len(only) > 0 && !slices.Contains(only, path.Dir(at)) {
			continue
		}
		got := reportedAt(issues, at)
		switch {
		case slices.Contains(want, name) && len(got) == 0:
			t.Errorf("lb:%s: no finding at %s", name, at)
		case !slices.Contains(want, name) && len(got) > 0:
			t.Errorf("lb:%s: unexpected finding %v", name, got)
		}
	}
}

var _ register.LinterPlugin = (*plugin)(nil)
