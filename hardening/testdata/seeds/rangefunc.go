// Seed copied from passes/loopcapture/testdata/rangefunc/rangefunc.go (standard library only).
// Package rangefunc holds range-over-func loops, whose bodies go/ssa builds
// as synthetic yield functions.
package rangefunc

import (
	"iter"
	"maps"
)

func use(...any) {}

func seq(m map[string]int) {
	var cur string
	for k := range maps.Keys(m) {
		cur = k
		go func() { use(cur) }() // want `cur is shared by all iterations and reassigned at line 15; the goroutine`
		go func() { use(k) }()   // k is per-iteration
	}
}

func pairs(s iter.Seq2[int, string]) {
	var last string
	for i, v := range s {
		last = v
		defer func() { use(i, last) }() // want `last is shared .*the deferred call`
	}
}
