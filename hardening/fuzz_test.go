package hardening

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/latebind/latebind/internal/config"
)

// FuzzAnalyze runs every latebind analyzer over arbitrary Go source.
//
// src is one file, or a txtar archive of several: files in a
// subdirectory form a package of their own that the others may import as
// example.com/fuzz/<dir> (facts then cross a package boundary). mode
// picks the module's go directive (bits 0-2: go1.21 … go1.26; a
// //go:build go1.21 line in a file downgrades that file), the rich
// configuration of richConfig (bit 3), and NolintByDriver (bit 4).
//
// Inputs that do not parse or type-check are skipped. Anything else must
// analyze cleanly: no panic, no analysis error, every diagnostic inside
// the package's files, facts that survive gob encoding; and the suggested
// fixes must keep their promise (see checkFixes).
//
// The seeds are testdata/seeds (copies of latebind's std-only testdata
// and docs examples, plus cases written for this file) and any regression
// in testdata/fuzz/FuzzAnalyze. To fuzz:
//
//	go test ./hardening -run XXX -fuzz FuzzAnalyze -fuzztime 10m -fuzzminimizetime 200x
//
// Bound minimization by count: with the default (60s), minimizing an
// interesting input often outlasts its deadline, and the engine kills and
// restarts the worker, which stalls the run for seconds each time.
func FuzzAnalyze(f *testing.F) {
	seeds, err := filepath.Glob("testdata/seeds/*")
	if err != nil || len(seeds) == 0 {
		f.Fatalf("no seeds: %v", err)
	}
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		for _, mode := range []uint8{0, 1, 5, 5 | 8, 5 | 16} {
			f.Add(string(data), mode)
		}
	}
	u, err := loadUniverse()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src string, mode uint8) {
		defer watchdog(hangLimit)()
		dir, err := scratchDir()
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		if err := analyzeInput(u, dir, src, mode); err != nil {
			t.Fatal(err)
		}
	})
}

// hangLimit is how long one input may take before the fuzzer calls it a
// hang. Seeds take milliseconds; the fuzzing engine has no timeout of its
// own and would otherwise just stall.
const hangLimit = 30 * time.Second

// watchdog crashes the process, with every goroutine's stack, if the
// returned stop is not called within d: the fuzzing engine then records
// the input as a crasher.
func watchdog(d time.Duration) (stop func()) {
	t := time.AfterFunc(d, func() {
		buf := make([]byte, 1<<22)
		buf = buf[:runtime.Stack(buf, true)]
		fmt.Fprintf(os.Stderr, "input still running after %v:\n%s\n", d, buf)
		panic(fmt.Sprintf("hang: input still running after %v", d))
	})
	return func() { t.Stop() }
}

// scratchDir returns a new directory for one input's files. Analyzers
// read the files they analyze (directives, fix indentation), so inputs go
// to disk: to tmpfs when there is one, as t.TempDir on a slow disk costs
// more than the analysis.
func scratchDir() (string, error) {
	root := ""
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		root = "/dev/shm"
	}
	return os.MkdirTemp(root, "hardening-")
}

// analyzeInput is one iteration of FuzzAnalyze.
func analyzeInput(u *universe, dir, src string, mode uint8) error {
	goVersion := fmt.Sprintf("go1.%d", 21+int(mode&7)%6)
	srcs := splitInput(src)
	pkgs, err := buildMem(u, filepath.Join(dir, "a"), goVersion, srcs)
	if errors.Is(err, errIllTyped) || len(pkgs) == 0 {
		return nil
	}
	if err != nil {
		return err
	}
	cfg := &config.Config{}
	if mode&8 != 0 {
		cfg = richConfig()
	}
	cfg.NolintByDriver = mode&16 != 0
	out, err := runAnalyzers(cfg, pkgs, false, false)
	if err != nil {
		return err
	}
	return checkFixes(u, cfg, filepath.Join(dir, "a"), filepath.Join(dir, "b"), goVersion, srcs, out)
}

