// Package corpus_test runs latebind over large real code bases and checks
// that it neither crashes nor proposes fixes that break code.
//
// It is slow (tens of minutes, network access to the Go module proxy) and
// therefore off by default; run it with
//
//	LATEBIND_CORPUS=1 go test ./corpus -v -timeout 60m
//
// or corpus/run.sh. The test builds cmd/latebind once and then, for the
// standard library, a few large modules from the module proxy and this
// repository's testdata modules:
//
//   - runs "go vet -json -vettool=latebind" and fails on a panic, an
//     "internal error", an analyzer error or a failed vet run; it records
//     the findings per check and the wall time;
//   - applies every suggested fix with "go vet -vettool=latebind -fix" on a
//     writable copy of the module and checks that the code still builds,
//     that its test files still type-check, that every changed file is
//     gofmt-clean and that a second run proposes and changes nothing.
//
// The standard library cannot be copied cheaply (and GOROOT must not be
// written), so its fixes are collected with "go vet -fix -diff std",
// applied to copies of the affected files only, and checked through a
// build overlay (go build -overlay, go vet -overlay).
//
// The -json output of go vet frames diagnostics and analyzer errors
// separately ({"pkg": {"check": [diagnostics]}} or {"pkg": {"check":
// {"error": "..."}}}), so findings are never confused with errors: in -json
// mode the go command does not turn findings into a non-zero exit status,
// and anything on stderr other than the go command's download progress
// (a panic trace, a log.Fatal from the analysis driver, a type error) is an
// error.
//
// Results go to the test log and, as Markdown, to summary.md in the
// directory named by LATEBIND_CORPUS_OUT (default: a fresh temporary
// directory, whose name is logged), next to one findings-<corpus>.txt per
// corpus for spot checks.
package corpus_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// gateEnv must be 1 for the corpus tests to run.
const gateEnv = "LATEBIND_CORPUS"

// A corpus is a body of code latebind is run over.
type corpus struct {
	name    string // short name: subtest and file names
	module  string // module path, "std" for the standard library
	version string // module version; "" for std and this repository's modules
	dir     string // repository-relative module directory, for testdata modules
	// want are findings ("path/in/module.go:line:col: check") that must be
	// reported: known real bugs, so that the run also guards recall.
	want []string
}

// proxyModules are the modules from the module proxy: the two the issue
// names, three large ones with many goroutines and closures in loops
// (pgx, nats-server, sarama), and three that exercise more of latebind:
// River begins pgx transactions and inserts jobs (txenqueue, txcapture,
// and the InsertTx fix), gorm declares go 1.18 and the 2023 Shopify
// sarama and grpc v1.56 go 1.17, so their loops still share their loop
// variables (the u := u fix on real code; grpc v1.56.3 has a real bug of
// that kind in its xDS client, pinned in want).
var proxyModules = []corpus{
	{name: "x-tools", module: "golang.org/x/tools", version: "v0.52.0"},
	{name: "x-net", module: "golang.org/x/net", version: "v0.63.0"},
	{name: "pgx", module: "github.com/jackc/pgx/v5", version: "v5.13.0"},
	{name: "nats-server", module: "github.com/nats-io/nats-server/v2", version: "v2.15.3"},
	{name: "sarama", module: "github.com/IBM/sarama", version: "v1.61.1"},
	{name: "river", module: "github.com/riverqueue/river", version: "v0.51.2"},
	{name: "gorm", module: "gorm.io/gorm", version: "v1.31.2"},
	{name: "sarama-go1.17", module: "github.com/Shopify/sarama", version: "v1.38.1"},
	{name: "grpc-go1.17", module: "google.golang.org/grpc", version: "v1.56.3",
		want: []string{"xds/internal/xdsclient/authority.go:371:37: loopcapture"}},
}

// testdataModules are this repository's modules with deliberate findings.
var testdataModules = []corpus{
	{name: "examples-story", dir: "examples/story"},
	{name: "loopcapture-testdata", dir: "passes/loopcapture/testdata"},
	{name: "loopcapture-peer", dir: "passes/loopcapture/testdata/peer"},
	{name: "testdata-tx", dir: "testdata/tx"},
	{name: "golangci-testdata", dir: "plugin/golangci/testdata/mod"},
}

