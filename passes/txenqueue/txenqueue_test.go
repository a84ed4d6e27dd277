package txenqueue_test

import (
	"testing"

	"github.com/latebind/latebind/analysistest"
	"github.com/latebind/latebind/passes/txenqueue"
)

const corpus = "../../testdata/tx"

func TestTxenqueue(t *testing.T) {
	analysistest.Run(t, corpus, txenqueue.New(txenqueue.Config{}),
		"./sqlstory", "./gormstory", "./pgxstory", "./bunstory", "./entstory",
		"./simplebank/worker", "./simplebank/api", "./brokers")
}

func TestRiverFix(t *testing.T) {
	analysistest.RunWithFixes(t, corpus, txenqueue.New(txenqueue.Config{}), "./riverstory")
}

// HTTP calls are an opt-in category: reported with the switch on ...
func TestHTTP(t *testing.T) {
	analysistest.Run(t, corpus, txenqueue.New(txenqueue.Config{HTTP: true}), "./httpcat")
}

// ... and silent without it: the package's one expectation goes unmatched.
func TestHTTPOff(t *testing.T) {
	rec := &analysistest.Recorder{}
	analysistest.Run(rec, corpus, txenqueue.New(txenqueue.Config{}), "./httpcat")
	rec.ExpectOnlyUnmatched(t, 1)
}
