package txscope_test

import (
	"testing"

	"github.com/latebind/latebind/analysistest"
	"github.com/latebind/latebind/passes/txscope"
)

// The course's storage layer: execTx and WithTx are inferred as Runners,
// and the AfterCreate field as called inside the transaction.
func TestFacts(t *testing.T) {
	analysistest.Run(t, "../../testdata/tx", txscope.Analyzer, "./simplebank/db")
}
