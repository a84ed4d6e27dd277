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
	"go/ast"
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
	"golang.org/x/tools/go/ast/inspector"
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
		analyzers = []*analysis.Analyzer{withStats(suite.New(&config.Config{}))}
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

// ssaBuilt records, per package, whether some check had its SSA built and
// whether the package has a function literal inside a loop (what
// loopcapture's own pre-check looks for).
var ssaBuilt sync.Map // *types.Package → ssaStat

type ssaStat struct{ built, loopLit, sharp bool }

// withStats returns an analyzer that runs after the checks, on every
// package they run on (it declares a fact type, so dependencies too), and
// records in ssaBuilt whether some check had SSA built for the package.
func withStats(checks []*analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     "ssastats",
		Doc:      "ssastats records whether lazyssa built the package's SSA.",
		Requires: append([]*analysis.Analyzer{lazyssa.Analyzer, inspect.Analyzer}, checks...),
		Run: func(pass *analysis.Pass) (any, error) {
			ssaBuilt.Store(pass.Pkg, ssaStat{
				built:   pass.ResultOf[lazyssa.Analyzer].(*lazyssa.Lazy).Built(),
				loopLit: loopLit(pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)),
				sharp:   sharpLoopLit(pass),
			})
			return nil, nil
		},
		FactTypes: []analysis.Fact{new(noFact)},
	}
}

// loopLit reports whether a function literal appears inside a for or
// range statement.
func loopLit(insp *inspector.Inspector) bool {
	for c := range insp.Root().Preorder((*ast.FuncLit)(nil)) {
		for p := c.Parent(); p.Node() != nil; p = p.Parent() {
			switch p.Node().(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				return true
			}
		}
	}
	return false
}

// noFact is never exported; declaring it makes the checker run ssastats on
// dependencies, as go vet runs fact-producing checks on them.
type noFact struct{}

func (*noFact) AFact() {}

// reportSSA prints for how many packages SSA was built, and in how many
// callbacks found a kept callback (exported a fact), analyzed packages and
// dependencies apart.
func reportSSA(graph *checker.Graph) {
	type count struct{ pkgs, built, facts, wasted, sharpWasted int }
	missed := 0 // packages with loopcapture findings the sharper pre-check would skip
	var roots, deps count
	isRoot := make(map[*packages.Package]bool)
	for _, r := range graph.Roots {
		isRoot[r.Package] = true
	}
	for act := range graph.All() {
		if act.Analyzer.Name == "loopcapture" && len(act.Diagnostics) > 0 {
			if st, _ := ssaBuilt.Load(act.Package.Types); !st.(ssaStat).sharp {
				missed++
			}
		}
		if act.Analyzer.Name != "callbacks" {
			continue
		}
		c := &deps
		if isRoot[act.Package] {
			c = &roots
		}
		c.pkgs++
		st, _ := ssaBuilt.Load(act.Package.Types)
		stat, _ := st.(ssaStat)
		kept := slices.ContainsFunc(act.AllObjectFacts(), func(f analysis.ObjectFact) bool { return f.Object.Pkg() == act.Package.Types })
		if stat.built {
			c.built++
		}
		if kept {
			c.facts++
		}
		// loopcapture runs on analyzed packages only (it has no facts).
		if stat.built && !kept && !(isRoot[act.Package] && stat.loopLit) {
			c.wasted++
		}
		if stat.built && !kept && !(isRoot[act.Package] && stat.sharp) {
			c.sharpWasted++
		}
	}
	if roots.pkgs+deps.pkgs == 0 {
		return
	}
	for _, x := range []struct {
		name string
		c    count
	}{{"analyzed packages", roots}, {"dependencies (facts only)", deps}} {
		fmt.Printf("%s: %d, SSA built for %d; callbacks found a kept callback in %d; "+
			"built with no kept callback and no literal in a loop: %d; "+
			"nor a literal using a variable its loop writes: %d\n",
			x.name, x.c.pkgs, x.c.built, x.c.facts, x.c.wasted, x.c.sharpWasted)
	}
	fmt.Printf("packages with loopcapture findings that the sharper pre-check would skip: %d\n", missed)
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
