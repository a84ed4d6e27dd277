// Package go122 holds loopcapture cases under Go 1.22+ loop semantics:
// variables declared by a for clause are per-iteration, variables declared
// before the loop are shared.
package go122

import (
	"context"
	"database/sql"
	"runtime"
	"sync"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"
)

func use(...any) {}

func goroutine(ids []int) {
	var u int
	for _, id := range ids {
		u = id
		go func() {
			use(u) // want `u is shared by all iterations and reassigned at line 22; the goroutine reads it after the loop has moved on`
		}()
	}
}

func deferred(files []string) {
	var name string
	for _, f := range files {
		name = f
		defer func() { use(name) }() // want `name is shared by all iterations and reassigned at line 32; the deferred call reads it when the function returns`
	}
}

func scan(rows *sql.Rows) {
	var id int
	var email string
	var wg sync.WaitGroup
	for rows.Next() {
		if err := rows.Scan(&id, &email); err != nil {
			return
		}
		wg.Go(func() { use(id, email) }) // want `id is shared by all iterations and its address is passed to Scan at line 42; the sync.WaitGroup.Go goroutine` `email is shared`
	}
	wg.Wait()
}

func group(ctx context.Context, ids []int) error {
	g, ctx := errgroup.WithContext(ctx)
	var cur int
	for _, id := range ids {
		cur = id
		g.Go(func() error { use(ctx, cur); return nil })    // want `cur is shared .*the errgroup.Group.Go goroutine`
		g.TryGo(func() error { use(ctx, cur); return nil }) // want `cur is shared .*the errgroup.Group.TryGo goroutine`
	}
	return g.Wait()
}

func timers(ctx context.Context, ids []int) {
	var cur int
	for _, id := range ids {
		cur = id
		time.AfterFunc(time.Second, func() { use(cur) }) // want `the time.AfterFunc callback`
		context.AfterFunc(ctx, func() { use(cur) })      // want `the context.AfterFunc callback`
		p := new(int)
		runtime.SetFinalizer(p, func(*int) { use(cur) }) // want `the finalizer`
		runtime.AddCleanup(p, func(int) { use(cur) }, 0) // want `the runtime.AddCleanup callback`
	}
}

func cleanups(t *testing.T, ids []int) {
	var cur int
	for _, id := range ids {
		cur = id
		t.Cleanup(func() { use(cur) }) // want `the Cleanup callback`
	}
}

func subtests(t *testing.T, ids []int) {
	var cur int
	for _, id := range ids {
		cur = id
		t.Run("parallel", func(t *testing.T) {
			use(cur) // before t.Parallel: runs while the loop waits
			t.Parallel()
			use(cur) // want `cur is shared .*the parallel subtest reads it after t.Parallel`
		})
		t.Run("serial", func(t *testing.T) {
			use(cur) // t.Run without t.Parallel returns after the body ran
		})
	}
}

type server struct {
	handlers []func()
	byName   map[string]func()
	last     func()
	ch       chan func()
}

var global func()

func stored(s *server, names []string) {
	var cur string
	local := map[string]func(){}
	for _, n := range names {
		cur = n
		s.handlers = append(s.handlers, func() { use(cur) }) // want `the closure appended to a slice`
		s.byName[n] = func() { use(cur) }                    // want `the closure stored in a map`
		s.last = func() { use(cur) }                         // one slot, overwritten: the survivor reads the value it was made with
		global = func() { use(cur) }                         // likewise
		s.ch <- func() { use(cur) }                          // want `the closure sent on a channel`
		local[n] = func() { use(cur) }                       // want `the closure stored in a map`
		var fns []func()
		fns = append(fns, func() { use(cur) }) // a slice of this iteration only
		for _, f := range fns {
			f()
		}
	}
	var all []func()
	for _, n := range names {
		cur = n
		all = append(all, func() { use(cur) }) // want `the closure appended to a slice`
	}
	_ = all
	var last func()
	for _, n := range names {
		cur = n
		last = func() { use(cur) } // one variable, overwritten each iteration
	}
	last()
}

type item struct {
	name string
	fn   func()
}

// Closures stored into a slot of their own per iteration: an element of a
// slice, or a struct that is then kept.
func perIterationSlots(items []item, names []string) []*item {
	var cur string
	for i := range items {
		cur = items[i].name
		items[i].fn = func() { use(cur) } // want `the closure stored in a struct field`
	}
	var kept []*item
	for _, n := range names {
		cur = n
		it := &item{name: n}
		it.fn = func() { use(cur) } // want `the closure stored in a struct field`
		kept = append(kept, it)
		lit := item{name: n, fn: func() { use(cur) }} // want `the closure stored in a struct field`
		items = append(items, lit)
	}
	return kept
}

// The standard library's own pattern (database/sql tests): a global hook
// replaced in every iteration and used before the next one.
var nowFunc = func() int { return 0 }

func replaceHook(n int) {
	tm := 0
	for i := 0; i < n; i++ {
		tm++
		nowFunc = func() int { return tm }
		use(nowFunc())
	}
}

func nested(ids []int) {
	var u int
	for _, id := range ids {
		u = id
		go func() {
			func() {
				use(u) // want `u is shared by all iterations and reassigned at line 177; the goroutine`
			}()
		}()
	}
}

func threeClause(n int) {
	for i := 0; i < n; i++ {
		go func() { use(i) }() // Go 1.22: i is per-iteration
	}
}

// counterID: the loop increments id, a counter, and each goroutine reads
// it later: they see a later id. Not an accumulator: still reported.
func counterID(xs []int) {
	id := 0
	for _, x := range xs {
		id++
		go func() { use(id, x) }() // want `id is shared by all iterations and reassigned at line \d+; the goroutine reads it`
	}
}

// appendAndReassign: names is appended to but also reset: not only an
// accumulator, still reported.
func appendAndReassign(batches [][]string) {
	var names []string
	for _, b := range batches {
		names = append(names, b...)
		go func() { use(names) }() // want `names is shared by all iterations`
		names = nil
	}
}

// Broker keeps its handlers to call them later (an inferred registrar).
type Broker struct{ handlers []func() int }

func NewBroker() *Broker { return &Broker{} }

func (b *Broker) AddHandler(h func() int) { b.handlers = append(b.handlers, h) }
func (b *Broker) Close()                  {}

// sharedBroker closes a broker the loop did not create: its handlers stay.
func sharedBroker(b *Broker, xs []int) {
	var cur int
	for _, x := range xs {
		cur = x
		b.AddHandler(func() int { return cur }) // want `cur is shared by all iterations and reassigned at line \d+; the callback kept by .*AddHandler reads it`
		b.Close()
	}
}

// closedAtReturn defers Close: the handlers outlive the iteration.
func closedAtReturn(xs []int) {
	var cur int
	for _, x := range xs {
		cur = x
		b := NewBroker()
		defer b.Close()
		b.AddHandler(func() int { return cur }) // want `cur is shared by all iterations and reassigned at line \d+; the callback kept by .*AddHandler reads it`
	}
}
