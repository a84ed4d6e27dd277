// Package app has a loopcapture finding for each thing the plugin's tests
// prove. Each is marked with a "lb:NAME" comment; the tests read the
// markers to know where the findings are.
package app

import "example.com/lbmod/hooks"

func use(...any) {}

// Plain is reported with any settings: cur is shared by all iterations.
func Plain(names []string) {
	var cur string
	for _, n := range names {
		cur = n
		go func() { use(cur) }() // lb:plain
	}
}

// Two has two findings on one line: golangci-lint keeps both only with
// issues.uniq-by-line: false.
func Two(names []string) {
	var a, b string
	for _, n := range names {
		a, b = n, n
		go func() { use(a, b) }() // lb:two
	}
}

// Suppressed has the same bug, silenced for golangci-lint.
func Suppressed(names []string) {
	var cur string
	for _, n := range names {
		cur = n
		go func() { use(cur) }() //nolint:latebind // lb:nolint
	}
}

// Fact is reported through a fact exported by package hooks.
func Fact(q *hooks.Queue, names []string) {
	var cur string
	for _, n := range names {
		cur = n
		q.Later(func() { use(cur) }) // lb:fact
	}
}

// Scheduler keeps its jobs to run them later. An interface method whose
// name matches no pattern is a registrar only when configured:
// loopcapture.registrars: ["(example.com/lbmod/app.Scheduler).Schedule"].
type Scheduler interface {
	Schedule(name string, job func())
}

// Configured is reported only with the registrar configured.
func Configured(s Scheduler, names []string) {
	var cur string
	for _, n := range names {
		cur = n
		s.Schedule(n, func() { use(cur) }) // lb:registrar
	}
}
