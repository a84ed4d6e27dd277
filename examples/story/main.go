// Command story replays the latebind war story with real entgo.io/ent
// generated code: closures registered inside a loop (ent tx.OnCommit hooks,
// goroutines) read a variable shared by every iteration, so by the time they
// run they all see the LAST value.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"example.com/story/ent"

	_ "modernc.org/sqlite" // pure-Go SQLite driver, registered as "sqlite".
)

// queue is a tiny in-memory job queue standing in for a real task queue.
type queue struct {
	jobs []string
}

// Enqueue appends a job to the queue.
func (q *queue) Enqueue(job string) {
	q.jobs = append(q.jobs, job)
}

// welcomeTask is the job we want to send to each newly activated user.
func welcomeTask(id int) string {
	return fmt.Sprintf("welcome user %d", id)
}

// seedUsers are the three users every scenario creates.
var seedUsers = []struct{ name, email string }{
	{"alice", "alice@example.com"},
	{"bob", "bob@example.com"},
	{"carol", "carol@example.com"},
}

// openClient opens a fresh, named in-memory SQLite database, wraps it in an
// ent client and creates the schema. The *sql.DB is returned as well, for
// the raw-SQL scenarios.
func openClient(ctx context.Context, name string) (*ent.Client, *sql.DB, error) {
	dsn := fmt.Sprintf("file:%s?mode=memory&cache=shared&_pragma=foreign_keys(1)", name)
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, nil, err
	}
	// One connection: keeps the shared-cache memory database alive and
	// avoids SQLITE_LOCKED between pooled connections.
	db.SetMaxOpenConns(1)
	drv := entsql.OpenDB(dialect.SQLite, db)
	client := ent.NewClient(ent.Driver(drv))
	if err := client.Schema.Create(ctx); err != nil {
		client.Close()
		return nil, nil, fmt.Errorf("creating schema: %w", err)
	}
	return client, db, nil
}

func main() {
	ctx := context.Background()
	sections := []struct {
		title string
		run   func(context.Context) ([]string, error)
	}{
		{"buggy: tx.OnCommit hooks (story.go)", buggyOnCommit},
		{"fixed: tx.OnCommit hooks (fixed.go)", fixedOnCommit},
		{"buggy: go func() in rows.Next() loop (scan.go)", buggyScan},
		{"fixed: go func() in rows.Next() loop (fixed.go)", fixedScan},
	}
	for _, s := range sections {
		fmt.Printf("== %s\n", s.title)
		out, err := s.run(ctx)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", s.title, err)
			os.Exit(1)
		}
		fmt.Printf("   %s\n\n", strings.Join(out, ", "))
	}
}
