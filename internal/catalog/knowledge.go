package catalog

import (
	"maps"
	"strings"
)

// Knowledge is the catalog as one run sees it: the built-in tables of this
// package extended by the user's configuration. Analyzers consult it
// instead of the tables, so that configuration never mutates package
// state.
type Knowledge struct {
	registrars    map[string]Registrar
	synchronous   map[string]bool
	transactions  map[string]TxAPI
	txTypes       map[string]bool
	enqueuers     map[string]Enqueue
	transactional map[string]bool
}

// AllArgs in Registrar.Arg means every func-typed argument is kept.
const AllArgs = -1

// NewKnowledge returns the built-in knowledge.
func NewKnowledge() *Knowledge {
	k := &Knowledge{
		registrars:    maps.Clone(Registrars),
		synchronous:   make(map[string]bool),
		transactions:  maps.Clone(Transactions),
		txTypes:       make(map[string]bool),
		enqueuers:     maps.Clone(Enqueuers),
		transactional: make(map[string]bool),
	}
	for name := range Synchronous {
		k.synchronous[name] = true
	}
	for name := range TxTypes {
		k.txTypes[name] = true
	}
	return k
}

// AddRegistrar declares a function that keeps all its func arguments.
func (k *Knowledge) AddRegistrar(name string) {
	k.registrars[name] = Registrar{Arg: AllArgs, Kind: "the callback kept by " + shortName(name)}
}

// AddSynchronous declares a function that calls its callbacks before it
// returns.
func (k *Knowledge) AddSynchronous(name string) { k.synchronous[name] = true }

// AddTxType declares a transaction type ("*example.com/db.Tx").
func (k *Knowledge) AddTxType(name string) { k.txTypes[name] = true }

// AddTxAPI declares a begin, end or run-in-transaction function.
func (k *Knowledge) AddTxAPI(name string, api TxAPI) { k.transactions[name] = api }

// AddEnqueuer declares a function that hands work to another system.
func (k *Knowledge) AddEnqueuer(name string) {
	k.enqueuers[name] = Enqueue{Library: "a configured queue"}
}

// AddTransactional declares an enqueue function that is safe inside a
// transaction.
func (k *Knowledge) AddTransactional(name string) { k.transactional[name] = true }

// Registrar returns what a registrar keeps.
func (k *Knowledge) Registrar(name string) (Registrar, bool) {
	r, ok := k.registrars[name]
	return r, ok
}

// Synchronous reports whether the function runs its callbacks before it
// returns: listed as such, or a run-in-transaction API.
func (k *Knowledge) Synchronous(name string) bool {
	return k.synchronous[name] || k.transactions[name].Role == RunInTx
}

// TxAPI returns a function's role in a transaction.
func (k *Knowledge) TxAPI(name string) (TxAPI, bool) {
	api, ok := k.transactions[name]
	return api, ok
}

// IsTxType reports whether the type, printed by go/types, is a
// transaction type.
func (k *Knowledge) IsTxType(name string) bool { return k.txTypes[name] }

// KnownEnqueuer reports whether the function is an enqueue API of the
// catalog or the configuration, transactional or not: what it does is
// known, and inference must not second-guess it.
func (k *Knowledge) KnownEnqueuer(name string) bool {
	_, ok := k.enqueuers[name]
	return ok || k.transactional[name]
}

// Enqueuer returns the enqueue API a function is, unless it is configured
// as transactional.
func (k *Knowledge) Enqueuer(name string) (Enqueue, bool) {
	if k.transactional[name] {
		return Enqueue{}, false
	}
	e, ok := k.enqueuers[name]
	return e, ok
}

// shortName turns "(*example.com/db.Tx).AfterCommit" into "db.Tx.AfterCommit"
// for messages.
func shortName(name string) string {
	name = strings.NewReplacer("(", "", ")", "", "*", "").Replace(name)
	return name[strings.LastIndex(name, "/")+1:]
}

// TxPackages returns the import paths that declare a transaction API or
// type: a package that imports none of them (and declares no ent-shaped
// Tx) has no transaction to analyse.
func (k *Knowledge) TxPackages() map[string]bool {
	out := make(map[string]bool)
	for name := range k.transactions {
		out[PkgPath(name)] = true
	}
	for name := range k.txTypes {
		out[PkgPath(name)] = true
	}
	return out
}

// EnqueuePackages returns the import paths that declare an enqueue API
// (net/http's only when http is set).
func (k *Knowledge) EnqueuePackages(http bool) map[string]bool {
	out := make(map[string]bool)
	for name, e := range k.enqueuers {
		if !e.HTTP || http {
			out[PkgPath(name)] = true
		}
	}
	return out
}

// PkgPath returns the package path of a qualified name:
// "(*github.com/riverqueue/river.Client[TTx]).Insert" → "github.com/riverqueue/river".
func PkgPath(name string) string {
	name = strings.TrimLeft(name, "(*")
	if i := strings.Index(name, ")"); i >= 0 {
		name = name[:i]
	}
	if i := strings.Index(name, "["); i >= 0 {
		name = name[:i]
	}
	return name[:max(strings.LastIndex(name, "."), 0)]
}
