package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// Exit codes of the standalone driver.
const (
	exitClean    = 0 // no findings (with -fix: every finding was fixed)
	exitFindings = 1 // findings (with -fix: some were left unfixed)
	exitError    = 2 // bad flags, packages that do not load, a failed check
)

// stdio is where the driver writes: results on out, errors and notes on err.
type stdio struct {
	out, err io.Writer
}

// Output formats (-format).
const (
	formatText   = "text"   // like go vet
	formatJSON   = "json"   // see jsonFinding
	formatSARIF  = "sarif"  // SARIF 2.1.0, see sarif.go
	formatGitHub = "github" // GitHub Actions workflow commands, see github.go
)

// options is the parsed command line of the standalone driver.
type options struct {
	format           string // one of the format constants
	failOnFindings   bool   // -fail=any: exit 1 on findings
	explain          string // -explain: the check to document
	fix, diff, tests bool
	tags             string
	suite            []*analysis.Analyzer // every check, enabled or not (the SARIF rules)
	checks           []*analysis.Analyzer // the enabled checks
	patterns         []string
}

// runStandalone runs the driver on the command-line arguments (without the
// program name) and returns the exit code.
func runStandalone(args []string, analyzers []*analysis.Analyzer, std stdio) int {
	opts, err := parseFlags(args, analyzers, std.err)
	if errors.Is(err, flag.ErrHelp) {
		return exitClean
	}
	if err != nil {
		return exitError
	}
	if opts.explain != "" {
		return explain(opts.explain, analyzers, std)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return fail(std, err)
	}
	findings, err := analyze(opts, cwd, std)
	if err != nil {
		return fail(std, err)
	}
	code := report(opts, findings, cwd, std)
	if code == exitFindings && !opts.failOnFindings {
		return exitClean
	}
	return code
}

// fail prints err and returns the error exit code.
func fail(std stdio, err error) int {
	fmt.Fprintf(std.err, "latebind: %v\n", err)
	return exitError
}

// parseFlags parses args into options. Errors and -h usage go to stderr.
func parseFlags(args []string, analyzers []*analysis.Analyzer, stderr io.Writer) (*options, error) {
	opts := &options{suite: analyzers}
	fs := flag.NewFlagSet("latebind", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { usage(fs, analyzers) }
	out := registerOutputFlags(fs)
	fs.BoolVar(&opts.fix, "fix", false, "apply the first suggested fix of each finding")
	fs.BoolVar(&opts.diff, "diff", false, "print the changes -fix would make as a unified diff; write nothing")
	fs.BoolVar(&opts.tests, "test", true, "also analyze the packages' test files")
	fs.StringVar(&opts.tags, "tags", "", "comma-separated build tags, as for go build")
	fs.StringVar(&opts.explain, "explain", "", "print the documentation of `check` and exit")
	enabled := registerCheckFlags(fs, analyzers)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if err := out.resolve(opts); err != nil {
		fmt.Fprintf(stderr, "latebind: %v\n", err)
		return nil, err
	}
	opts.checks = enabled.selected(analyzers)
	opts.patterns = fs.Args()
	if len(opts.patterns) == 0 {
		opts.patterns = []string{"./..."}
	}
	return opts, nil
}

// usage prints the -h text: synopsis, checks, flags, go vet/go fix use.
func usage(fs *flag.FlagSet, analyzers []*analysis.Analyzer) {
	w := fs.Output()
	fmt.Fprint(w, "usage: latebind [flags] [packages]   (default ./...)\n"+
		"       latebind -explain check\n\nChecks:\n")
	for _, a := range analyzers {
		title, _, _ := strings.Cut(a.Doc, "\n")
		title = strings.TrimPrefix(title, a.Name+": ")
		fmt.Fprintf(w, "  %-12s %s\n", a.Name, title)
	}
	fmt.Fprint(w, "\nFlags:\n")
	fs.PrintDefaults()
	fmt.Fprint(w, `
Exit status:
  0  no findings (with -fix: every finding fixed), or -fail=none
  1  findings (with -fix: findings left unfixed)
  2  errors: bad flags, an unknown -explain check, packages that do not
     load or type-check, a check that failed; also with -fail=none

As the go command's analysis tool (-V=full, -flags and unit.cfg arguments
are its protocol; run "latebind help" for its flags):
  go vet -vettool=$(command -v latebind) [-fix] ./...
  go fix -fixtool=$(command -v latebind) ./...
`)
}

// analyze loads the packages and runs the enabled checks on them.
func analyze(opts *options, cwd string, std stdio) ([]*finding, error) {
	pkgs, err := load(opts)
	if err != nil {
		return nil, err
	}
	if printLoadErrors(pkgs, cwd, std.err) {
		return nil, errors.New("packages contain errors")
	}
	graph, err := checker.Analyze(opts.checks, vetUnits(pkgs), nil)
	if err != nil {
		return nil, err
	}
	if printActionErrors(graph, std.err) {
		return nil, errors.New("analysis failed")
	}
	return collect(graph), nil
}

// load loads the packages named by the patterns, with the syntax and types
// of every dependency, which checker.Analyze needs to compute facts.
func load(opts *options) ([]*packages.Package, error) {
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax | packages.NeedModule | packages.NeedForTest,
		Tests: opts.tests,
	}
	if opts.tags != "" {
		cfg.BuildFlags = []string{"-tags=" + opts.tags}
	}
	pkgs, err := packages.Load(cfg, opts.patterns...)
	if err != nil {
		return nil, err
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("no packages to analyze: %s", strings.Join(opts.patterns, " "))
	}
	return pkgs, nil
}

