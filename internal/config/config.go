// Package config is latebind's one configuration: the same struct is
// filled from a latebind.yaml file at the module root, from command-line
// flags (-loopcapture.registrars=..., -txenqueue.http), and from
// golangci-lint's settings for the plugin. docs/configuration.md documents
// every key.
package config

import (
	"slices"

	"github.com/latebind/latebind/internal/catalog"
)

// FileName is the configuration file latebind looks for, from the working
// directory up to the module root.
const FileName = "latebind.yaml"

// Config is latebind's configuration. The zero value is the default.
type Config struct {
	// Disable lists checks to turn off: loopcapture, txenqueue, txcapture.
	Disable []string `yaml:"disable" json:"disable"`

	Loopcapture  Loopcapture  `yaml:"loopcapture" json:"loopcapture"`
	Txenqueue    Txenqueue    `yaml:"txenqueue" json:"txenqueue"`
	Transactions Transactions `yaml:"transactions" json:"transactions"`

	// NolintByDriver is set by front-ends that handle //nolint comments
	// themselves (golangci-lint, whose nolintlint must see them used):
	// latebind then honours only its own //latebind:ignore directives.
	// It is not a user setting.
	NolintByDriver bool `yaml:"-" json:"-"`

	// FactsOnly is set by the vet-tool front-end when the go command runs
	// latebind on a package only for the facts its dependents need (a
	// dependency of the packages being vetted: "VetxOnly" in the unit
	// config), where every finding would be thrown away. Checks that
	// export no facts then return at once. It is not a user setting.
	FactsOnly bool `yaml:"-" json:"-"`
}

// Loopcapture configures the loopcapture check.
type Loopcapture struct {
	// Registrars are functions and methods that keep every func-typed
	// argument to call it later, named as go/types prints them:
	// "example.com/hooks.Add", "(*example.com/db.Tx).AfterCommit",
	// "(example.com/db.Hooks).AfterCommit" (an interface method).
	Registrars []string `yaml:"registrars" json:"registrars"`
	// Synchronous are functions that call their callbacks before they
	// return, whatever inference says.
	Synchronous []string `yaml:"synchronous" json:"synchronous"`
}

// Txenqueue configures the txenqueue check.
type Txenqueue struct {
	// HTTP also reports outgoing net/http calls inside a transaction.
	HTTP bool `yaml:"http" json:"http"`
	// Enqueuers are extra functions that hand work to another system.
	Enqueuers []string `yaml:"enqueuers" json:"enqueuers"`
	// Transactional are enqueue functions that are safe inside a
	// transaction (they write to the same database: an outbox, a
	// transactional queue); they are never reported.
	Transactional []string `yaml:"transactional" json:"transactional"`
}

// Transactions teaches latebind a home-grown or unlisted database layer.
type Transactions struct {
	// Types are transaction types: "*example.com/db.Tx".
	Types []string `yaml:"types" json:"types"`
	// Begin are functions that open a transaction and return it first.
	Begin []string `yaml:"begin" json:"begin"`
	// End are functions that commit or roll back the transaction they are
	// called on.
	End []string `yaml:"end" json:"end"`
	// Callbacks are functions that run a callback inside a transaction.
	// (A list, not a map keyed by function: golangci-lint's configuration
	// reader splits map keys at dots.)
	Callbacks []Callback `yaml:"callbacks" json:"callbacks"`
}

// Callback names a function that runs its argument Arg (receiver not
// counted) inside a transaction it opens and ends.
type Callback struct {
	Func string `yaml:"func" json:"func"`
	Arg  int    `yaml:"arg" json:"arg"`
}

// Checks are the names of latebind's checks.
var Checks = []string{"loopcapture", "txenqueue", "txcapture"}

// Enabled reports whether the check is not disabled.
func (c *Config) Enabled(check string) bool {
	return !slices.Contains(c.Disable, check)
}

// Knowledge returns the catalog extended by this configuration.
func (c *Config) Knowledge() *catalog.Knowledge {
	k := catalog.NewKnowledge()
	for _, n := range c.Loopcapture.Registrars {
		k.AddRegistrar(n)
	}
	for _, n := range c.Loopcapture.Synchronous {
		k.AddSynchronous(n)
	}
	for _, n := range c.Txenqueue.Enqueuers {
		k.AddEnqueuer(n)
	}
	for _, n := range c.Txenqueue.Transactional {
		k.AddTransactional(n)
	}
	t := c.Transactions
	for _, n := range t.Types {
		k.AddTxType(n)
	}
	for _, n := range t.Begin {
		k.AddTxAPI(n, catalog.TxAPI{Role: catalog.Begin, Library: "configured"})
	}
	for _, n := range t.End {
		k.AddTxAPI(n, catalog.TxAPI{Role: catalog.End, Library: "configured"})
	}
	for _, cb := range t.Callbacks {
		k.AddTxAPI(cb.Func, catalog.TxAPI{Role: catalog.RunInTx, Arg: cb.Arg, Library: "configured"})
	}
	return k
}
