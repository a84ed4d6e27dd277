package hardening

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/internal/config"
)

// The stress tests generate packages far larger than real code and run
// every latebind analyzer on them at two sizes, n and n/4. They assert
// only deterministic things: the exact number of findings, and that the
// bytes latebind allocates grow no worse than linearly, with a factor 2 of
// slack. "latebind allocates" is the analyzers' TotalAlloc minus what
// building the package's SSA alone allocates: go/ssa's lifting is itself
// superlinear in a function with thousands of blocks and variables
// (ssa.rename), which is x/tools' business. Wall time and peak heap are
// logged, never asserted (benchmarks are not timed tests). -short runs a
// quarter of the full size.

// allocSlack is how much worse than linear latebind's allocation may grow
// from n/4 to n: own(n) <= 4 * allocSlack * own(n/4).
const allocSlack = 2

// A generator returns the files of a package of size n and the number
// of loopcapture findings it must produce.
type generator func(n int) (files []source, want int)

func TestStressOneHugeFunction(t *testing.T) {
	// 52 lines per loop: 400 loops make a 20,800-line function.
	stress(t, "huge function", hugeFunction, scaled(400), linear)
}

func TestStressManyFunctions(t *testing.T) {
	stress(t, "many functions", manyFunctions, scaled(5000), linear)
}

// Nesting is quadratic by nature: the closure at depth d is checked
// against the d loops around it.
func TestStressDeepNesting(t *testing.T) {
	stress(t, "deep nesting", deepNesting, scaled(200), quadratic)
}

// Growth bounds from n/4 to n.
const (
	linear    = 4
	quadratic = 16
)

func scaled(n int) int {
	if testing.Short() {
		return n / 4
	}
	return n
}

// measure is one run's cost.
type measure struct {
	lines, findings int
	wall            time.Duration
	totalAlloc      uint64 // bytes allocated while the analyzers ran
	ssaAlloc        uint64 // bytes allocated building the package's SSA alone
	peakHeap        uint64 // peak live heap above the baseline, sampled
}

func (m measure) own() uint64 { return m.totalAlloc - min(m.ssaAlloc, m.totalAlloc) }

// stress runs gen at n/4 and n.
func stress(t *testing.T, name string, gen generator, n int, growth float64) {
	u, err := loadUniverse()
	if err != nil {
		t.Fatal(err)
	}
	small := runStress(t, u, gen, n/4)
	large := runStress(t, u, gen, n)
	for _, m := range []struct {
		n int
		measure
	}{{n / 4, small}, {n, large}} {
		t.Logf("%s n=%d: %d lines, %d findings, %v, TotalAlloc %.1f MB (SSA alone %.1f MB), peak heap +%.1f MB",
			name, m.n, m.lines, m.findings, m.wall.Round(time.Millisecond),
			float64(m.totalAlloc)/1e6, float64(m.ssaAlloc)/1e6, float64(m.peakHeap)/1e6)
	}
	ratio := float64(large.own()) / float64(small.own())
	t.Logf("%s: n/(n/4) ratios: latebind's allocation %.2f, TotalAlloc %.2f, wall %.2f (bound %.0f x %d)",
		name, ratio, float64(large.totalAlloc)/float64(small.totalAlloc),
		float64(large.wall)/float64(small.wall), growth, allocSlack)
	if ratio > growth*allocSlack {
		t.Errorf("%s: latebind's allocation grew %.1fx from n=%d to n=%d (bound %.0fx)",
			name, ratio, n/4, n, growth*allocSlack)
	}
}

func runStress(t *testing.T, u *universe, gen generator, n int) measure {
	t.Helper()
	files, want := gen(n)
	lines := 0
	for _, f := range files {
		lines += strings.Count(f.text, "\n")
	}
	pkgs, err := buildMem(u, t.TempDir(), "go1.26", files)
	if err != nil || len(pkgs) != 1 {
		t.Fatalf("generated package (n=%d): %v", n, err)
	}
	m := measure{lines: lines}
	m.ssaAlloc = allocated(func() { buildSSA(pkgs[0]) })
	var out *outcome
	stop := sampleHeap()
	start := time.Now()
	m.totalAlloc = allocated(func() { out, err = runAnalyzers(&config.Config{}, pkgs, false, false) })
	m.wall = time.Since(start)
	m.peakHeap = stop()
	if err != nil {
		t.Fatalf("n=%d: %v", n, err)
	}
	if got := out.count("loopcapture"); got != want {
		t.Errorf("n=%d: %d loopcapture findings, want %d", n, got, want)
	}
	if other := out.total() - out.count("loopcapture"); other != 0 {
		t.Errorf("n=%d: %d findings of other checks, want none", n, other)
	}
	m.findings = out.total()
	return m
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// buildSSA builds pkg's SSA as lazyssa does.
func buildSSA(pkg *packages.Package) {
	prog := ssa.NewProgram(pkg.Fset, ssa.BuilderMode(0))
	for _, p := range pkg.Types.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	prog.CreatePackage(pkg.Types, pkg.Syntax, pkg.TypesInfo, false).Build()
}

// sampleHeap samples the live heap every few milliseconds until the
// returned function is called, which reports the peak above the heap
// live at the start (after a GC).
func sampleHeap() (stop func() uint64) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			peak = max(peak, read())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	return func() uint64 {
		close(done)
		wg.Wait()
		peak = max(peak, read())
		return peak - min(base, peak)
	}
}

