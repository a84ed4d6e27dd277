package txscope

import (
	_ "embed"
	"fmt"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/internal/analysisdoc"
	"github.com/latebind/latebind/internal/catalog"
	"github.com/latebind/latebind/internal/config"
	"github.com/latebind/latebind/internal/crash"
	"github.com/latebind/latebind/passes/callbacks"
	"github.com/latebind/latebind/passes/lazyssa"
)

//go:embed doc.go
var doc string

// Analyzer computes transaction regions with the default configuration.
var Analyzer = New(&config.Config{}, callbacks.Analyzer)

// New returns a txscope analyzer that also knows the transaction APIs and
// types of cfg, and learns which calls keep callbacks from cb.
func New(cfg *config.Config, cb *analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: "txscope",
		Doc:  analysisdoc.Extract(doc, "txscope"),
		URL:  "https://github.com/latebind/latebind/tree/main/passes/txscope",
		Run: func(pass *analysis.Pass) (any, error) {
			return run(pass, cfg.Knowledge(), pass.ResultOf[cb].(*callbacks.Result))
		},
		Requires:   []*analysis.Analyzer{lazyssa.Analyzer, cb},
		FactTypes:  []analysis.Fact{new(Runner), new(CalledInTx)},
		ResultType: reflect.TypeFor[*Result](),
	}
}

// Runner is the fact that a function calls its func-typed parameters at
// Params inside a transaction it holds open: a home-grown execTx.
type Runner struct{ Params []int }

// AFact marks Runner as a fact.
func (*Runner) AFact() {}

func (r *Runner) String() string { return fmt.Sprintf("runner%v", r.Params) }

// CalledInTx is the fact that a func-typed struct field is called inside a
// transaction (arg.AfterCreate(user) inside execTx's callback).
type CalledInTx struct{ By string }

// AFact marks CalledInTx as a fact.
func (*CalledInTx) AFact() {}

func (c *CalledInTx) String() string { return "calledInTx(" + c.By + ")" }

// Kind is how a region's transaction is held open.
type Kind int

// The kinds of region.
const (
	Begun    Kind = iota + 1 // from a begin call to commit or rollback
	Callback                 // the body of a RunInTx-style callback
	Param                    // a function that receives an open transaction
	Hook                     // a gorm model hook, or an ent commit hook before next.Commit
	Field                    // a closure stored in a field called inside a transaction
)

// A Region is an open transaction, as seen from the code inside it.
type Region struct {
	Kind Kind
	Pos  token.Pos // where it begins: the begin call, the callback, the parameter
	// Tx is the transaction value when it is known: the begin call's
	// result, the callback's or the function's parameter.
	Tx ssa.Value
	// TxVar is the source variable that holds Tx, if any.
	TxVar *types.Var
	// Desc describes the region for diagnostics: "the transaction begun at
	// line 12".
	Desc string
	// Commit says whether the transaction of a Begun region is committed
	// by the code that begins it (see Commit); a Callback region's
	// transaction is committed by the library.
	Commit Commit
}

// Commit is what the code does with a begun transaction.
type Commit int

// The answers of Region.Commit.
const (
	// MayCommit: the transaction is handed to other code (a helper, a
	// struct, a return value), which may commit it, or the answer is not
	// known.
	MayCommit Commit = iota
	// Commits: a Commit of the transaction itself is in the code.
	Commits
	// NeverCommits: the transaction is only used, rolled back or left
	// open, and never leaves the function: a scratch or read-only
	// transaction, whose work is discarded.
	NeverCommits
)

// A Late is code that runs after its transaction has ended.
type Late struct {
	Region *Region
	// From: only code after this position is late (the next.Commit call of
	// an ent hook); NoPos means the whole function.
	From token.Pos
	// Desc says why it runs late, as a clause where "it" is the
	// transaction: "a goroutine started inside it may run after it has
	// ended".
	Desc string
}

// Result holds the regions of the package's functions.
type Result struct {
	k      *catalog.Knowledge
	inside map[ssa.Instruction]*Region
	whole  map[*ssa.Function]*Region
	late   map[*ssa.Function]*Late
}

// Inside returns the open transaction that instr runs in, or nil.
func (r *Result) Inside(instr ssa.Instruction) *Region {
	if reg := r.whole[instr.Parent()]; reg != nil {
		return reg
	}
	return r.inside[instr]
}

// LateCode returns how fn (or its part after Late.From) runs after its
// transaction ended, or nil.
func (r *Result) LateCode(fn *ssa.Function) *Late { return r.late[fn] }

// IsTxType reports whether t is a transaction type: in the catalog, in the
// configuration, or shaped like ent's Tx.
func (r *Result) IsTxType(t types.Type) bool { return isTxType(r.k, t) }

// Ends reports whether fn commits or rolls back the transaction it is
// called on (sql.Tx.Rollback, pgx.Tx.Commit, ent's Tx.Rollback, ...).
func (r *Result) Ends(fn *types.Func) bool {
	api, ok := funcRole(r.k, fn)
	return ok && api.Role == catalog.End
}

// Knowledge returns the catalog and configuration the result was made with.
func (r *Result) Knowledge() *catalog.Knowledge { return r.k }

// Empty reports whether the package has no region and no late code.
func (r *Result) Empty() bool { return len(r.inside) == 0 && len(r.whole) == 0 && len(r.late) == 0 }

// Lates returns every late function of the package.
func (r *Result) Lates() map[*ssa.Function]*Late { return r.late }

func run(pass *analysis.Pass, k *catalog.Knowledge, cb *callbacks.Result) (any, error) {
	s := newScope(pass, k, cb)
	if !mayHaveTx(pass, k) {
		return &Result{k: k, inside: s.inside, whole: s.whole, late: s.late}, nil
	}
	ssainfo := pass.ResultOf[lazyssa.Analyzer].(*lazyssa.Lazy).Get()
	crash.Each(pass, ssainfo.SrcFuncs, s.base)
	// Closures, runners and fields feed each other: iterate to a fixpoint
	// (bounded: each round only adds).
	for round := 0; round < 8 && s.propagate(ssainfo.SrcFuncs); round++ {
	}
	s.exportFacts()
	return &Result{k: k, inside: s.inside, whole: s.whole, late: s.late}, nil
}
