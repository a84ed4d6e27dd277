//go:build go1.21

// Package go121 holds cases under pre-Go 1.22 loop semantics: a file with a
// go1.21 build constraint shares its loop variables across iterations.
package go121

import "golang.org/x/sync/errgroup"

func use(...any) {}

func rangeLoop(xs []int) {
	for i, x := range xs {
		go func() {
			use(i, x) // want `i is a loop variable shared by all iterations \(this file uses go1.21 semantics\); the goroutine` `x is a loop variable`
		}()
	}
}

func threeClause(n int) {
	for i := 0; i < n; i++ {
		defer func() { use(i) }() // want `i is a loop variable .*the deferred call`
	}
}

func group(xs []int) error {
	var g errgroup.Group
	for _, x := range xs {
		g.Go(func() error { use(x); return nil }) // want `x is a loop variable .*errgroup.Group.Go`
	}
	return g.Wait()
}

func assignRange(xs []int) {
	var x int
	for _, x = range xs {
		go func() { use(x) }() // want `x is shared by all iterations and reassigned at line 35`
	}
}

func argument(xs []int) {
	for _, x := range xs {
		go func(x int) { use(x) }(x)
	}
}

func copied(xs []int) {
	for _, x := range xs {
		x := x
		go func() { use(x) }()
	}
}
