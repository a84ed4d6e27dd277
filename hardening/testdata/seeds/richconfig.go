// Seed written for the fuzzer: a home-grown database layer, queue and
// hook registry whose names the fuzzer's rich configuration lists
// (richConfig in harness_test.go). Standard library only.
package fuzz

import (
	"context"
	"net/http"
	"sync"
)

type DB struct{}
type Tx struct{ done bool }
type Queue struct{ jobs []string }
type Hooks struct{ fns []func() }
type Keeper interface{ Keep(func()) }

func (*DB) Begin() *Tx                       { return &Tx{} }
func (db *DB) InTx(fn func(*Tx) error) error { return fn(db.Begin()) }
func WithTx(db *DB, fn func(*Tx) error) error {
	return db.InTx(fn)
}
func (tx *Tx) Commit() error        { tx.done = true; return nil }
func (tx *Tx) Rollback() error      { tx.done = true; return nil }
func (tx *Tx) Exec(string) error    { return nil }
func (q *Queue) Push(job string)    { q.jobs = append(q.jobs, job) }
func (q *Queue) PushTx(*Tx, string) {}
func Push(q *Queue, job string)     { q.Push(job) }
func (h *Hooks) Add(f func())       { h.fns = append(h.fns, f) }
func (h *Hooks) Run(f func())       { f() }
func Register(f func())             {}
func Each(xs []string, f func(string)) {
	for _, x := range xs {
		f(x)
	}
}

func Work(ctx context.Context, db *DB, q *Queue, h *Hooks, k Keeper, jobs []string) error {
	tx := db.Begin()
	var cur string
	var wg sync.WaitGroup
	for _, j := range jobs {
		cur = j
		q.Push(cur)
		Push(q, cur)
		q.PushTx(tx, cur)
		h.Add(func() { _ = tx.Exec(cur) })
		h.Run(func() { _ = tx.Exec(cur) })
		k.Keep(func() { _ = tx.Exec(cur) })
		Register(func() { _ = cur })
		Each(jobs, func(s string) { _ = cur + s })
		wg.Go(func() { _ = tx.Exec(cur) })
		http.Get("http://example.com/" + cur)
	}
	wg.Wait()
	if err := tx.Commit(); err != nil {
		return err
	}
	err := db.InTx(func(tx *Tx) error {
		q.Push("in callback")
		go func() { _ = tx.Exec("late") }()
		return nil
	})
	if err != nil {
		return err
	}
	return WithTx(db, func(tx *Tx) error {
		Push(q, "in WithTx")
		return nil
	})
}
