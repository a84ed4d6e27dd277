package loopcapture

import (
	_ "embed"
	"flag"
	"go/ast"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/latebind/latebind/internal/analysisdoc"
	"github.com/latebind/latebind/passes/callbacks"
)

//go:embed doc.go
var doc string

// Config adjusts the check.
type Config struct {
	// Registrars are extra functions and methods that keep every func-typed
	// argument, named as go/types prints them: "example.com/hooks.Add",
	// "(*example.com/store.Store).AfterCommit",
	// "(example.com/store.Hooks).AfterCommit" for an interface method.
	Registrars []string
}

// Analyzer is the loopcapture check with its default configuration; its
// flags (-loopcapture.registrars under go vet) adjust this instance only.
var Analyzer = NewWithFlags()

// New returns a loopcapture analyzer with the given configuration.
func New(cfg Config) *analysis.Analyzer {
	c := &checker{registrars: make(map[string]bool)}
	for _, r := range cfg.Registrars {
		c.registrars[r] = true
	}
	return c.analyzer()
}

// NewWithFlags returns a loopcapture analyzer configured through its own
// flag set (-registrars), for drivers that parse command lines.
func NewWithFlags() *analysis.Analyzer {
	c := &checker{registrars: make(map[string]bool)}
	a := c.analyzer()
	a.Flags.Var(listFlag(c.registrars), "registrars",
		"comma-separated functions or methods that keep their func arguments, "+
			"e.g. example.com/hooks.Add,(*example.com/store.Store).AfterCommit")
	return a
}

func (c *checker) analyzer() *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     "loopcapture",
		Doc:      analysisdoc.Extract(doc, "loopcapture"),
		URL:      "https://github.com/latebind/latebind/blob/main/docs/checks/loopcapture.md",
		Run:      c.run,
		Requires: []*analysis.Analyzer{inspect.Analyzer, buildssa.Analyzer, callbacks.Analyzer},
	}
}

// listFlag is a comma-separated set of names.
type listFlag map[string]bool

var _ flag.Value = listFlag(nil)

func (l listFlag) String() string {
	names := make([]string, 0, len(l))
	for n := range l {
		names = append(names, n)
	}
	return strings.Join(names, ",")
}

func (l listFlag) Set(s string) error {
	for _, n := range strings.Split(s, ",") {
		if n = strings.TrimSpace(n); n != "" {
			l[n] = true
		}
	}
	return nil
}

// checker is one configured instance of the check.
type checker struct {
	registrars map[string]bool
}

func (c *checker) run(pass *analysis.Pass) (any, error) {
	if !mayCapture(pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)) {
		return nil, nil
	}
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	kept := pass.ResultOf[callbacks.Analyzer].(*callbacks.Result)
	r := &run{pass: pass, callbacks: kept, registrars: c.registrars}
	for _, fn := range ssainfo.SrcFuncs {
		r.function(fn)
	}
	r.report()
	return nil, nil
}

// mayCapture reports whether the package has a function literal inside a
// loop or a range-over-func loop at all; if not, nothing can be reported.
func mayCapture(insp *inspector.Inspector) bool {
	found := false
	insp.Nodes([]ast.Node{(*ast.ForStmt)(nil), (*ast.RangeStmt)(nil)}, func(n ast.Node, push bool) bool {
		if found || !push {
			return false
		}
		ast.Inspect(n, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				found = true
			}
			return !found
		})
		return false
	})
	return found
}
