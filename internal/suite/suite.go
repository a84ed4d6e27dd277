// Package suite builds latebind's analyzers from one configuration, in the
// order the command line and the plugins present them.
package suite

import (
	"flag"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/latebind/latebind/internal/config"
	"github.com/latebind/latebind/internal/crash"
	"github.com/latebind/latebind/passes/callbacks"
	"github.com/latebind/latebind/passes/loopcapture"
	"github.com/latebind/latebind/passes/txcapture"
	"github.com/latebind/latebind/passes/txenqueue"
	"github.com/latebind/latebind/passes/txscope"
)

// New returns latebind's enabled checks built from cfg: one callbacks and
// one txscope analyzer shared by the checks that need them, each guarded
// so that a crash on user code is an error naming the package and the
// position, not a dead process (see internal/crash). The analyzers
// read cfg when they run, so flags that fill cfg after New still apply.
func New(cfg *config.Config) []*analysis.Analyzer {
	cb := crash.Guard(callbacks.New(cfg))
	scope := crash.Guard(txscope.New(cfg, cb))
	all := []*analysis.Analyzer{
		crash.Guard(loopcapture.New(cfg, cb)),
		crash.Guard(txenqueue.New(cfg, scope)),
		crash.Guard(txcapture.New(cfg, scope)),
	}
	var out []*analysis.Analyzer
	for _, a := range all {
		if cfg.Enabled(a.Name) {
			out = append(out, a)
		}
	}
	return out
}

// WithFlags is New plus each check's flags, bound to the fields of cfg:
// -loopcapture.registrars, -txenqueue.http and so on, under go vet and on
// latebind's own command line.
func WithFlags(cfg *config.Config) []*analysis.Analyzer {
	analyzers := New(cfg)
	for _, a := range analyzers {
		bindFlags(a, cfg)
	}
	return analyzers
}

func bindFlags(a *analysis.Analyzer, cfg *config.Config) {
	fs := &a.Flags
	switch a.Name {
	case "loopcapture":
		fs.Var((*list)(&cfg.Loopcapture.Registrars), "registrars",
			"comma-separated functions or methods that keep their func arguments, "+
				"e.g. example.com/hooks.Add,(*example.com/store.Store).AfterCommit")
		fs.Var((*list)(&cfg.Loopcapture.Synchronous), "synchronous",
			"comma-separated functions that call their func arguments before they return")
	case "txenqueue":
		fs.BoolVar(&cfg.Txenqueue.HTTP, "http", cfg.Txenqueue.HTTP,
			"also report outgoing HTTP calls (net/http) made inside a transaction")
		fs.Var((*list)(&cfg.Txenqueue.Enqueuers), "enqueuers",
			"comma-separated extra functions that hand work to another system")
		fs.Var((*list)(&cfg.Txenqueue.Transactional), "transactional",
			"comma-separated enqueue functions that are safe inside a transaction")
		fs.Var((*list)(&cfg.Transactions.Types), "txtypes",
			"comma-separated extra transaction types, e.g. *example.com/db.Tx")
	}
}

// list is a comma-separated flag that appends to a []string.
type list []string

var _ flag.Value = (*list)(nil)

func (l *list) String() string { return strings.Join(*l, ",") }

func (l *list) Set(s string) error {
	for _, n := range strings.Split(s, ",") {
		if n = strings.TrimSpace(n); n != "" {
			*l = append(*l, n)
		}
	}
	return nil
}

// Analyzers returns the analyzers of the command line: built once, with
// flags, from the default configuration. Drivers that load latebind.yaml
// call WithFlags with it instead.
var Analyzers = sync.OnceValue(func() []*analysis.Analyzer {
	return WithFlags(&config.Config{})
})