// replaceRoots are the repository directories the testdata modules reach
// through relative replace directives; each testdata run copies all of
// them, keeping their relative layout.
var replaceRoots = []string{
	"examples/story", "passes/loopcapture/testdata", "testdata/tx", "plugin/golangci/testdata/mod",
}

// env is the shared state of one test binary run.
var env struct {
	once    sync.Once
	bin     string // the latebind binary
	rootDir string // the repository root
	tmp     string // removed by TestMain
	outDir  string // summary and findings
	err     error

	mu   sync.Mutex
	rows []*row
}

func TestMain(m *testing.M) {
	code := m.Run()
	if env.tmp != "" {
		os.RemoveAll(env.tmp)
	}
	if err := writeSummary(); err != nil {
		fmt.Fprintln(os.Stderr, "corpus summary:", err)
		code = 1
	}
	os.Exit(code)
}

// setup skips the test unless the corpus run is enabled, and builds the
// binary on first use.
func setup(t *testing.T) {
	t.Helper()
	if os.Getenv(gateEnv) != "1" {
		t.Skipf("corpus run is off: run it with %s=1 go test ./corpus -v -timeout 60m (or corpus/run.sh)", gateEnv)
	}
	env.once.Do(buildTool)
	if env.err != nil {
		t.Fatal(env.err)
	}
}

// buildTool builds cmd/latebind from the repository root.
func buildTool() {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		env.err = fmt.Errorf("go env GOMOD: %v", err)
		return
	}
	env.rootDir = filepath.Dir(strings.TrimSpace(string(out)))
	if env.tmp, env.err = os.MkdirTemp("", "latebind-corpus"); env.err != nil {
		return
	}
	env.bin = filepath.Join(env.tmp, "latebind")
	build := exec.Command("go", "build", "-o", env.bin, "./cmd/latebind")
	build.Dir = env.rootDir
	if out, err := build.CombinedOutput(); err != nil {
		env.err = fmt.Errorf("building latebind: %v\n%s", err, out)
		return
	}
	env.outDir, env.err = outputDir()
}

// outputDir returns LATEBIND_CORPUS_OUT, created if need be, or a fresh
// temporary directory that outlives the test.
func outputDir() (string, error) {
	if dir := os.Getenv("LATEBIND_CORPUS_OUT"); dir != "" {
		return dir, os.MkdirAll(dir, 0o755)
	}
	return os.MkdirTemp("", "latebind-corpus-out")
}

// freshTool returns a copy of the binary with a nonce appended: go vet
// caches a vet tool's results keyed by the tool binary's hash, and a
// cached run would neither measure the time nor rerun the analysis.
func freshTool(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(env.bin)
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "latebind")
	nonce := fmt.Sprintf("\nlatebind corpus nonce %d\n", time.Now().UnixNano())
	if err := os.WriteFile(bin, append(data, nonce...), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

// A row is one line of the summary.
type row struct {
	corpus       corpus
	units        int           // vet units (packages and test variants) analyzed
	wall         time.Duration // of the go vet -json run
	findings     map[string]int
	fixable      int      // findings with a suggested fix
	errors       []string // panics, internal errors, analyzer errors
	fix          string   // fix-safety verdict
	filesChanged int
	fixWall      time.Duration
}

func addRow(r *row) {
	env.mu.Lock()
	defer env.mu.Unlock()
	env.rows = append(env.rows, r)
}

// ---- running commands ----

// result is the outcome of a command.
type result struct {
	stdout, stderr []byte
	code           int
	wall           time.Duration
}

// cmdEnv is the environment of every go command: no toolchain switch, no
// workspace, go.mod and go.sum may be updated (copies of proxy modules lack
// go.sum lines for test-only dependencies of dependencies).
func cmdEnv(std bool) []string {
	flags := "GOFLAGS=-mod=mod"
	if std {
		flags = "GOFLAGS="
	}
	return append(os.Environ(), flags, "GOTOOLCHAIN=local", "GOWORK=off")
}

// run runs name with args in dir. It fails the test if the command cannot
// be started or is killed by the test's deadline.
func run(t *testing.T, dir string, std bool, name string, args ...string) result {
	t.Helper()
	ctx := context.Background()
	if deadline, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline.Add(-30*time.Second))
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = cmdEnv(std)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	r := result{stdout.Bytes(), stderr.Bytes(), cmd.ProcessState.ExitCode(), time.Since(start)}
	var exit *exec.ExitError
	if ctx.Err() != nil || (err != nil && !errors.As(err, &exit)) {
		t.Fatalf("%s %s in %s: %v (ctx %v)\nstderr:\n%s", name, strings.Join(args, " "), dir, err, ctx.Err(), tail(r.stderr))
	}
	return r
}