// printLoadErrors prints the errors of the packages and their dependencies
// (listing, parse and type errors), once each, and reports whether there
// were any. latebind does not analyze code that does not compile.
func printLoadErrors(pkgs []*packages.Package, cwd string, stderr io.Writer) bool {
	seen := make(map[string]bool)
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, err := range p.Errors {
			if err.Pos != "" {
				err.Pos = shortPath(err.Pos, cwd) // "file:line:col"
			}
			if msg := err.Error(); !seen[msg] {
				seen[msg] = true
				fmt.Fprintln(stderr, msg)
			}
		}
	})
	return len(seen) > 0
}

// vetUnits returns the packages go vet would analyze: a package is dropped
// when its test variant ("p [p.test]", which holds all of p's files plus
// its tests) is also loaded, and generated test mains ("p.test") are
// dropped. That halves the work with -test; identical findings that still
// come from two packages are merged later.
func vetUnits(pkgs []*packages.Package) []*packages.Package {
	hasTestVariant := make(map[string]bool)
	for _, p := range pkgs {
		if p.ForTest != "" && p.PkgPath == p.ForTest {
			hasTestVariant[p.PkgPath] = true
		}
	}
	return slices.DeleteFunc(slices.Clone(pkgs), func(p *packages.Package) bool {
		return p.ForTest == "" && hasTestVariant[p.PkgPath] || isTestMain(p)
	})
}

// isTestMain reports whether p is the generated main package of a test
// binary.
func isTestMain(p *packages.Package) bool {
	return p.Name == "main" && p.ID == p.PkgPath && strings.HasSuffix(p.PkgPath, ".test")
}

// printActionErrors prints the errors of the analysis actions that failed
// by themselves (not the ones that failed because a prerequisite did), and
// reports whether any action failed.
func printActionErrors(graph *checker.Graph, stderr io.Writer) bool {
	failed := false
	for act := range graph.All() {
		if act.Err == nil {
			continue
		}
		failed = true
		if !slices.ContainsFunc(act.Deps, func(d *checker.Action) bool { return d.Err != nil }) {
			fmt.Fprintf(stderr, "latebind: %s: %v\n", act, act.Err)
		}
	}
	return failed
}

// report writes the findings in the requested form, or fixes them, and
// returns the exit code. Suppressed findings count for nothing; only the
// SARIF output shows them.
func report(opts *options, findings []*finding, cwd string, std stdio) int {
	active := unsuppressed(findings)
	if opts.fix || opts.diff {
		return fixAll(active, !opts.diff, cwd, std)
	}
	if err := write(opts, findings, cwd, std.out); err != nil {
		return fail(std, err)
	}
	if len(active) > 0 {
		return exitFindings
	}
	return exitClean
}

// write prints the findings in opts.format.
func write(opts *options, findings []*finding, cwd string, stdout io.Writer) error {
	switch opts.format {
	case formatSARIF:
		return writeSARIF(stdout, findings, opts.suite, cwd)
	case formatJSON:
		return writeJSON(stdout, unsuppressed(findings))
	case formatGitHub:
		writeGitHub(stdout, unsuppressed(findings), cwd)
	default:
		writeText(stdout, unsuppressed(findings), cwd)
	}
	return nil
}

// outputFlags are the flags that choose the output and the exit code.
type outputFlags struct {
	format, fail *choiceFlag
	json         *bool
}

