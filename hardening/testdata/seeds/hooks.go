// Seed copied from passes/loopcapture/testdata/hooks/hooks.go (standard library only).
// Package hooks defines home-grown registrars whose callbacks run later;
// loopcapture infers them and exports the inference as facts.
package hooks

import "sync"

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
