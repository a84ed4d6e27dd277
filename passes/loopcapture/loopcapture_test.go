package loopcapture_test

import (
	"fmt"
	"strings"
	"testing"

	xtest "golang.org/x/tools/go/analysis/analysistest"

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
	rec := &recorder{}
	xtest.Run(rec, "testdata", loopcapture.New(loopcapture.Config{}), "./configured")
	if len(rec.errs) != 1 || !strings.Contains(rec.errs[0], "no diagnostic was reported") {
		t.Errorf("want exactly the unmatched expectation, got %q", rec.errs)
	}
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

type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
