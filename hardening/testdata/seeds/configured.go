// Seed copied from passes/loopcapture/testdata/configured/configured.go (standard library only).
// Package configured uses a registrar that latebind cannot infer (an
// interface method whose name matches no pattern); the test configures it
// with -loopcapture.registrars.
package configured

func use(...any) {}

// Scheduler runs jobs later.
type Scheduler interface {
	Schedule(name string, job func())
}

func schedule(s Scheduler, names []string) {
	var cur string
	for _, n := range names {
		cur = n
		s.Schedule(n, func() { use(cur) }) // want `cur is shared by all iterations and reassigned at line 16; the callback kept by configured.Scheduler.Schedule reads it`
	}
}
