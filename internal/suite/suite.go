// Package suite lists the analyzers that make up latebind, in the order the
// command line and the plugins present them.
package suite

import (
	"golang.org/x/tools/go/analysis"

	"github.com/latebind/latebind/passes/loopcapture"
	"github.com/latebind/latebind/passes/txcapture"
	"github.com/latebind/latebind/passes/txenqueue"
)

// Analyzers returns latebind's checks. Each call returns the same analyzer
// values, so that flags set on them reach the run.
func Analyzers() []*analysis.Analyzer {
	return []*analysis.Analyzer{loopcapture.Analyzer, txenqueue.Analyzer, txcapture.Analyzer}
}
