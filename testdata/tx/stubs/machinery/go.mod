// Stub of github.com/RichardKnop/machinery/v2: the Go module proxy refuses
// the real module. See ../README.md.
module github.com/RichardKnop/machinery/v2

go 1.26.0