// tail returns the last 40 lines of b.
func tail(b []byte) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > 40 {
		lines = append([]string{"..."}, lines[len(lines)-40:]...)
	}
	return strings.Join(lines, "\n")
}

// noise matches the go command's progress lines on stderr.
var noise = regexp.MustCompile(`^go: (downloading|finding|extracting|added|upgraded) `)

// problems returns the stderr lines that are not the go command's
// progress, each prefixed by its kind.
func problems(stderr []byte) []string {
	var out []string
	for line := range strings.Lines(string(stderr)) {
		line = strings.TrimRight(line, "\n")
		if line == "" || noise.MatchString(line) {
			continue
		}
		out = append(out, kind(line)+line)
	}
	return out
}

// kind labels a line of stderr.
func kind(line string) string {
	switch {
	case strings.Contains(line, "panic"):
		return "PANIC: "
	case strings.Contains(line, "internal error"):
		return "INTERNAL ERROR: "
	}
	return "stderr: "
}

// ---- go vet -json ----

// diagnostic is the part of unitchecker's JSON diagnostic the test uses.
type diagnostic struct {
	Posn           string `json:"posn"`
	Message        string `json:"message"`
	SuggestedFixes []struct {
		Message string `json:"message"`
	} `json:"suggested_fixes"`
}

// finding is a diagnostic with its check.
type finding struct {
	check string
	diagnostic
}

// vetReport is what one go vet -json run produced.
type vetReport struct {
	units    int
	findings []finding
	errors   []string // analyzer errors and stderr problems
}

// fixable counts the findings with a suggested fix.
func (r *vetReport) fixable() int {
	n := 0
	for _, f := range r.findings {
		if len(f.SuggestedFixes) > 0 {
			n++
		}
	}
	return n
}

// perCheck counts the findings per check.
func (r *vetReport) perCheck() map[string]int {
	m := make(map[string]int)
	for _, f := range r.findings {
		m[f.check]++
	}
	return m
}

// vetJSON runs go vet -json with the tool on pkgs in dir.
func vetJSON(t *testing.T, dir string, std bool, tool string, extra []string, pkgs ...string) (*vetReport, time.Duration) {
	t.Helper()
	args := append(append([]string{"vet", "-json", "-vettool=" + tool}, extra...), pkgs...)
	r := run(t, dir, std, "go", args...)
	rep, err := parseVetJSON(r.stdout)
	if err != nil {
		t.Fatalf("go %s: %v", strings.Join(args, " "), err)
	}
	rep.errors = append(rep.errors, problems(r.stderr)...)
	if r.code != 0 {
		rep.errors = append(rep.errors, fmt.Sprintf("go vet exited with status %d", r.code))
	}
	return rep, r.wall
}

// parseVetJSON decodes the stream of JSON trees go vet -json prints, one
// per vet unit: package ID -> check -> []diagnostic or {"error": "..."}.
func parseVetJSON(stdout []byte) (*vetReport, error) {
	rep := new(vetReport)
	dec := json.NewDecoder(bytes.NewReader(stdout))
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			return rep, nil
		} else if err != nil {
			return nil, fmt.Errorf("decoding go vet -json output: %v", err)
		}
		rep.units++
		for pkg, checks := range tree {
			if err := rep.add(pkg, checks); err != nil {
				return nil, err
			}
		}
	}
}

