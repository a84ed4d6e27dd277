// Package tasks is a stub of github.com/RichardKnop/machinery/v2/tasks: the
// types the Server.Send* signatures use, with a few of their fields.
package tasks

// Arg is a task argument.
type Arg struct {
	Name  string
	Type  string
	Value any
}

// Signature represents a single task invocation.
type Signature struct {
	UUID string
	Name string
	Args []Arg
}

// Chain is a chain of tasks.
type Chain struct {
	Name  string
	Tasks []*Signature
}

// Group is a group of tasks run in parallel.
type Group struct {
	GroupUUID string
	Name      string
	Tasks     []*Signature
}

// Chord is a group of tasks with a callback.
type Chord struct {
	Group    *Group
	Callback *Signature
}
