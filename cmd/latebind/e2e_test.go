package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The end-to-end tests run the real binary, built once by TestMain, on
// small temporary modules: standalone, and as go vet's and go fix's tool.

// latebindBin is the binary under test.
var latebindBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "latebind-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	latebindBin = filepath.Join(dir, "latebind")
	build := exec.Command("go", "build", "-o", latebindBin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building latebind:", err)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// findingSrc has one loopcapture finding at e2e.go:10:8.
const findingSrc = `package e2e

func use(int) {}

func F(xs []int) {
	var u int
	for _, x := range xs {
		u = x
		go func() {
			use(u)
		}()
	}
}
`

// fixedSrc is findingSrc after its fix.
const fixedSrc = `package e2e

func use(int) {}

func F(xs []int) {
	var u int
	for _, x := range xs {
		u = x
		u := u
		go func() {
			use(u)
		}()
	}
}
`

const (
	wantPosn    = "e2e.go:10:8"
	wantMessage = "u is shared by all iterations and reassigned at line 8; " +
		"the goroutine reads it after the loop has moved on"
)

// newModule writes a module example.com/e2e with the given files into a
// fresh directory and returns it.
func newModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module example.com/e2e\n\ngo 1.22\n"
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// result is the outcome of a command.
type result struct {
	stdout, stderr string
	code           int
}

// run runs a command in dir with an environment of its own: a fresh
// GOCACHE (go vet caches a tool's results keyed by the tool binary, which
// all tests share), no toolchain switch, no workspace.
func run(t *testing.T, dir, name string, args ...string) result {
	t.Helper()
	return runCache(t, dir, t.TempDir(), name, args...)
}

// runCache is run with the given GOCACHE, or the inherited one if gocache
// is "": tests on modules with large dependencies reuse the build cache and
// avoid go vet's result cache by other means.
func runCache(t *testing.T, dir, gocache, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local", "GOWORK=off")
	if gocache != "" {
		cmd.Env = append(cmd.Env, "GOCACHE="+gocache)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return result{stdout.String(), stderr.String(), cmd.ProcessState.ExitCode()}
}

// latebind runs the binary under test in dir.
func latebind(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return run(t, dir, latebindBin, args...)
}

// wantCode fails the test unless r exited with code.
func wantCode(t *testing.T, r result, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}

// readFile returns the content of dir/name.
func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// wantFixed fails the test unless dir/e2e.go holds the fixed, gofmt-clean
// source.
func wantFixed(t *testing.T, dir string) {
	t.Helper()
	got := readFile(t, dir, "e2e.go")
	if got != fixedSrc {
		t.Fatalf("e2e.go after the fix:\n%s\nwant:\n%s", got, fixedSrc)
	}
	if formatted, err := format.Source([]byte(got)); err != nil || string(formatted) != got {
		t.Fatalf("fixed file is not gofmt-clean (err %v)", err)
	}
}

func TestStandaloneText(t *testing.T) {
	t.Parallel()
	// The _test.go file makes go/packages load a test variant too; the
	// finding must still be reported once.
	dir := newModule(t, map[string]string{"e2e.go": findingSrc, "e2e_test.go": "package e2e\n"})
	r := latebind(t, dir)
	wantCode(t, r, exitFindings)
	if want := wantPosn + ": " + wantMessage; !strings.HasPrefix(r.stdout, want) {
		t.Fatalf("stdout:\n%s\nwant it to start with:\n%s", r.stdout, want)
	}
	if n := strings.Count(r.stdout, wantMessage); n != 1 {
		t.Errorf("finding reported %d times, want once:\n%s", n, r.stdout)
	}
}

func TestStandaloneClean(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"e2e.go": fixedSrc})
	r := latebind(t, dir, "./...")
	wantCode(t, r, exitClean)
	if r.stdout != "" {
		t.Errorf("stdout of a clean run: %q", r.stdout)
	}
}

func TestStandaloneDisabled(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"e2e.go": findingSrc})
	wantCode(t, latebind(t, dir, "-loopcapture=false"), exitClean)
	wantCode(t, latebind(t, dir, "-loopcapture.registrars=example.com/x.Add"), exitFindings)
}

func TestStandaloneTypeError(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"e2e.go": "package e2e\n\nvar X int = \"s\"\n"})
	r := latebind(t, dir)
	wantCode(t, r, exitError)
	if !strings.Contains(r.stderr, "e2e.go:3:13: cannot use") {
		t.Errorf("stderr lacks the type error:\n%s", r.stderr)
	}
}

func TestStandaloneBadFlags(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"e2e.go": findingSrc})
	for _, args := range [][]string{{"-nosuch"}, {"-json", "-fix"}, {"-loopcapture=maybe"}} {
		r := latebind(t, dir, args...)
		wantCode(t, r, exitError)
	}
	r := latebind(t, dir, "-h")
	wantCode(t, r, exitClean)
	if !strings.Contains(r.stderr, "loopcapture  report late-running closures") {
		t.Errorf("-h does not list the checks:\n%s", r.stderr)
	}
}