// TestSeeds keeps the seed corpus honest: every seed must type-check
// under go1.26 (else the fuzzer would skip it), and every line of a seed
// copied from latebind's testdata that wants a diagnostic (a "// want"
// comment with a message pattern, not a fact) must get one here too, with
// the default or the rich configuration, in the harness's in-memory
// package: evidence that the harness sees what analysistest sees.
func TestSeeds(t *testing.T) {
	u, err := loadUniverse()
	if err != nil {
		t.Fatal(err)
	}
	seeds, _ := filepath.Glob("testdata/seeds/*")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		srcs := splitInput(string(data))
		pkgs, err := buildMem(u, dir, "go1.26", srcs)
		if err != nil || len(pkgs) == 0 {
			t.Errorf("%s: %v (%d packages)", s, err, len(pkgs))
			continue
		}
		got := map[fileLine]bool{}
		for _, cfg := range []*config.Config{{}, richConfig()} {
			out, err := runAnalyzers(cfg, pkgs, false, false)
			if err != nil {
				t.Errorf("%s: %v", s, err)
				continue
			}
			t.Logf("%s: %d packages, findings: loopcapture %d, txenqueue %d, txcapture %d", filepath.Base(s),
				len(pkgs), out.count("loopcapture"), out.count("txenqueue"), out.count("txcapture"))
			for _, ds := range out.diags {
				for _, d := range ds {
					p := out.fset.Position(d.Pos)
					got[fileLine{p.Filename, p.Line}] = true
				}
			}
		}
		for _, src := range srcs {
			for i, line := range strings.Split(src.text, "\n") {
				name := filepath.Join(dir, filepath.FromSlash(src.name))
				if wantRE.MatchString(line) && !got[fileLine{name, i + 1}] {
					t.Errorf("%s: %s:%d wants a diagnostic, got none: %s", filepath.Base(s), src.name, i+1, strings.TrimSpace(line))
				}
			}
		}
	}
}

type fileLine struct {
	file string
	line int
}

// wantRE matches a "// want" comment that expects a diagnostic.
var wantRE = regexp.MustCompile("// want [`\"]")

// FuzzGenerated runs every analyzer over programs built by generate from
// the input's bytes: always well typed, dense in loops and closures. On
// top of FuzzAnalyze's checks it holds latebind's fixes to their promise
// (DESIGN.md): applied together they leave code that type-checks and is
// gofmt-clean, and a second run has nothing left to fix.
func FuzzGenerated(f *testing.F) {
	for _, seed := range []string{
		"",
		"\x01\x01\x00\x01\x02\x01\x03",
		"\x00\x01\x00\x01\x00\x02\x01\x01\x01\x02\x04\x03\x02\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a",
		"\x01\x07\x00\x01\x07\x01\x02\x00\x01\x01\x01\x01\x00\x01\x02\x00\x05\x00",
		strings.Repeat("\x03\x01\x07\x02\x05\x0b\x01\x09\x04", 20),
		strings.Repeat("\x02\x0f\x05\x01\x03\x00\x0c\x06\x0a\x08", 30),
	} {
		f.Add([]byte(seed))
	}
	u, err := loadUniverse()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog(hangLimit)()
		dir, err := scratchDir()
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		src := generate(data)
		if err := analyzeGenerated(u, dir, src); err != nil {
			t.Fatalf("%v\n--- generated source:\n%s", err, src)
		}
	})
}

// analyzeGenerated analyzes one generated program and checks its fixes.
func analyzeGenerated(u *universe, dir, src string) error {
	srcs := []source{{"gen.go", src}}
	pkgs, err := buildMem(u, filepath.Join(dir, "a"), "go1.26", srcs)
	if err != nil || len(pkgs) != 1 {
		return fmt.Errorf("the generator produced a package that does not type-check: %v", err)
	}
	cfg := &config.Config{}
	out, err := runAnalyzers(cfg, pkgs, false, false)
	if err != nil {
		return err
	}
	return checkFixes(u, cfg, filepath.Join(dir, "a"), filepath.Join(dir, "b"), "go1.26", srcs, out)
}
