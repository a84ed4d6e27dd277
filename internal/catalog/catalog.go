// Package catalog holds what latebind knows about real libraries, as data.
//
// Functions are named the way go/types prints them with package paths:
// "time.AfterFunc", "(*golang.org/x/sync/errgroup.Group).Go",
// "(testing.TB).Cleanup". Every entry links the documentation it came from.
package catalog

// A Registrar is a function that keeps a callback and calls it later, after
// the call that registered it has returned.
type Registrar struct {
	// Arg is the index of the kept callback among the call's arguments,
	// not counting a method's receiver.
	Arg int
	// Kind describes the callback in diagnostics ("the goroutine started by
	// errgroup.Group.Go").
	Kind string
	// Doc links the documentation that says the callback runs later.
	Doc string
}

// Registrars maps qualified function names to the callback they keep.
var Registrars = map[string]Registrar{
	"(*golang.org/x/sync/errgroup.Group).Go": {
		Arg: 0, Kind: "the errgroup.Group.Go goroutine",
		Doc: "https://pkg.go.dev/golang.org/x/sync/errgroup#Group.Go",
	},
	"(*golang.org/x/sync/errgroup.Group).TryGo": {
		Arg: 0, Kind: "the errgroup.Group.TryGo goroutine",
		Doc: "https://pkg.go.dev/golang.org/x/sync/errgroup#Group.TryGo",
	},
	"(*sync.WaitGroup).Go": {
		Arg: 0, Kind: "the sync.WaitGroup.Go goroutine",
		Doc: "https://pkg.go.dev/sync#WaitGroup.Go",
	},
	"time.AfterFunc": {
		Arg: 1, Kind: "the time.AfterFunc callback",
		Doc: "https://pkg.go.dev/time#AfterFunc",
	},
	"context.AfterFunc": {
		Arg: 1, Kind: "the context.AfterFunc callback",
		Doc: "https://pkg.go.dev/context#AfterFunc",
	},
	"runtime.SetFinalizer": {
		Arg: 1, Kind: "the finalizer",
		Doc: "https://pkg.go.dev/runtime#SetFinalizer",
	},
	"runtime.AddCleanup": {
		Arg: 1, Kind: "the runtime.AddCleanup callback",
		Doc: "https://pkg.go.dev/runtime#AddCleanup",
	},
	// Cleanup is declared on testing.common, which T, B and F embed:
	// go/types names every t.Cleanup call by that declaration.
	"(*testing.common).Cleanup": cleanup,
	"(testing.TB).Cleanup":      cleanup,
}

var cleanup = Registrar{
	Arg: 0, Kind: "the Cleanup callback",
	Doc: "https://pkg.go.dev/testing#T.Cleanup",
}

// HookMethods are method names that, on an interface or a function whose
// body latebind cannot see, are taken to keep their func-typed arguments:
// the common spellings of after-commit and deferred-work registration.
var HookMethods = map[string]string{
	"OnCommit":      "the OnCommit hook",
	"AfterCommit":   "the AfterCommit hook",
	"OnRollback":    "the OnRollback hook",
	"AfterRollback": "the AfterRollback hook",
	"OnSuccess":     "the OnSuccess hook",
	"Defer":         "the deferred callback",
}

// Synchronous lists functions that call their callback before they return.
// Inference already treats them so; the table documents the common ones and
// overrides inference if a future version of the library changes shape.
var Synchronous = map[string]string{
	"sort.Slice":                           "https://pkg.go.dev/sort#Slice",
	"sort.SliceStable":                     "https://pkg.go.dev/sort#SliceStable",
	"slices.SortFunc":                      "https://pkg.go.dev/slices#SortFunc",
	"slices.SortStableFunc":                "https://pkg.go.dev/slices#SortStableFunc",
	"(*sync.Once).Do":                      "https://pkg.go.dev/sync#Once.Do",
	"(*testing.T).Run":                     "https://pkg.go.dev/testing#T.Run",
	"(*testing.B).Run":                     "https://pkg.go.dev/testing#B.Run",
	"(*gorm.io/gorm.DB).Transaction":       "https://pkg.go.dev/gorm.io/gorm#DB.Transaction",
	"github.com/jackc/pgx/v5.BeginFunc":    "https://pkg.go.dev/github.com/jackc/pgx/v5#BeginFunc",
	"github.com/jackc/pgx/v5.BeginTxFunc":  "https://pkg.go.dev/github.com/jackc/pgx/v5#BeginTxFunc",
	"(*github.com/uptrace/bun.DB).RunInTx": "https://pkg.go.dev/github.com/uptrace/bun#DB.RunInTx",
}
