// Package result is a stub of
// github.com/RichardKnop/machinery/v2/backends/result: the result types the
// Server.Send* signatures return.
package result

// AsyncResult represents a task result.
type AsyncResult struct{}

// ChainAsyncResult represents a result of a chain of tasks.
type ChainAsyncResult struct{}

// ChordAsyncResult represents a result of a chord.
type ChordAsyncResult struct{}
