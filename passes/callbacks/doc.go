// Package callbacks defines an Analyzer that infers which functions keep a
// func-typed argument to call it later: registrars.
//
// # Analyzer callbacks
//
// callbacks: infer functions that keep their callback arguments
//
// A function or method whose func-typed parameter escapes — stored in a
// field, slice, map or global, sent on a channel, started with go, bound
// into a closure that escapes, or passed on to another registrar — is a
// registrar: the callback it is given runs after the call returns. The
// analyzer exports a Keeps fact for each such function so that a custom
// AfterCommit in one package is known to its callers in another, and its
// Result answers, for any call, whether an argument is kept.
//
// A parameter that is only called (directly, or through defer, or by a
// synchronous callee) is synchronous and never makes a registrar. When the
// callee is unknown (a func value, an interface method not in the catalog's
// name patterns), the answer is no: unknown means silent.
package callbacks
