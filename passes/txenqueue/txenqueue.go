package txenqueue

import (
	_ "embed"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/internal/analysisdoc"
	"github.com/latebind/latebind/internal/catalog"
	"github.com/latebind/latebind/passes/txscope"
)

//go:embed doc.go
var doc string

// Config adjusts the check.
type Config struct {
	// HTTP also reports outgoing HTTP calls made inside a transaction.
	HTTP bool
}

// Analyzer is the txenqueue check with its default configuration; its
// flags (-txenqueue.http under go vet) adjust this instance only.
var Analyzer = NewWithFlags()

// New returns a txenqueue analyzer with the given configuration.
func New(cfg Config) *analysis.Analyzer {
	c := &checker{cfg: cfg}
	return c.analyzer()
}

// NewWithFlags returns a txenqueue analyzer configured through its own
// flag set, for drivers that parse command lines.
func NewWithFlags() *analysis.Analyzer {
	c := &checker{}
	a := c.analyzer()
	a.Flags.BoolVar(&c.cfg.HTTP, "http", false, "also report outgoing HTTP calls (net/http) made inside a transaction")
	return a
}

type checker struct{ cfg Config }

func (c *checker) analyzer() *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:      "txenqueue",
		Doc:       analysisdoc.Extract(doc, "txenqueue"),
		URL:       "https://github.com/latebind/latebind/blob/main/docs/checks/txenqueue.md",
		Run:       c.run,
		Requires:  []*analysis.Analyzer{buildssa.Analyzer, txscope.Analyzer},
		FactTypes: []analysis.Fact{new(Enqueues)},
	}
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
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	scope := pass.ResultOf[txscope.Analyzer].(*txscope.Result)
	e := &enqueuers{pass: pass, scope: scope, http: c.cfg.HTTP, memo: make(map[*ssa.Function]*Enqueues)}
	for _, fn := range ssainfo.SrcFuncs {
		e.ofFunc(fn)
	}
	e.exportFacts(ssainfo)
	r := &reporter{pass: pass, scope: scope, enq: e}
	for _, fn := range ssainfo.SrcFuncs {
		r.function(fn)
	}
	return nil, nil
}

// describe names a function for messages: pkg.Func or pkg.Type.Method.
func describe(fn *types.Func) string {
	recv := fn.Signature().Recv()
	if recv == nil {
		return fn.Pkg().Name() + "." + fn.Name()
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if named, ok := types.Unalias(t).(*types.Named); ok && named.Obj().Pkg() != nil {
		return named.Obj().Pkg().Name() + "." + named.Obj().Name() + "." + fn.Name()
	}
	return fn.Name()
}

// direct returns the catalog entry for a call, honouring the HTTP switch.
func direct(call *ssa.CallCommon, http bool) (*types.Func, catalog.Enqueue, bool) {
	fn := calleeFunc(call)
	if fn == nil {
		return nil, catalog.Enqueue{}, false
	}
	api, ok := catalog.Enqueuers[fn.FullName()]
	if !ok || api.HTTP && !http {
		return nil, catalog.Enqueue{}, false
	}
	return fn, api, true
}

func calleeFunc(call *ssa.CallCommon) *types.Func {
	if call.IsInvoke() {
		return call.Method
	}
	callee := call.StaticCallee()
	if callee == nil {
		return nil
	}
	if callee.Origin() != nil {
		callee = callee.Origin()
	}
	fn, _ := callee.Object().(*types.Func)
	return fn
}
