package loopcapture_test

import (
	"testing"

	"github.com/latebind/latebind/analysistest"
	"github.com/latebind/latebind/passes/loopcapture"
)

func TestLoopcapture(t *testing.T) {
	a := loopcapture.New(loopcapture.Config{})
	analysistest.Run(t, "testdata", a,
		"./go122", "./go121", "./negative", "./crosspkg", "./entcases", "./rangefunc")
}

func TestFixes(t *testing.T) {
	analysistest.RunWithFixes(t, "testdata", loopcapture.New(loopcapture.Config{}), "./fix")
}

const scheduler = "(example.com/lc/configured.Scheduler).Schedule"

func TestConfiguredRegistrar(t *testing.T) {
	a := loopcapture.New(loopcapture.Config{Registrars: []string{scheduler}})
	analysistest.Run(t, "testdata", a, "./configured")
}

// Without the configuration the same package is silent: every `// want`
// in it goes unmatched.
func TestUnconfiguredRegistrar(t *testing.T) {
	rec := &analysistest.Recorder{}
	analysistest.Run(rec, "testdata", loopcapture.New(loopcapture.Config{}), "./configured")
	rec.ExpectOnlyUnmatched(t, 1)
}

// The -registrars flag fills the configuration of the analyzer it belongs to.
func TestRegistrarsFlag(t *testing.T) {
	a := loopcapture.New(loopcapture.Config{})
	if a.Flags.Lookup("registrars") != nil {
		t.Fatal("New must not register flags: its configuration is fixed")
	}
	f := loopcapture.Analyzer.Flags.Lookup("registrars")
	if f == nil {
		t.Fatal("loopcapture.Analyzer has no -registrars flag")
	}
	fresh := loopcapture.NewWithFlags()
	if err := fresh.Flags.Set("registrars", scheduler); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, "testdata", fresh, "./configured")
}