// add records one package's results.
func (r *vetReport) add(pkg string, checks map[string]json.RawMessage) error {
	for check, raw := range checks {
		if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
			var e struct{ Error string }
			if err := json.Unmarshal(raw, &e); err != nil {
				return err
			}
			r.errors = append(r.errors, fmt.Sprintf("ANALYZER ERROR: %s: %s: %s", pkg, check, e.Error))
			continue
		}
		var diags []diagnostic
		if err := json.Unmarshal(raw, &diags); err != nil {
			return err
		}
		for _, d := range diags {
			r.findings = append(r.findings, finding{check, d})
		}
	}
	return nil
}

// writeFindings writes the findings, one per line and sorted, to
// findings-<name>.txt in the output directory.
func writeFindings(t *testing.T, name string, rep *vetReport) {
	t.Helper()
	var lines []string
	for _, f := range rep.findings {
		fix := ""
		if len(f.SuggestedFixes) > 0 {
			fix = " [fix: " + f.SuggestedFixes[0].Message + "]"
		}
		lines = append(lines, fmt.Sprintf("%s: %s: %s%s\n", f.Posn, f.check, f.Message, fix))
	}
	sort.Strings(lines)
	file := filepath.Join(env.outDir, "findings-"+name+".txt")
	if err := os.WriteFile(file, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Error(err)
	}
}

// ---- copies and hashes ----

// copyDir copies src to dst (which must not exist) with cp -r and makes
// the copy writable: the module cache is read-only.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"cp", "-r", src, dst}, {"chmod", "-R", "u+w", dst}} {
		if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
}

// download fetches m from the module proxy and returns its directory in
// the module cache.
func download(t *testing.T, m corpus) string {
	t.Helper()
	r := run(t, t.TempDir(), true, "go", "mod", "download", "-json", m.module+"@"+m.version)
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(r.stdout, &info); err != nil || r.code != 0 || info.Error != "" {
		t.Fatalf("go mod download %s@%s: %v %s\n%s", m.module, m.version, err, info.Error, r.stderr)
	}
	return info.Dir
}