const stressHeader = `package stress

import (
	"sort"
	"sync"
)

func use(...any) {}

var _ = sort.Ints

type store struct {
	mu  sync.Mutex
	fns []func()
}
`

// hugeFunction is one function of about 52*loops lines. Each loop writes
// a variable declared before all loops and hands three closures reading it
// to go, defer and a slice that outlives the loop (three findings), plus
// closures that must stay silent: one passed to sort.Slice, an immediately
// invoked one, and a goroutine reading a variable the loop never writes.
func hugeFunction(loops int) ([]source, int) {
	var b strings.Builder
	b.WriteString(stressHeader)
	b.WriteString("\nfunc Huge(xs []int, s *store) int {\n\tacc, k := 0, len(xs)\n")
	for i := range loops {
		fmt.Fprintf(&b, "\tvar v%d int\n", i)
	}
	for i := range loops {
		fmt.Fprintf(&b, `	for _, x := range xs {
		v%[1]d = x + %[1]d
		go func() { use(v%[1]d) }()
		defer func() { use(v%[1]d) }()
		s.fns = append(s.fns, func() { use(v%[1]d) })
		sort.Slice(xs, func(i, j int) bool { return xs[i]+v%[1]d < xs[j] })
		func() { use(v%[1]d) }()
		go func() { use(k) }()
`, i)
		for j := range 14 {
			fmt.Fprintf(&b, "\t\tif acc += x * %d; acc > %d {\n\t\t\tacc -= k\n\t\t}\n", j+i, 1000+j)
		}
		b.WriteString("\t}\n")
	}
	b.WriteString("\treturn acc\n}\n")
	return []source{{"huge.go", b.String()}}, 3 * loops
}

// manyFunctions is n small functions, each with one loop whose closure
// (a goroutine, a deferred call or a kept callback, in turn) reads a
// variable declared before the loop and written in it: one finding each;
// plus a closure that is called at once. 500 functions per file.
func manyFunctions(n int) ([]source, int) {
	var files []source
	var b strings.Builder
	kinds := []string{
		"go func() { use(v) }()",
		"defer func() { use(v) }()",
		"s.fns = append(s.fns, func() { use(v) })",
	}
	flush := func() {
		files = append(files, source{fmt.Sprintf("f%03d.go", len(files)), b.String()})
		b.Reset()
	}
	for i := range n {
		if i%500 == 0 {
			if i > 0 {
				flush()
			}
			if len(files) == 0 {
				b.WriteString(stressHeader)
			} else {
				b.WriteString("package stress\n")
			}
		}
		fmt.Fprintf(&b, `
func f%d(xs []int, s *store) {
	var v int
	for _, x := range xs {
		v = x * %d
		%s
		func() { use(v) }()
	}
}
`, i, i, kinds[i%len(kinds)])
	}
	flush()
	return files, n
}

// deepNesting nests depth loops; the variable of each level is declared
// just before its loop, written in it, and read by a goroutine started in
// it (one finding per level), and by an immediately invoked closure.
func deepNesting(depth int) ([]source, int) {
	var b strings.Builder
	b.WriteString(stressHeader)
	b.WriteString("\nfunc Deep(xs []int) {\n")
	for i := range depth {
		ind := strings.Repeat("\t", i+1)
		fmt.Fprintf(&b, "%[1]svar v%[2]d int\n%[1]sfor _, x%[2]d := range xs {\n%[1]s\tv%[2]d = x%[2]d\n"+
			"%[1]s\tgo func() { use(v%[2]d) }()\n%[1]s\tfunc() { use(v%[2]d) }()\n", ind, i)
	}
	for i := depth - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "%s}\n", strings.Repeat("\t", i+1))
	}
	b.WriteString("}\n")
	return []source{{"deep.go", b.String()}}, depth
}
