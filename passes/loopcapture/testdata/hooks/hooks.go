// Package hooks defines home-grown registrars whose callbacks run later;
// loopcapture infers them and exports the inference as facts.
package hooks

import (
	"iter"
	"sort"
	"sync"
)

// Store collects after-commit callbacks.
type Store struct {
	mu    sync.Mutex
	after []func()
}

// AfterCommit keeps f to call it after the transaction commits.
func (s *Store) AfterCommit(f func()) { // want AfterCommit:`keeps\[0\]`
	s.mu.Lock()
	defer s.mu.Unlock()
	s.after = append(s.after, f)
}

// Register passes its callback on to AfterCommit.
func Register(s *Store, name string, f func()) { // want Register:`keeps\[2\]`
	s.AfterCommit(func() {
		f()
	})
}

// Background starts f on its own goroutine.
func Background(f func()) { // want Background:`keeps\[0\]`
	go f()
}

var queue = make(chan func(), 16)

// Later sends f to a worker.
func Later(f func()) { // want Later:`keeps\[0\]`
	queue <- f
}

// Now calls f before returning: not a registrar.
func Now(f func()) {
	defer f()
	f()
}

// Each calls f once per element: not a registrar.
func Each(xs []int, f func(int)) {
	for _, x := range xs {
		f(x)
	}
}

// Committer is an interface with a registration method; interface methods
// are matched by name (OnCommit, AfterCommit, ...).
type Committer interface {
	OnCommit(func())
	Commit() error
}

// Sorted hands less to a closure that sort.Slice calls before it returns:
// not a registrar.
func Sorted(xs []int, less func(a, b int) bool) {
	sort.Slice(xs, func(i, j int) bool { return less(xs[i], xs[j]) })
}

// Or returns f, or a no-op when f is nil: returning f keeps nothing.
func Or(f func()) func() {
	if f == nil {
		return func() {}
	}
	return f
}

// Spawn starts a goroutine that calls f: a registrar.
func Spawn(f func()) { // want Spawn:`keeps\[0\]`
	go func() { f() }()
}

// Wrapped keeps f inside a closure stored for later: a registrar.
func (s *Store) Wrapped(f func()) { // want Wrapped:`keeps\[0\]`
	s.AfterCommit(func() { f() })
}

// Walk calls f on every element through a helper of this package: not a
// registrar.
func Walk(xs []int, f func(int)) {
	walk(xs, f)
}

func walk(xs []int, f func(int)) {
	if len(xs) == 0 {
		return
	}
	f(xs[0])
	walk(xs[1:], f)
}

// All ranges over seq: calling it keeps nothing.
func All(seq iter.Seq[int], f func(int)) {
	for x := range seq {
		f(x)
	}
}

// Enqueue keeps f through Later: a registrar.
func Enqueue(f func()) { // want Enqueue:`keeps\[0\]`
	Later(f)
}

type holder struct{ f func() }

// Local keeps f in a local struct that does not outlive the call: not a
// registrar.
func Local(f func()) {
	h := holder{f: f}
	fs := []func(){f}
	fs = append(fs, h.f)
	for _, g := range fs {
		g()
	}
}

// Set stores f through a pointer parameter: a registrar.
func Set(h *holder, f func()) { // want Set:`keeps\[1\]`
	h.f = f
}

// Built stores f in a local struct that it then sends: a registrar.
func Built(f func()) { // want Built:`keeps\[0\]`
	h := &holder{f: f}
	queue <- h.f
}

// afterFunc is context.AfterFunc's shape: f goes into a struct whose
// address a returned closure captures. Inference counts a pointer stored
// in a captured variable as escaping, and so must the pre-check.
func AfterFunc(f func()) (stop func() bool) { // want AfterFunc:`keeps\[0\]`
	a := &holder{f: f}
	return func() bool { return a.f != nil }
}

// Literal declares a function literal whose own callback parameter
// escapes: inference covers literals too.
func Literal() func(func()) {
	return func(g func()) { go g() }
}
