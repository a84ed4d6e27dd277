package loopcapture

import (
	_ "embed"
	"go/ast"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/latebind/latebind/internal/analysisdoc"
	"github.com/latebind/latebind/internal/config"
	"github.com/latebind/latebind/internal/crash"
	"github.com/latebind/latebind/internal/directive"
	"github.com/latebind/latebind/passes/callbacks"
	"github.com/latebind/latebind/passes/lazyssa"
)

//go:embed doc.go
var doc string

// Analyzer is the loopcapture check with the default configuration.
var Analyzer = New(&config.Config{}, callbacks.Analyzer)

// New returns a loopcapture analyzer that learns which calls keep their
// callbacks from cb, a callbacks analyzer built from the same
// configuration (the registrars and synchronous functions of
// cfg.Loopcapture).
func New(cfg *config.Config, cb *analysis.Analyzer) *analysis.Analyzer {
	c := &checker{cfg: cfg, callbacks: cb}
	return &analysis.Analyzer{
		Name:     "loopcapture",
		Doc:      analysisdoc.Extract(doc, "loopcapture"),
		URL:      "https://github.com/latebind/latebind/blob/main/docs/checks/loopcapture.md",
		Run:      c.run,
		Requires: []*analysis.Analyzer{inspect.Analyzer, lazyssa.Analyzer, cb},
	}
}

// checker is one instance of the check.
type checker struct {
	cfg       *config.Config
	callbacks *analysis.Analyzer
}

func (c *checker) run(pass *analysis.Pass) (any, error) {
	rep := directive.NewReporter(pass, "loopcapture", c.cfg.NolintByDriver)
	defer rep.Finish()
	if !mayCapture(pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)) {
		return nil, nil
	}
	ssainfo := pass.ResultOf[lazyssa.Analyzer].(*lazyssa.Lazy).Get()
	kept := pass.ResultOf[c.callbacks].(*callbacks.Result)
	r := &run{pass: pass, callbacks: kept, rep: rep}
	crash.Each(pass, ssainfo.SrcFuncs, r.function)
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