// registerOutputFlags adds -format, its alias -json, and -fail to fs.
func registerOutputFlags(fs *flag.FlagSet) outputFlags {
	out := outputFlags{
		format: &choiceFlag{value: formatText, choices: []string{formatText, formatJSON, formatSARIF, formatGitHub}},
		fail:   &choiceFlag{value: "any", choices: []string{"any", "none"}},
	}
	fs.Var(out.format, "format", "print the findings as `text` (like go vet), json (see output.go), "+
		"sarif (SARIF 2.1.0 for code scanning) or github (GitHub Actions annotations)")
	out.json = fs.Bool("json", false, "alias of -format=json")
	fs.Var(out.fail, "fail", "exit 1 on findings: `any`, or none to only report them (errors still exit 2)")
	return out
}

// resolve sets the output options from the parsed flags, rejecting
// combinations that make no sense.
func (o outputFlags) resolve(opts *options) error {
	opts.format = o.format.value
	if *o.json {
		if o.format.set && o.format.value != formatJSON {
			return fmt.Errorf("-json conflicts with -format=%s", o.format.value)
		}
		opts.format = formatJSON
	}
	if opts.format != formatText && (opts.fix || opts.diff) {
		return fmt.Errorf("-format=%s cannot be combined with -fix or -diff", opts.format)
	}
	opts.failOnFindings = o.fail.value == "any"
	return nil
}

// choiceFlag is a string flag that takes one of a few values.
type choiceFlag struct {
	value   string
	choices []string
	set     bool
}

// String returns the flag's value.
func (f *choiceFlag) String() string { return f.value }

// Set accepts one of the choices.
func (f *choiceFlag) Set(s string) error {
	if !slices.Contains(f.choices, s) {
		return fmt.Errorf("want one of %s", strings.Join(f.choices, ", "))
	}
	f.value, f.set = s, true
	return nil
}

// explain prints the documentation of the named check and its page, or,
// for an unknown name, the list of checks on stderr with the error exit
// code.
func explain(name string, analyzers []*analysis.Analyzer, std stdio) int {
	i := slices.IndexFunc(analyzers, func(a *analysis.Analyzer) bool { return a.Name == name })
	if i < 0 {
		names := make([]string, 0, len(analyzers))
		for _, a := range analyzers {
			names = append(names, a.Name)
		}
		return fail(std, fmt.Errorf("unknown check %q; the checks are: %s", name, strings.Join(names, ", ")))
	}
	a := analyzers[i]
	title, rest := splitDoc(a)
	fmt.Fprintf(std.out, "%s: %s\n", a.Name, title)
	if rest != "" {
		fmt.Fprintf(std.out, "\n%s\n", rest)
	}
	if a.URL != "" {
		fmt.Fprintf(std.out, "\nDocumentation: %s\n", a.URL)
	}
	return exitClean
}

// enableFlag is a check's -<check> flag. It remembers whether it was set,
// so that, as under go vet, -a selects only the checks set to true and
// -a=false drops a from the otherwise complete suite.
type enableFlag struct {
	on, set bool
}

// IsBoolFlag lets the flag be given without a value.
func (f *enableFlag) IsBoolFlag() bool { return true }

// String returns the flag's value: true unless set to false.
func (f *enableFlag) String() string { return fmt.Sprint(f == nil || f.on || !f.set) }

// Set parses a boolean value.
func (f *enableFlag) Set(s string) error {
	on, err := strconv.ParseBool(s)
	if err != nil {
		return errors.New("want true or false")
	}
	f.on, f.set = on, true
	return nil
}

// checkFlags holds the -<check> flag of each analyzer.
type checkFlags map[*analysis.Analyzer]*enableFlag

// registerCheckFlags adds to fs an enable flag -<check> per analyzer and
// each analyzer's own flags as -<check>.<flag>, the names go vet uses.
// The analyzer flags set the analyzer's own flag values.
func registerCheckFlags(fs *flag.FlagSet, analyzers []*analysis.Analyzer) checkFlags {
	enabled := make(checkFlags)
	for _, a := range analyzers {
		enabled[a] = new(enableFlag)
		fs.Var(enabled[a], a.Name, fmt.Sprintf("enable the %s check (default true)", a.Name))
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	return enabled
}

// selected returns the analyzers to run: those explicitly enabled if any
// is, else all but those explicitly disabled.
func (c checkFlags) selected(analyzers []*analysis.Analyzer) []*analysis.Analyzer {
	explicit := slices.ContainsFunc(analyzers, func(a *analysis.Analyzer) bool {
		return c[a].set && c[a].on
	})
	return slices.DeleteFunc(slices.Clone(analyzers), func(a *analysis.Analyzer) bool {
		f := c[a]
		return explicit && !f.on || f.set && !f.on
	})
}
