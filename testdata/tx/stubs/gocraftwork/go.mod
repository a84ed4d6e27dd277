// Stub of github.com/gocraft/work: the Go module proxy refuses the real
// module. See ../README.md.
module github.com/gocraft/work

go 1.26.0