// hashGoFiles returns the SHA-256 of every .go file under dir.
func hashGoFiles(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	hashes := make(map[string][32]byte)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		hashes[path] = sha256.Sum256(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return hashes
}

// changed returns the files whose hash differs between before and after,
// sorted.
func changed(before, after map[string][32]byte) []string {
	var files []string
	for path, h := range after {
		if before[path] != h {
			files = append(files, path)
		}
	}
	for path := range before {
		if _, ok := after[path]; !ok {
			files = append(files, path)
		}
	}
	sort.Strings(files)
	return files
}

// gofmtDirty returns the files gofmt -l lists.
func gofmtDirty(t *testing.T, files []string) []string {
	t.Helper()
	if len(files) == 0 {
		return nil
	}
	out, err := exec.Command("gofmt", append([]string{"-l"}, files...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("gofmt -l: %v\n%s", err, out)
	}
	return strings.Fields(string(out))
}

// ---- the tests ----

// TestCorpus runs latebind over the standard library and the proxy
// modules, and checks the safety of its fixes on each.
func TestCorpus(t *testing.T) {
	setup(t)
	t.Run("std", testStd)
	for _, m := range proxyModules {
		t.Run(m.name, func(t *testing.T) {
			src := download(t, m)
			dir := filepath.Join(t.TempDir(), m.name)
			copyDir(t, src, dir)
			checkModule(t, m, dir, freshTool(t))
		})
	}
}

// TestFixSafetyTestdata checks the fixes on copies of this repository's
// testdata modules, where latebind finds its deliberate bugs, and that the
// -diff route used for std yields what -fix writes.
func TestFixSafetyTestdata(t *testing.T) {
	setup(t)
	for _, m := range testdataModules {
		t.Run(m.name, func(t *testing.T) {
			root := t.TempDir()
			for _, d := range replaceRoots {
				copyDir(t, filepath.Join(env.rootDir, d), filepath.Join(root, d))
			}
			dir := filepath.Join(root, m.dir)
			tool := freshTool(t)
			want := vetDiff(t, dir, false, tool, "./...")
			r := checkModule(t, m, dir, tool)
			if r.fixable == 0 {
				t.Errorf("no fixable findings in %s: the fix-safety check exercised nothing", m.dir)
			}
			compareDiffRoute(t, want)
			t.Logf("go vet -fix -diff showed the %d files go vet -fix wrote", len(want))
		})
	}
}

// checkModule runs the corpus check and the fix-safety check on the
// writable module copy in dir.
func checkModule(t *testing.T, m corpus, dir, tool string) *row {
	t.Helper()
	rep, wall := vetJSON(t, dir, false, tool, nil, "./...")
	r := &row{corpus: m, units: rep.units, wall: wall, findings: rep.perCheck(), fixable: rep.fixable(), errors: rep.errors}
	addRow(r)
	report(t, r, rep)
	wantFindings(t, dir, m.want, rep)
	r.fix = fixModule(t, dir, tool, r)
	t.Logf("fix safety: %s (%d files changed, %s)", r.fix, r.filesChanged, r.fixWall.Round(time.Second))
	return r
}

// report logs a corpus run and fails the test on errors.
func report(t *testing.T, r *row, rep *vetReport) {
	t.Helper()
	writeFindings(t, r.corpus.name, rep)
	t.Logf("%s: %d vet units in %s; findings %v, %d with a fix", r.corpus.name, r.units, r.wall.Round(time.Second), r.findings, r.fixable)
	for _, e := range r.errors {
		t.Error(e)
	}
}

// wantFindings fails the test unless each of want is among the findings.
func wantFindings(t *testing.T, dir string, want []string, rep *vetReport) {
	t.Helper()
	got := make(map[string]bool)
	for _, f := range rep.findings {
		rel, err := filepath.Rel(dir, f.Posn)
		if err != nil {
			continue
		}
		got[filepath.ToSlash(rel)+": "+f.check] = true
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("known finding %s is no longer reported", w)
		}
	}
}

// fixModule applies every fix in dir through go vet -fix and checks the
// result; it returns the verdict for the summary.
func fixModule(t *testing.T, dir, tool string, r *row) string {
	t.Helper()
	before := hashGoFiles(t, dir)
	start := time.Now()
	defer func() { r.fixWall = time.Since(start) }()
	if !vetFix(t, dir, tool) {
		return "FAIL: go vet -fix failed"
	}
	files := changed(before, hashGoFiles(t, dir))
	r.filesChanged = len(files)
	if len(files) == 0 {
		if r.fixable > 0 {
			t.Errorf("%d findings have fixes but go vet -fix changed no file", r.fixable)
			return "FAIL: fixes not applied"
		}
		return "ok (no fixes proposed)"
	}
	return checkFixed(t, dir, tool, files)
}

// vetFix runs go vet -fix with the tool in dir and reports whether it
// succeeded without complaint.
func vetFix(t *testing.T, dir, tool string) bool {
	t.Helper()
	res := run(t, dir, false, "go", "vet", "-vettool="+tool, "-fix", "./...")
	ok := res.code == 0
	for _, p := range problems(res.stderr) {
		t.Errorf("go vet -fix: %s", p)
		ok = false
	}
	if res.code != 0 {
		t.Errorf("go vet -fix exited with status %d", res.code)
	}
	return ok
}

// checkFixed checks a module whose files were changed by go vet -fix.
func checkFixed(t *testing.T, dir, tool string, files []string) string {
	t.Helper()
	var failed []string
	if dirty := gofmtDirty(t, files); len(dirty) > 0 {
		t.Errorf("fixed files are not gofmt-clean: %v", dirty)
		failed = append(failed, "gofmt")
	}
	if b := run(t, dir, false, "go", "build", "./..."); b.code != 0 {
		t.Errorf("go build ./... after the fixes: exit %d\n%s", b.code, tail(b.stderr))
		failed = append(failed, "build")
	}
	// A vet run type-checks every package with its test files; after
	// the fixes it must propose no fix.
	rep, _ := vetJSON(t, dir, false, tool, nil, "./...")
	for _, e := range rep.errors {
		t.Errorf("go vet after the fixes: %s", e)
		failed = append(failed, "type-check")
	}
	if n := rep.fixable(); n > 0 {
		t.Errorf("after the fixes go vet still proposes %d fixes", n)
		failed = append(failed, "2nd run proposes fixes")
	}
	before := hashGoFiles(t, dir)
	if !vetFix(t, dir, tool) || len(changed(before, hashGoFiles(t, dir))) > 0 {
		t.Errorf("a second go vet -fix changed files: %v", changed(before, hashGoFiles(t, dir)))
		failed = append(failed, "2nd -fix changes files")
	}
	if len(failed) > 0 {
		return "FAIL: " + strings.Join(slices.Compact(failed), ", ")
	}
	return "ok (builds, tests type-check, gofmt-clean, 2nd run: nothing)"
}

// ---- std ----

// testStd runs latebind over std and checks the fixes it would apply
// through go vet -fix -diff and a build overlay.
func testStd(t *testing.T) {
	m := corpus{name: "std", module: "std"}
	tool := freshTool(t)
	rep, wall := vetJSON(t, t.TempDir(), true, tool, nil, "std")
	r := &row{corpus: m, units: rep.units, wall: wall, findings: rep.perCheck(), fixable: rep.fixable(), errors: rep.errors}
	addRow(r)
	report(t, r, rep)
	start := time.Now()
	r.fix = fixStd(t, tool, r)
	r.fixWall = time.Since(start)
	t.Logf("fix safety: %s (%d files changed, %s)", r.fix, r.filesChanged, r.fixWall.Round(time.Second))
}

// fixStd collects std's fixes with go vet -fix -diff, applies them to
// copies of the affected files, and checks those through an overlay.
func fixStd(t *testing.T, tool string, r *row) string {
	t.Helper()
	patched := vetDiff(t, t.TempDir(), true, tool, "std")
	r.filesChanged = len(patched)
	if len(patched) == 0 {
		if r.fixable > 0 {
			t.Errorf("%d findings have fixes but go vet -fix -diff std printed no diff", r.fixable)
			return "FAIL: fixes not applied"
		}
		return "ok (no fixes proposed; go vet -fix -diff std printed nothing)"
	}
	return checkOverlay(t, tool, patched)
}

// vetDiff runs go vet -fix -diff with the tool on pkgs and returns the
// patched content of every file the diff touches.
func vetDiff(t *testing.T, dir string, std bool, tool string, pkgs ...string) map[string]string {
	t.Helper()
	res := run(t, dir, std, "go", append([]string{"vet", "-vettool=" + tool, "-fix", "-diff"}, pkgs...)...)
	for _, p := range problems(res.stderr) {
		t.Errorf("go vet -fix -diff: %s", p)
	}
	if res.code != 0 && len(res.stdout) == 0 {
		t.Errorf("go vet -fix -diff exited with status %d and printed no diff", res.code)
	}
	patched, err := applyUnified(string(res.stdout))
	if err != nil {
		t.Fatalf("applying the go vet -fix -diff output: %v\n%s", err, res.stdout)
	}
	return patched
}

// checkOverlay checks std's patched files through a build overlay.
func checkOverlay(t *testing.T, tool string, patched map[string]string) string {
	t.Helper()
	overlay, files, pkgs := writeOverlay(t, patched)
	var failed []string
	if dirty := gofmtDirty(t, files); len(dirty) > 0 {
		t.Errorf("fixed files are not gofmt-clean: %v", dirty)
		failed = append(failed, "gofmt")
	}
	tmp := t.TempDir()
	if b := run(t, tmp, true, "go", append([]string{"build", "-overlay=" + overlay}, pkgs...)...); b.code != 0 {
		t.Errorf("go build -overlay after the fixes: exit %d\n%s", b.code, tail(b.stderr))
		failed = append(failed, "build")
	}
	rep, _ := vetJSON(t, tmp, true, tool, []string{"-overlay=" + overlay}, pkgs...)
	for _, e := range rep.errors {
		t.Errorf("go vet -overlay after the fixes: %s", e)
		failed = append(failed, "type-check")
	}
	if n := rep.fixable(); n > 0 {
		t.Errorf("after the fixes go vet still proposes %d fixes", n)
		failed = append(failed, "2nd run proposes fixes")
	}
	if len(failed) > 0 {
		return "FAIL: " + strings.Join(slices.Compact(failed), ", ")
	}
	return "ok via -diff + overlay (builds, tests type-check, gofmt-clean, 2nd run: nothing)"
}

// writeOverlay writes the patched files and a go build overlay for them;
// it returns the overlay file, the patched copies and their package
// directories (which the go command accepts as package patterns).
func writeOverlay(t *testing.T, patched map[string]string) (string, []string, []string) {
	t.Helper()
	tmp := t.TempDir()
	replace := make(map[string]string)
	var files, pkgs []string
	for i, orig := range slices.Sorted(maps.Keys(patched)) {
		dup := filepath.Join(tmp, strconv.Itoa(i)+"_"+filepath.Base(orig))
		if err := os.WriteFile(dup, []byte(patched[orig]), 0o644); err != nil {
			t.Fatal(err)
		}
		replace[orig] = dup
		files = append(files, dup)
		pkgs = append(pkgs, filepath.Dir(orig))
	}
	data, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		t.Fatal(err)
	}
	overlay := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(overlay, data, 0o644); err != nil {
		t.Fatal(err)
	}
	slices.Sort(pkgs)
	return overlay, files, slices.Compact(pkgs)
}

