package txenqueue

import (
	_ "embed"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/internal/analysisdoc"
	"github.com/latebind/latebind/internal/catalog"
	"github.com/latebind/latebind/internal/config"
	"github.com/latebind/latebind/internal/crash"
	"github.com/latebind/latebind/internal/directive"
	"github.com/latebind/latebind/internal/ssautil"
	"github.com/latebind/latebind/passes/lazyssa"
	"github.com/latebind/latebind/passes/txscope"
)

//go:embed doc.go
var doc string

// Analyzer is the txenqueue check with the default configuration.
var Analyzer = New(&config.Config{}, txscope.Analyzer)

// New returns a txenqueue analyzer configured by cfg.Txenqueue, on the
// regions of scope, a txscope analyzer built from the same configuration.
func New(cfg *config.Config, scope *analysis.Analyzer) *analysis.Analyzer {
	c := &checker{cfg: cfg, scope: scope}
	return &analysis.Analyzer{
		Name:      "txenqueue",
		Doc:       analysisdoc.Extract(doc, "txenqueue"),
		URL:       "https://github.com/latebind/latebind/blob/main/docs/checks/txenqueue.md",
		Run:       c.run,
		Requires:  []*analysis.Analyzer{lazyssa.Analyzer, scope},
		FactTypes: []analysis.Fact{new(Enqueues)},
	}
}

type checker struct {
	cfg   *config.Config
	scope *analysis.Analyzer
}

// Enqueues is the fact that a function hands work to another system,
// directly or through the functions in its chain.
type Enqueues struct {
	// Via is the chain from the function's callee to the library call:
	// "Notifier.Welcome enqueues via asynq.Client.EnqueueContext".
	Via string
	// Library is the system the work goes to: "asynq".
	Library string
	// HTTP marks a chain that ends in an outgoing HTTP call.
	HTTP bool
}

// AFact marks Enqueues as a fact.
func (*Enqueues) AFact() {}

func (e *Enqueues) String() string { return "enqueues(" + e.Via + ")" }

func (c *checker) run(pass *analysis.Pass) (any, error) {
	scope := pass.ResultOf[c.scope].(*txscope.Result)
	rep := directive.NewReporter(pass, "txenqueue", c.cfg.NolintByDriver)
	defer rep.Finish()
	if scope.Empty() && !mayEnqueue(pass, scope.Knowledge(), c.cfg.Txenqueue.HTTP) {
		return nil, nil // no region to report in, no enqueuer to infer: no SSA
	}
	ssainfo := pass.ResultOf[lazyssa.Analyzer].(*lazyssa.Lazy).Get()
	e := &enqueuers{pass: pass, scope: scope, http: c.cfg.Txenqueue.HTTP, memo: make(map[*ssa.Function]*Enqueues)}
	crash.Each(pass, ssainfo.SrcFuncs, func(fn *ssa.Function) { e.ofFunc(fn) })
	e.exportFacts(ssainfo)
	r := &reporter{pass: pass, rep: rep, scope: scope, enq: e}
	crash.Each(pass, ssainfo.SrcFuncs, r.function)
	return nil, nil
}

// mayEnqueue reports whether the package can call an enqueue API: it
// imports a package that declares one, or a dependency exported an
// Enqueues fact.
func mayEnqueue(pass *analysis.Pass, k *catalog.Knowledge, http bool) bool {
	pkgs := k.EnqueuePackages(http)
	for _, imp := range pass.Pkg.Imports() {
		if pkgs[imp.Path()] {
			return true
		}
	}
	return len(pass.AllObjectFacts()) > 0
}

// direct returns the catalog entry for a call, honouring the HTTP switch.
func direct(k *catalog.Knowledge, call *ssa.CallCommon, http bool) (*types.Func, catalog.Enqueue, bool) {
	fn := ssautil.Callee(call)
	if fn == nil {
		return nil, catalog.Enqueue{}, false
	}
	api, ok := k.Enqueuer(fn.FullName())
	if !ok || api.HTTP && !http || api.ChanSend || transactionalPublisher(call) {
		return nil, catalog.Enqueue{}, false
	}
	return fn, api, true
}
