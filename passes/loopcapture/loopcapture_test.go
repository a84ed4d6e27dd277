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
