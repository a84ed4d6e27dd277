package loopcapture

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"

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
		Requires: []*analysis.Analyzer{lazyssa.Analyzer, cb},
	}
}

// checker is one instance of the check.
type checker struct {
	cfg       *config.Config
	callbacks *analysis.Analyzer
}

func (c *checker) run(pass *analysis.Pass) (any, error) {
	if c.cfg.FactsOnly {
		return nil, nil // a dependency analyzed for facts: findings are discarded
	}
	rep := directive.NewReporter(pass, "loopcapture", c.cfg.NolintByDriver)
	defer rep.Finish()
	if !mayCapture(pass.TypesInfo, pass.Files) {
		return nil, nil
	}
	ssainfo := pass.ResultOf[lazyssa.Analyzer].(*lazyssa.Lazy).Get()
	kept := pass.ResultOf[c.callbacks].(*callbacks.Result)
	r := &run{pass: pass, callbacks: kept, rep: rep}
	crash.Each(pass, ssainfo.SrcFuncs, r.function)
	r.report()
	return nil, nil
}
