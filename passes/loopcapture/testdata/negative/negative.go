// Package negative holds code that loopcapture must not report.
package negative

import (
	"context"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

func use(...any) {}

// Synchronous callbacks run before the call returns.
func synchronous(xs []int, once *sync.Once) {
	var pivot int
	for _, x := range xs {
		pivot = x
		sort.Slice(xs, func(i, j int) bool { return xs[i]-pivot < xs[j]-pivot })
		slices.SortFunc(xs, func(a, b int) int { return a - b - pivot })
		once.Do(func() { use(pivot) })
		func() { use(pivot) }()
		apply(func() { use(pivot) })
	}
}

// apply calls its callback before it returns: not a registrar.
func apply(f func()) { f() }

// A variable the loop never writes is the same in every iteration.
func neverWritten(ctx context.Context, xs []int) {
	prefix := "item"
	for range xs {
		go func() { use(ctx, prefix) }()
	}
}

// A closure that takes the value as an argument.
func argument(xs []int) {
	var cur int
	for _, x := range xs {
		cur = x
		go func(v int) { use(v) }(cur)
	}
}

// A copy made in the iteration is per-iteration.
func copied(xs []int) {
	var cur int
	for _, x := range xs {
		cur = x
		c := cur
		go func() { use(c) }()
	}
}

// The named-result idiom: a deferred closure outside any loop.
func namedResult() (err error) {
	defer func() {
		if err != nil {
			use(err)
		}
	}()
	for i := 0; i < 3; i++ {
		err = nil
	}
	return err
}

// The loop ends right after the goroutine starts: no later iteration.
func lastIteration(xs []int) {
	var cur int
	for _, x := range xs {
		cur = x
		if x > 10 {
			go func() { use(cur) }()
			break
		}
	}
}

// A func value of unknown origin: unknown means silent.
func unknown(xs []int, register func(func())) {
	var cur int
	for _, x := range xs {
		cur = x
		register(func() { use(cur) })
	}
}

// A closure written before the loop and called after it reads the final
// value on purpose.
func outsideLoop(xs []int) int {
	var sum int
	total := func() int { return sum }
	for _, x := range xs {
		sum += x
	}
	return total()
}

// Pointer-receiver method calls on a shared variable (wg.Add, mu.Lock) do
// not give it a new value: the closure is meant to use the same object.
func workerPool(xs []int) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var results []int
	for _, x := range xs {
		wg.Add(1)
		mu.Lock()
		mu.Unlock()
		go func() {
			defer wg.Done()
			mu.Lock()
			results = append(results, x)
			mu.Unlock()
		}()
	}
	wg.Wait()
}

// The iteration waits for its goroutine before the loop moves on.
func waitEachIteration(xs []int) {
	var cur int
	for _, x := range xs {
		cur = x
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			use(cur)
		}()
		wg.Wait()
	}
}

// A deferred closure that reads a named result wants its final value.
func namedResultInLoop(xs []int) (err error) {
	for _, x := range xs {
		err = check(x)
		defer func() {
			if err != nil {
				use(err)
			}
		}()
	}
	return err
}

func check(int) error { return nil }

// The iteration waits for a message from its goroutine before it goes on
// (net/http's serve_test does this): the goroutine has read the variable.
func waitForMessage(addrs []string) {
	var cur string
	for _, a := range addrs {
		cur = a
		errc := make(chan error, 1)
		go func() { errc <- dial(cur) }()
		select {
		case err := <-errc:
			use(err)
			continue
		default:
		}
		if err := <-errc; err != nil {
			break
		}
	}
}

func dial(string) error { return nil }

// A closure that only takes the variable's address shares it on purpose
// (an atomic counter, as in time's sleep_test): not reported.
func atomicCounter(n int) {
	var count int32
	for i := 0; i < n; i++ {
		atomic.StoreInt32(&count, 0)
		time.AfterFunc(time.Millisecond, func() {
			atomic.AddInt32(&count, 1)
		})
	}
}
