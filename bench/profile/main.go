// Command profile runs latebind's checks on packages through x/tools'
// checker and writes pprof profiles of the analysis alone: loading and
// type-checking happen before the profiles start. It is where to look when
// bench/run.sh shows latebind above its floor (see docs/performance.md):
//
//	go run ./bench/profile -cpuprofile cpu.pprof -memprofile mem.pprof std
//	go tool pprof -top cpu.pprof
//	go tool pprof -sample_index=alloc_space -top mem.pprof
//
// It also prints the time each analyzer took, summed over packages (wall
// time of each step, inflated when steps run in parallel; the CPU profile
// is the better witness). -floor runs x/tools' inspect alone instead, the
// analyzer the benchmark's floor runs.
//
// Unlike go vet, which runs one process per package on export data, the
// checker holds every package, from source, in one process: the profile
// tells where analysis time goes, not what go vet's peak RSS is.
package main

import (
	"cmp"
	"flag"
	"fmt"
	"maps"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/packages"

	"github.com/latebind/latebind/internal/config"
	"github.com/latebind/latebind/internal/suite"
	"github.com/latebind/latebind/passes/lazyssa"
)

func main() {
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the analysis to `file`")
	memprofile := flag.String("memprofile", "", "write an allocation profile of the analysis to `file` (allocations while loading are subtracted)")
	tests := flag.Bool("tests", true, "analyze test variants too, as go vet does")
	floor := flag.Bool("floor", false, "run x/tools' inspect alone (the benchmark's floor)")
	flag.Parse()
	patterns := flag.Args()
	if len(patterns) == 0 {
		patterns = []string{"std"}
	}
	if err := run(patterns, *tests, *floor, *cpuprofile, *memprofile); err != nil {
		fmt.Fprintln(os.Stderr, "profile:", err)
		os.Exit(1)
	}
}

func run(patterns []string, tests, floor bool, cpuprofile, memprofile string) error {
	analyzers := []*analysis.Analyzer{inspect.Analyzer}
	if !floor {
		analyzers = append(suite.New(&config.Config{}), recordLazy)
	}
	t0 := time.Now()
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Tests: tests}, patterns...)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "loaded %d packages in %v\n", len(pkgs), time.Since(t0).Round(time.Millisecond))
	stop, err := startProfiles(cpuprofile, memprofile)
	if err != nil {
		return err
	}
	t1 := time.Now()
	graph, err := checker.Analyze(analyzers, pkgs, nil)
	elapsed := time.Since(t1)
	if perr := stop(); perr != nil {
		return perr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "analyzed in %v\n", elapsed.Round(time.Millisecond))
	report(graph)
	reportSSA(graph)
	return nil
}

// lazies records each package's lazyssa result, to ask after the analysis
// whether some check had the SSA built.
var lazies sync.Map // *types.Package → *lazyssa.Lazy

// recordLazy is an analyzer that records the lazyssa result of every
// package the checks run on. It declares a fact type, so that the checker
// runs it on dependencies too, and requires nothing but lazyssa, so that
// it makes no check run where it would not run anyway.
var recordLazy = &analysis.Analyzer{
	Name:     "recordlazy",
	Doc:      "recordlazy keeps each package's lazyssa result for the report.",
	Requires: []*analysis.Analyzer{lazyssa.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		lazies.Store(pass.Pkg, pass.ResultOf[lazyssa.Analyzer])
		return nil, nil
	},
	FactTypes: []analysis.Fact{new(noFact)},
}

// noFact is never exported.
type noFact struct{}

func (*noFact) AFact() {}

// reportSSA prints for how many packages some check had SSA built, and in
// how many callbacks found a kept callback (exported a fact), analyzed
// packages and dependencies apart.
func reportSSA(graph *checker.Graph) {
	type count struct{ pkgs, built, facts int }
	var roots, deps count
	isRoot := make(map[*packages.Package]bool)
	for _, r := range graph.Roots {
		isRoot[r.Package] = true
	}
	for act := range graph.All() {
		c := &deps
		if isRoot[act.Package] {
			c = &roots
		}
		switch act.Analyzer.Name {
		case recordLazy.Name:
			c.pkgs++
			if lazy, ok := lazies.Load(act.Package.Types); ok && lazy.(*lazyssa.Lazy).Built() {
				c.built++
			}
		case "callbacks":
			if slices.ContainsFunc(act.AllObjectFacts(), func(f analysis.ObjectFact) bool {
				return f.Object.Pkg() == act.Package.Types
			}) {
				c.facts++
			}
		}
	}
	for _, x := range []struct {
		name string
		c    count
	}{{"analyzed packages", roots}, {"dependencies (facts only)", deps}} {
		fmt.Printf("%s: %d, SSA built for %d; callbacks found a kept callback in %d\n",
			x.name, x.c.pkgs, x.c.built, x.c.facts)
	}
}

// startProfiles starts the CPU profile and records the allocations so far;
// the returned func stops the one and writes the other.
func startProfiles(cpuprofile, memprofile string) (func() error, error) {
	var cpu *os.File
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
		cpu = f
	}
	if memprofile != "" {
		runtime.GC()
		if err := writeHeap(memprofile + ".base"); err != nil {
			return nil, err
		}
	}
	return func() error {
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				return err
			}
		}
		if memprofile == "" {
			return nil
		}
		runtime.GC()
		if err := writeHeap(memprofile); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "allocations during analysis: go tool pprof -sample_index=alloc_space -diff_base %s.base %s\n", memprofile, memprofile)
		return nil
	}, nil
}

func writeHeap(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// report prints each analyzer's summed step time and how many packages it
// ran on, and its findings and errors.
func report(graph *checker.Graph) {
	type total struct {
		d                     time.Duration
		steps, findings, errs int
	}
	totals := make(map[string]*total)
	for act := range graph.All() {
		t := totals[act.Analyzer.Name]
		if t == nil {
			t = new(total)
			totals[act.Analyzer.Name] = t
		}
		t.d += act.Duration
		t.steps++
		t.findings += len(act.Diagnostics)
		if act.Err != nil {
			t.errs++
		}
	}
	names := slices.SortedFunc(maps.Keys(totals), func(a, b string) int {
		return cmp.Compare(totals[b].d, totals[a].d)
	})
	fmt.Printf("%-14s %10s %7s %9s %7s\n", "analyzer", "time", "steps", "findings", "errors")
	for _, n := range names {
		t := totals[n]
		fmt.Printf("%-14s %10v %7d %9d %7d\n", n, t.d.Round(time.Millisecond), t.steps, t.findings, t.errs)
	}
}
