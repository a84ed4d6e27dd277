package loopcapture_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/latebind/latebind/analysistest"
	"github.com/latebind/latebind/internal/config"
	"github.com/latebind/latebind/passes/callbacks"
	"github.com/latebind/latebind/passes/loopcapture"
)

// newAnalyzer builds the check and its callbacks analyzer from one
// configuration, as the suite does.
func newAnalyzer(cfg *config.Config) *analysis.Analyzer {
	return loopcapture.New(cfg, callbacks.New(cfg))
}

func TestLoopcapture(t *testing.T) {
	results := analysistest.Run(t, "testdata", loopcapture.Analyzer,
		"./go122", "./go121", "./negative", "./crosspkg", "./entcases", "./rangefunc", "./directives")
	wantPrechecked(t, results)
}

func TestFixes(t *testing.T) {
	analysistest.RunWithFixes(t, "testdata", loopcapture.Analyzer, "./fix")
}

const scheduler = "(example.com/lc/configured.Scheduler).Schedule"

func TestConfiguredRegistrar(t *testing.T) {
	cfg := &config.Config{Loopcapture: config.Loopcapture{Registrars: []string{scheduler}}}
	wantPrechecked(t, analysistest.Run(t, "testdata", newAnalyzer(cfg), "./configured"))
}

// Without the configuration the same package is silent: every `// want`
// in it goes unmatched.
func TestUnconfiguredRegistrar(t *testing.T) {
	rec := &analysistest.Recorder{}
	analysistest.Run(rec, "testdata", newAnalyzer(&config.Config{}), "./configured")
	rec.ExpectOnlyUnmatched(t, 1)
}

// A function configured as synchronous is never a registrar, whatever
// inference says.
func TestConfiguredSynchronous(t *testing.T) {
	cfg := &config.Config{Loopcapture: config.Loopcapture{Synchronous: []string{"(*example.com/lc/hooks.Store).AfterCommit"}}}
	rec := &analysistest.Recorder{}
	analysistest.Run(rec, "testdata", newAnalyzer(cfg), "./crosspkg")
	rec.ExpectOnlyUnmatched(t, 1)
}