// compareDiffRoute checks that go vet -fix wrote what -diff promised.
func compareDiffRoute(t *testing.T, want map[string]string) {
	t.Helper()
	if len(want) == 0 {
		t.Error("go vet -fix -diff printed no diff")
	}
	for file, content := range want {
		got, err := os.ReadFile(file)
		if err != nil {
			t.Error(err)
		} else if string(got) != content {
			t.Errorf("%s: go vet -fix wrote something else than go vet -fix -diff showed", file)
		}
	}
}

// ---- unified diffs ----

// hunkHeader matches "@@ -l,n +l,n @@" (",n" is omitted when n is 1).
var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@`)

// applyUnified applies the unified diffs go vet -fix -diff prints
// ("--- file (old)", "+++ file (new)", hunks) to the files they name and
// returns the new content of each.
func applyUnified(text string) (map[string]string, error) {
	out := make(map[string]string)
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(nil, 16<<20)
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	for i := 0; i < len(lines); {
		if !strings.HasPrefix(lines[i], "--- ") {
			return nil, fmt.Errorf("line %d: want a --- header, got %q", i+1, lines[i])
		}
		file := strings.TrimSuffix(strings.TrimPrefix(lines[i], "--- "), " (old)")
		end := i + 2
		for end < len(lines) && !strings.HasPrefix(lines[end], "--- ") {
			end++
		}
		content, err := patchFile(file, lines[i+2:end])
		if err != nil {
			return nil, fmt.Errorf("%s: %v", file, err)
		}
		out[file] = content
		i = end
	}
	return out, sc.Err()
}

// patchFile applies the hunks of one file's diff to the file.
func patchFile(file string, hunks []string) (string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	old := slices.Collect(strings.Lines(string(data)))
	var out strings.Builder
	next := 0 // index in old of the next line to copy
	for i, line := range hunks {
		switch {
		case strings.HasPrefix(line, "@@"):
			m := hunkHeader.FindStringSubmatch(line)
			if m == nil {
				return "", fmt.Errorf("bad hunk header %q", line)
			}
			start, _ := strconv.Atoi(m[1])
			if m[2] != "0" {
				start-- // 1-based; a zero-length hunk names the line before it
			}
			if start < next || start > len(old) {
				return "", fmt.Errorf("hunk %q out of order", line)
			}
			for ; next < start; next++ {
				out.WriteString(old[next])
			}
		case line == `\ No newline at end of file`:
			// The preceding line has no newline; handled below.
		case line != "" && (line[0] == ' ' || line[0] == '-'):
			want := line[1:] + eol(hunks, i)
			if next >= len(old) || old[next] != want {
				return "", fmt.Errorf("context mismatch at line %d: %q", next+1, line)
			}
			if line[0] == ' ' {
				out.WriteString(old[next])
			}
			next++
		case line != "" && line[0] == '+':
			out.WriteString(line[1:] + eol(hunks, i))
		default:
			return "", fmt.Errorf("unexpected diff line %q", line)
		}
	}
	for ; next < len(old); next++ {
		out.WriteString(old[next])
	}
	return out.String(), nil
}

// eol returns the line ending of diff line i: none if the next diff line
// says so.
func eol(lines []string, i int) string {
	if i+1 < len(lines) && lines[i+1] == `\ No newline at end of file` {
		return ""
	}
	return "\n"
}

// ---- summary ----

// checks are the columns of the findings table.
var checks = []string{"loopcapture", "txenqueue", "txcapture"}

// writeSummary writes summary.md to the output directory and prints it.
func writeSummary() error {
	if len(env.rows) == 0 || env.outDir == "" {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "| corpus | vet units | wall | %s | other | with fix | panics / errors | fix safety | files fixed | fix wall |\n", strings.Join(checks, " | "))
	fmt.Fprintf(&b, "|---|---:|---:|%s---:|---:|---|---|---:|---:|\n", strings.Repeat("---:|", len(checks)))
	for _, r := range env.rows {
		writeRow(&b, r)
	}
	file := filepath.Join(env.outDir, "summary.md")
	fmt.Printf("\ncorpus summary (%s):\n%s", file, b.String())
	return os.WriteFile(file, []byte(b.String()), 0o644)
}

// writeRow writes one table row.
func writeRow(b *strings.Builder, r *row) {
	name := r.corpus.module
	if r.corpus.version != "" {
		name += "@" + r.corpus.version
	} else if r.corpus.dir != "" {
		name = r.corpus.dir
	}
	fmt.Fprintf(b, "| %s | %d | %s |", name, r.units, r.wall.Round(time.Second))
	other := 0
	for c, n := range r.findings {
		if !slices.Contains(checks, c) {
			other += n
		}
	}
	for _, c := range checks {
		fmt.Fprintf(b, " %d |", r.findings[c])
	}
	errs := "none"
	if len(r.errors) > 0 {
		errs = fmt.Sprintf("**%d**", len(r.errors))
	}
	fmt.Fprintf(b, " %d | %d | %s | %s | %d | %s |\n", other, r.fixable, errs, r.fix, r.filesChanged, r.fixWall.Round(time.Second))
}

// TestApplyUnified checks the diff reader of the std route; it is not
// gated.
func TestApplyUnified(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.go"), filepath.Join(dir, "b.go")
	for file, content := range map[string]string{a: "a\nb\nc\nd\n", b: "a\nb"} {
		if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	diff := "--- " + a + " (old)\n+++ " + a + " (new)\n@@ -1,2 +1,3 @@\n a\n+x\n b\n@@ -4,0 +5,1 @@\n+e\n" +
		"--- " + b + " (old)\n+++ " + b + " (new)\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"
	got, err := applyUnified(diff)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{a: "a\nx\nb\nc\nd\ne\n", b: "a\nc"}; !maps.Equal(got, want) {
		t.Errorf("applyUnified = %q, want %q", got, want)
	}
	if _, err := applyUnified("--- " + a + " (old)\n+++ " + a + " (new)\n@@ -1,1 +1,1 @@\n-z\n+y\n"); err == nil {
		t.Error("applyUnified accepted a diff whose context does not match")
	}
}
