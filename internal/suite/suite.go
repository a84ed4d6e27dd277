// Package suite lists the analyzers that make up latebind, in the order the
// command line and the plugins present them.
package suite

import (
	"golang.org/x/tools/go/analysis"

	"github.com/latebind/latebind/internal/config"
	"github.com/latebind/latebind/passes/loopcapture"
	"github.com/latebind/latebind/passes/txcapture"
	"github.com/latebind/latebind/passes/txenqueue"
)

// Analyzers returns latebind's checks with their flags (for go vet and the
// command line). Each call returns the same analyzer values, so that flags
// set on them reach the run.
func Analyzers() []*analysis.Analyzer {
	return []*analysis.Analyzer{loopcapture.Analyzer, txenqueue.Analyzer, txcapture.Analyzer}
}

// New returns latebind's enabled checks built from cfg, without flags:
// for the golangci-lint plugin and for tests.
func New(cfg *config.Config) []*analysis.Analyzer {
	all := []*analysis.Analyzer{
		loopcapture.New(loopcapture.Config{Registrars: cfg.Loopcapture.Registrars}),
		txenqueue.New(txenqueue.Config{HTTP: cfg.Txenqueue.HTTP}),
		txcapture.Analyzer,
	}
	var out []*analysis.Analyzer
	for _, a := range all {
		if cfg.Enabled(a.Name) {
			out = append(out, a)
		}
	}
	return out
}
