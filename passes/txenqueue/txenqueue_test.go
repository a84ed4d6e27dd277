package txenqueue_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/latebind/latebind/analysistest"
	"github.com/latebind/latebind/internal/config"
	"github.com/latebind/latebind/passes/callbacks"
	"github.com/latebind/latebind/passes/txenqueue"
	"github.com/latebind/latebind/passes/txscope"
)

const corpus = "../../testdata/tx"

// newAnalyzer builds the check on its own txscope and callbacks analyzers
// from one configuration, as the suite does.
func newAnalyzer(cfg *config.Config) *analysis.Analyzer {
	return txenqueue.New(cfg, txscope.New(cfg, callbacks.New(cfg)))
}

func TestTxenqueue(t *testing.T) {
	analysistest.Run(t, corpus, txenqueue.Analyzer,
		"./sqlstory", "./gormstory", "./pgxstory", "./bunstory", "./entstory",
		"./simplebank/worker", "./simplebank/api", "./brokers", "./morelibs")
}

func TestRiverFix(t *testing.T) {
	analysistest.RunWithFixes(t, corpus, txenqueue.Analyzer, "./riverstory")
}

// HTTP calls are an opt-in category: reported with the switch on ...
func TestHTTP(t *testing.T) {
	analysistest.Run(t, corpus, newAnalyzer(&config.Config{Txenqueue: config.Txenqueue{HTTP: true}}), "./httpcat")
}

// ... and silent without it: the package's one expectation goes unmatched.
func TestHTTPOff(t *testing.T) {
	rec := &analysistest.Recorder{}
	analysistest.Run(rec, corpus, txenqueue.Analyzer, "./httpcat")
	rec.ExpectOnlyUnmatched(t, 1)
}

// A home-grown transaction and queue, taught through configuration.
func TestConfigured(t *testing.T) {
	const pkg = "example.com/txstory/configured"
	cfg := &config.Config{
		Txenqueue: config.Txenqueue{
			Enqueuers:     []string{"(*" + pkg + ".Queue).Push", "(*" + pkg + ".Queue).PushOutbox"},
			Transactional: []string{"(*" + pkg + ".Queue).PushOutbox"},
		},
		Transactions: config.Transactions{
			Begin: []string{"(*" + pkg + ".DB).Begin"},
			End:   []string{"(*" + pkg + ".Tx).Commit"},
		},
	}
	analysistest.Run(t, corpus, newAnalyzer(cfg), "./configured")
	rec := &analysistest.Recorder{}
	analysistest.Run(rec, corpus, txenqueue.Analyzer, "./configured")
	rec.ExpectOnlyUnmatched(t, 1)
}
