package golangci

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// The integration test builds a real golangci-lint with the plugin
// compiled in, the way `golangci-lint custom` does it but without cloning
// from GitHub: a module that requires golangci-lint from the module proxy,
// its cmd/golangci-lint/main.go, and the plugins.go that `custom`
// generates (pkg/commands/internal/imports.go), with a replace directive
// to this checkout. The binary is cached under os.UserCacheDir(), keyed by
// a hash of the checkout's Go sources.

const (
	golangciModule  = "github.com/golangci/golangci-lint/v2"
	golangciVersion = "v2.15.0"
	pluginImport    = "github.com/latebind/latebind/plugin/golangci"
)

// pluginsGo is what `golangci-lint custom` writes to
// cmd/golangci-lint/plugins.go for a .custom-gcl.yml listing our plugin.
const pluginsGo = `package main

import (
	_ "` + pluginImport + `"
)
`

func TestGolangciLint(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a custom golangci-lint (minutes with a cold build cache)")
	}
	bin := customGolangci(t)
	work := t.TempDir()
	copyDir(t, testmod, work)
	marks := markers(t, work)
	lintCache := t.TempDir() // golangci-lint's own cache, fresh for each test run
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			got, code, stderr := runGolangci(t, bin, work, lintCache, sc.settings)
			if code != 1 {
				t.Fatalf("exit code %d, want 1 (issues found); stderr:\n%s", code, stderr)
			}
			checkMarkers(t, marks, got, sc.want)
			if two := reportedAt(got, marks["two"]); slices.Contains(sc.want, "two") && len(two) != 2 {
				t.Errorf("lb:two: %d findings, want 2 (uniq-by-line: false)", len(two))
			}
			if sc.name != "configured" {
				return
			}
			// golangci-lint reports exactly what the analyzers find, with
			// the facts from package hooks, less the //nolint one, which
			// the analyzers leave to golangci-lint.
			want := slices.DeleteFunc(direct(t, work, sc.settings, "./..."), func(i issue) bool {
				return fmt.Sprintf("%s:%d", i.File, i.Line) == marks["nolint"]
			})
			if !slices.Equal(got, want) {
				t.Errorf("golangci-lint reported\n%s\nthe analyzers, run directly, find\n%s", lines(got), lines(want))
			}
		})
	}
	t.Run("unknown key", func(t *testing.T) {
		settings := map[string]any{"loopcapture": map[string]any{"registrar": []any{registrar}}}
		_, code, stderr := runGolangci(t, bin, work, lintCache, settings)
		const want = `latebind settings: unknown key "loopcapture.registrar"`
		if code != 3 || !strings.Contains(stderr, want) {
			t.Errorf("exit code %d, stderr:\n%s\nwant exit code 3 and %q", code, stderr, want)
		}
	})
}

// runGolangci runs `golangci-lint run ./...` on the module at dir with a
// .golangci.yml that enables latebind alone with the given settings, and
// returns its issues, its exit code and its standard error.
func runGolangci(t *testing.T, bin, dir, cache string, settings map[string]any) ([]issue, int, string) {
	t.Helper()
	cfg := filepath.Join(dir, ".golangci.yml")
	if err := os.WriteFile(cfg, golangciYML(t, settings), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), bin, "run", "--config", cfg,
		"--output.json.path=stdout", "--show-stats=false", "./...")
	cmd.Dir = dir
	cmd.Env = goEnv("GOLANGCI_LINT_CACHE=" + cache)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	t.Logf("golangci-lint run: %s", time.Since(start).Round(time.Millisecond))
	if cmd.ProcessState.ExitCode() == 3 {
		return nil, 3, stderr.String()
	}
	return parseIssues(t, stdout.Bytes()), cmd.ProcessState.ExitCode(), stderr.String()
}

// golangciYML is the configuration a user writes, with the settings that
// make a CI gate show every finding: no cap per linter, none per text, and
// two findings on one line both kept. JSON is YAML, so the settings are
// written as JSON.
func golangciYML(t *testing.T, settings map[string]any) []byte {
	t.Helper()
	custom := "        type: module\n        description: latebind\n"
	if settings != nil {
		js, err := json.Marshal(settings)
		if err != nil {
			t.Fatal(err)
		}
		custom += "        settings: " + string(js) + "\n"
	}
	return []byte(`version: "2"
linters:
  default: none
  enable:
    - latebind
  settings:
    custom:
      latebind:
` + custom + `issues:
  max-issues-per-linter: 0
  max-same-issues: 0
  uniq-by-line: false
`)
}

