// Package hooks defines a home-grown registrar: loopcapture infers that
// Later keeps its callback and exports the inference as a fact, which
// golangci-lint must carry to package app.
package hooks

// Queue runs callbacks after the work is done.
type Queue struct {
	later []func()
}

// Later keeps f to call it after the work is done.
func (q *Queue) Later(f func()) {
	q.later = append(q.later, f)
}

// Run calls the kept callbacks.
func (q *Queue) Run() {
	for _, f := range q.later {
		f()
	}
}
