package txcapture_test

import (
	"testing"

	"github.com/latebind/latebind/analysistest"
	"github.com/latebind/latebind/passes/txcapture"
)

func TestTxcapture(t *testing.T) {
	analysistest.Run(t, "../../testdata/tx", txcapture.Analyzer, "./capturestory")
}
