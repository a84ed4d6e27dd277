package callbacks_test

import (
	"testing"

	"github.com/latebind/latebind/analysistest"
	"github.com/latebind/latebind/passes/callbacks"
)

// The hooks package of loopcapture's testdata is the cross-package fixture:
// its `// want Name:"keeps[i]"` comments state the inferred facts, and the
// functions without one (Now, Each) must get no fact.
func TestInference(t *testing.T) {
	analysistest.Run(t, "../loopcapture/testdata", callbacks.Analyzer, "./hooks")
}
