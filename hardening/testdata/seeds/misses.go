// Seed copied from passes/loopcapture/testdata/peer/misses/misses.go (standard library only).
// Package misses holds minimal reproducers of findings of go vet's
// loopclosure suite (x/tools go/analysis/passes/loopclosure/testdata) that
// loopcapture has missed; see peer_test.go. Each is a bug in every Go
// version: the variables are declared outside the loop.
package misses

import "testing"

// A is a package-level loop variable, as in vet's a/a.go:63 (and B of
// a/b.go, used at a/a.go:69). A closure reads a global directly instead of
// capturing it, so it has no binding to follow.
var A int

func globalRangeVar(s []int) {
	for A = range s {
		go func() {
			println(A) // want `A is shared by all iterations`
		}()
	}
}

var current string

// The same with a plain assignment in the body.
func globalAssigned(names []string) {
	for _, n := range names {
		current = n
		go func() {
			println(current) // want `current is shared by all iterations`
		}()
	}
}

// t.Parallel behind a label, as in vet's subtests/subtest.go:142: the
// labelled statement is not an expression statement, so the subtest is not
// seen as parallel.
func labelledParallel(t *testing.T, tests []int) {
	var test int
	for _, tt := range tests {
		test = tt
		t.Run("", func(t *testing.T) {
			if len(tests) > 1 {
				goto L
			}
		L:
			t.Parallel()
			println(test) // want `test is shared by all iterations and reassigned at line 40; the parallel subtest reads it after t.Parallel`
		})
	}
}
