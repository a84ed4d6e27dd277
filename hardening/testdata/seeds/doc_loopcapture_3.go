// Seed copied from docs/checks/loopcapture.md, code block 3.
package hooks

import "sync"

// Store collects callbacks to run after the transaction commits.
type Store struct {
	mu    sync.Mutex
	after []func()
}

// AfterCommit is inferred as a registrar: f escapes into s.after.
func (s *Store) AfterCommit(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.after = append(s.after, f)
}

// Each is not: f is only called.
func Each(xs []int, f func(int)) {
	for _, x := range xs {
		f(x)
	}
}