func TestStandaloneJSON(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"e2e.go": findingSrc})
	r := latebind(t, dir, "-json")
	wantCode(t, r, exitFindings)
	var got []jsonFinding
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("-json output does not parse: %v\n%s", err, r.stdout)
	}
	if len(got) != 1 || got[0].Check != "loopcapture" || !strings.HasSuffix(got[0].Posn, "/"+wantPosn) ||
		!strings.HasPrefix(got[0].Message, wantMessage) || len(got[0].SuggestedFixes) == 0 {
		t.Fatalf("-json findings: %+v", got)
	}
	edits := got[0].SuggestedFixes[0].Edits
	if len(edits) != 1 {
		t.Fatalf("fix edits: %+v", edits)
	}
	e := edits[0]
	if patched := findingSrc[:e.Start] + e.New + findingSrc[e.End:]; patched != fixedSrc {
		t.Errorf("applying the JSON edit gives:\n%s", patched)
	}
}

func TestStandaloneDiff(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"e2e.go": findingSrc})
	r := latebind(t, dir, "-diff")
	wantCode(t, r, exitFindings)
	if !strings.Contains(r.stdout, "--- e2e.go\n+++ e2e.go\n") || !strings.Contains(r.stdout, "\n+\t\tu := u\n") {
		t.Errorf("-diff output:\n%s", r.stdout)
	}
	if readFile(t, dir, "e2e.go") != findingSrc {
		t.Error("-diff changed the file")
	}
}

func TestStandaloneFix(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"e2e.go": findingSrc})
	wantCode(t, latebind(t, dir, "-fix"), exitClean)
	wantFixed(t, dir)
	wantCode(t, run(t, dir, "go", "build", "./..."), 0)
	r := latebind(t, dir, "-fix")
	wantCode(t, r, exitClean)
	if r.stdout != "" || r.stderr != "" {
		t.Errorf("second -fix run printed:\n%s%s", r.stdout, r.stderr)
	}
}

func TestGoVet(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"e2e.go": findingSrc})
	for _, flags := range [][]string{nil, {"-loopcapture.registrars=x"}} {
		args := append(append([]string{"vet", "-vettool=" + latebindBin}, flags...), "./...")
		r := run(t, dir, "go", args...)
		if r.code == 0 || !strings.Contains(r.stderr, wantPosn+": "+wantMessage) {
			t.Errorf("go %v: exit %d, stderr:\n%s", args, r.code, r.stderr)
		}
	}
	r := run(t, dir, "go", "vet", "-vettool="+latebindBin, "-loopcapture=false", "./...")
	wantCode(t, r, 0)
}

func TestGoVetFix(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"e2e.go": findingSrc})
	wantCode(t, run(t, dir, "go", "vet", "-vettool="+latebindBin, "-fix", "./..."), 0)
	wantFixed(t, dir)
}

func TestGoFix(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{"e2e.go": findingSrc})
	wantCode(t, run(t, dir, "go", "fix", "-fixtool="+latebindBin, "./..."), 0)
	wantFixed(t, dir)
}

// TestToolHandshake checks -V=full the way the go command parses it
// (cmd/go/internal/work.Builder.toolID) and -flags as go vet decodes it.
func TestToolHandshake(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := latebind(t, dir, "-V=full")
	wantCode(t, r, 0)
	f := strings.Fields(r.stdout)
	if len(f) < 3 || f[1] != "version" || !strings.Contains(f[2], "devel") || !strings.HasPrefix(f[len(f)-1], "buildID=") {
		t.Errorf("-V=full printed %q", r.stdout)
	}
	r = latebind(t, dir, "-flags")
	wantCode(t, r, 0)
	var flags []struct {
		Name string
		Bool bool
	}
	if err := json.Unmarshal([]byte(r.stdout), &flags); err != nil {
		t.Fatalf("-flags: %v\n%s", err, r.stdout)
	}
	names := make(map[string]bool)
	for _, fl := range flags {
		names[fl.Name] = true
	}
	for _, want := range []string{"loopcapture", "loopcapture.registrars", "json", "diff"} {
		if !names[want] {
			t.Errorf("-flags lacks %s: %s", want, r.stdout)
		}
	}
}

// TestGoVetFactsFromDependency vets only app, so the go command runs
// latebind on its dependency hooks for facts alone (a "VetxOnly" unit,
// where latebind skips the checks that export no facts): hooks' own
// finding is not printed, and the registrar inferred there still reaches
// app.
func TestGoVetFactsFromDependency(t *testing.T) {
	t.Parallel()
	dir := newModule(t, map[string]string{})
	files := map[string]string{
		"hooks/hooks.go": `package hooks

var pending []func()

// Add keeps f to run later.
func Add(f func()) { pending = append(pending, f) }

func use(int) {}

func Own(xs []int) {
	var u int
	for _, x := range xs {
		u = x
		go func() { use(u) }()
	}
}
`,
		"app/app.go": `package app

import "example.com/e2e/hooks"

func use(int) {}

func Register(xs []int) {
	var u int
	for _, x := range xs {
		u = x
		hooks.Add(func() { use(u) })
	}
}
`,
	}
	for name, content := range files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := run(t, dir, "go", "vet", "-vettool="+latebindBin, "./app")
	want := "app/app.go:11:26: u is shared by all iterations and reassigned at line 10; " +
		"the callback kept by hooks.Add reads it after the loop has moved on"
	if r.code == 0 || !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, "hooks.go") {
		t.Errorf("go vet ./app: exit %d, stderr:\n%s\nwant only:\n%s", r.code, r.stderr, want)
	}
}
