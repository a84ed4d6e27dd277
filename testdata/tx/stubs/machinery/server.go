// Package machinery is a stub of github.com/RichardKnop/machinery/v2 with the
// real signatures of (*Server).Send*; the Go module proxy refuses the real
// module. Source: https://github.com/RichardKnop/machinery/blob/master/v2/server.go
package machinery

import (
	"context"

	"github.com/RichardKnop/machinery/v2/backends/result"
	"github.com/RichardKnop/machinery/v2/tasks"
)

// Server is the main Machinery object.
type Server struct{}

// SendTaskWithContext publishes a task to the default queue.
func (server *Server) SendTaskWithContext(ctx context.Context, signature *tasks.Signature) (*result.AsyncResult, error) {
	panic("stub")
}

// SendTask publishes a task to the default queue.
func (server *Server) SendTask(signature *tasks.Signature) (*result.AsyncResult, error) {
	panic("stub")
}

// SendChainWithContext triggers a chain of tasks.
func (server *Server) SendChainWithContext(ctx context.Context, chain *tasks.Chain) (*result.ChainAsyncResult, error) {
	panic("stub")
}

// SendChain triggers a chain of tasks.
func (server *Server) SendChain(chain *tasks.Chain) (*result.ChainAsyncResult, error) {
	panic("stub")
}

// SendGroupWithContext triggers a group of parallel tasks.
func (server *Server) SendGroupWithContext(ctx context.Context, group *tasks.Group, sendConcurrency int) ([]*result.AsyncResult, error) {
	panic("stub")
}

// SendGroup triggers a group of parallel tasks.
func (server *Server) SendGroup(group *tasks.Group, sendConcurrency int) ([]*result.AsyncResult, error) {
	panic("stub")
}

// SendChordWithContext triggers a group of parallel tasks with a callback.
func (server *Server) SendChordWithContext(ctx context.Context, chord *tasks.Chord, sendConcurrency int) (*result.ChordAsyncResult, error) {
	panic("stub")
}

// SendChord triggers a group of parallel tasks with a callback.
func (server *Server) SendChord(chord *tasks.Chord, sendConcurrency int) (*result.ChordAsyncResult, error) {
	panic("stub")
}