// parseIssues reads golangci-lint's JSON output.
func parseIssues(t *testing.T, out []byte) []issue {
	t.Helper()
	var report struct {
		Issues []struct {
			FromLinter, Text string
			Pos              struct {
				Filename     string
				Line, Column int
			}
		}
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("golangci-lint output: %v\n%s", err, out)
	}
	var got []issue
	for _, i := range report.Issues {
		if i.FromLinter != "latebind" {
			t.Errorf("issue from linter %q: %s", i.FromLinter, i.Text)
		}
		got = append(got, issue{filepath.ToSlash(i.Pos.Filename), i.Pos.Line, i.Pos.Column, i.Text})
	}
	sortIssues(got)
	return got
}

func lines(issues []issue) string {
	var b strings.Builder
	for _, i := range issues {
		fmt.Fprintf(&b, "\t%s\n", i)
	}
	return b.String()
}

// customGolangci returns a golangci-lint binary with this checkout's
// plugin compiled in, from the cache when the sources have not changed.
func customGolangci(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	key := sourceKey(t, root)
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "latebind-golangci", key)
	bin := filepath.Join(dir, "golangci-lint")
	if _, err := os.Stat(bin); err == nil {
		t.Logf("golangci-lint %s with latebind: cached %s", golangciVersion, bin)
		return bin
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	buildGolangci(t, root, key, bin)
	t.Logf("golangci-lint %s with latebind: built %s in %s", golangciVersion, bin, time.Since(start).Round(time.Millisecond))
	prune(filepath.Dir(dir), 3)
	return bin
}

// buildGolangci builds the custom golangci-lint into bin.
func buildGolangci(t *testing.T, root, key, bin string) {
	t.Helper()
	tmp := t.TempDir()
	gomod := fmt.Sprintf("module latebind.test/custom-gcl\n\ngo 1.26.0\n\n"+
		"require (\n\t%s %s\n\tgithub.com/latebind/latebind v0.0.0\n)\n\n"+
		"replace github.com/latebind/latebind => %s\n", golangciModule, golangciVersion, root)
	write(t, filepath.Join(tmp, "go.mod"), gomod)
	var dl struct{ Dir, Error string }
	if err := json.Unmarshal(goCmd(t, tmp, "mod", "download", "-json", golangciModule+"@"+golangciVersion), &dl); err != nil || dl.Dir == "" {
		t.Fatalf("go mod download: %v %s", err, dl.Error)
	}
	mainGo, err := os.ReadFile(filepath.Join(dl.Dir, "cmd", "golangci-lint", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(tmp, "main.go"), string(mainGo))
	write(t, filepath.Join(tmp, "plugins.go"), pluginsGo)
	start := time.Now()
	goCmd(t, tmp, "mod", "tidy")
	t.Logf("go mod tidy: %s", time.Since(start).Round(time.Millisecond))
	out := bin + ".tmp" + key[:8] + fmt.Sprint(os.Getpid())
	ldflags := fmt.Sprintf("-s -w -X 'main.version=%s-latebind-%s' -X 'main.date=%s'",
		strings.TrimPrefix(golangciVersion, "v"), key[:12], time.Now().UTC().Format(time.RFC3339))
	start = time.Now()
	goCmd(t, tmp, "build", "-ldflags", ldflags, "-o", out, ".")
	t.Logf("go build: %s", time.Since(start).Round(time.Millisecond))
	if err := os.Rename(out, bin); err != nil {
		t.Fatal(err)
	}
}

// goCmd runs the go command in dir and returns its standard output.
func goCmd(t *testing.T, dir string, args ...string) []byte {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "go", args...)
	cmd.Dir = dir
	cmd.Env = goEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return out
}

// sourceKey hashes what goes into the custom binary from this checkout:
// go.mod, go.sum and the non-test Go files of the module (testdata and
// nested modules left out), plus the golangci-lint and Go versions.
func sourceKey(t *testing.T, root string) string {
	t.Helper()
	h := sha256.New()
	fmt.Fprintf(h, "%s@%s %s %s\n", golangciModule, golangciVersion, runtime.Version(), pluginsGo)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			return skipDir(path, rel, d.Name())
		}
		if !keyFile(rel, d.Name()) {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(data))
		h.Write(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

func skipDir(path, rel, name string) error {
	if rel == "." {
		return nil
	}
	if name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
		return filepath.SkipDir
	}
	if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
		return filepath.SkipDir // another module
	}
	return nil
}

func keyFile(rel, name string) bool {
	if rel == "go.mod" || rel == "go.sum" {
		return true
	}
	return strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")
}

// prune keeps the newest n cached binaries.
func prune(dir string, n int) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	mtime := func(e fs.DirEntry) time.Time {
		info, err := e.Info()
		if err != nil {
			return time.Time{}
		}
		return info.ModTime()
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return mtime(b).Compare(mtime(a)) })
	for _, e := range entries[min(n, len(entries)):] {
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
