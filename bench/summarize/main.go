// Command summarize prints the table of latebind's benchmark (bench/run.sh)
// from the tab-separated measurements it records, one line per tool run:
//
//	corpus tool run wall_s maxrss_kb user_s sys_s exit load1
//
// For each corpus and tool it prints the median, min and max wall time, the
// median CPU time (user+sys of the whole process tree) and peak RSS, those
// medians as ratios to the floor tool's (-floor, default noop) on the same
// corpus, and the median 1-minute load average when the runs started. It
// computes; it asserts nothing.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// sample is one measured tool run.
type sample struct {
	wall, rssMB, cpu, load float64
	exit                   string
}

// series holds the runs of one tool on one corpus.
type series struct {
	corpus, tool string
	runs         []sample
}

func main() {
	floor := flag.String("floor", "noop", "the tool the ratios divide by")
	flag.Parse()
	in := io.Reader(os.Stdin)
	if flag.NArg() > 0 {
		f, err := os.Open(flag.Arg(0))
		if err != nil {
			fmt.Fprintln(os.Stderr, "summarize:", err)
			os.Exit(2)
		}
		defer f.Close()
		in = f
	}
	all, err := read(in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "summarize:", err)
		os.Exit(2)
	}
	write(os.Stdout, all, *floor)
}

// read parses the measurements, keeping the order in which each corpus and
// tool first appears.
func read(r io.Reader) ([]*series, error) {
	var all []*series
	index := make(map[string]*series)
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 9 || f[0] == "corpus" {
			continue
		}
		s, err := parse(f)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		key := f[0] + "\t" + f[1]
		if index[key] == nil {
			index[key] = &series{corpus: f[0], tool: f[1]}
			all = append(all, index[key])
		}
		index[key].runs = append(index[key].runs, s)
	}
	return all, sc.Err()
}

func parse(f []string) (sample, error) {
	var v [5]float64
	for i, col := range []int{3, 4, 5, 6, 8} {
		x, err := strconv.ParseFloat(f[col], 64)
		if err != nil {
			return sample{}, err
		}
		v[i] = x
	}
	return sample{wall: v[0], rssMB: v[1] / 1024, cpu: v[2] + v[3], load: v[4], exit: f[7]}, nil
}

func write(w io.Writer, all []*series, floor string) {
	fmt.Fprintln(w, "| corpus | tool | runs | wall median (s) | wall min | wall max | CPU median (s) | peak RSS median (MB) | wall ÷ floor | CPU ÷ floor | RSS ÷ floor | load | exit |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, s := range all {
		walls := column(s.runs, func(x sample) float64 { return x.wall })
		cpus := column(s.runs, func(x sample) float64 { return x.cpu })
		rss := column(s.runs, func(x sample) float64 { return x.rssMB })
		ratio := func(get func(sample) float64, mine float64) string {
			for _, b := range all {
				if b.corpus == s.corpus && b.tool == floor {
					return fmt.Sprintf("%.2f×", mine/median(column(b.runs, get)))
				}
			}
			return "–"
		}
		fmt.Fprintf(w, "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %.0f | %s | %s | %s | %.1f | %s |\n",
			s.corpus, s.tool, len(s.runs), median(walls), walls[0], walls[len(walls)-1],
			median(cpus), median(rss),
			ratio(func(x sample) float64 { return x.wall }, median(walls)),
			ratio(func(x sample) float64 { return x.cpu }, median(cpus)),
			ratio(func(x sample) float64 { return x.rssMB }, median(rss)),
			median(column(s.runs, func(x sample) float64 { return x.load })),
			exits(s.runs))
	}
}

// column returns one measurement of every run, sorted.
func column(runs []sample, get func(sample) float64) []float64 {
	var xs []float64
	for _, r := range runs {
		xs = append(xs, get(r))
	}
	slices.Sort(xs)
	return xs
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// exits lists the distinct exit codes of the runs (1 means findings for
// every tool here; anything else deserves a look at the logs).
func exits(runs []sample) string {
	var codes []string
	for _, r := range runs {
		if !slices.Contains(codes, r.exit) {
			codes = append(codes, r.exit)
		}
	}
	return strings.Join(codes, ",")
}
