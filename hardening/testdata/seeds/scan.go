// Seed copied from examples/story/scan.go (standard library only; seedRaw
// opens the database itself instead of seeding it through ent).
package main

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"sync"
)

// outbox collects "sent" mails; safe for concurrent use.
type outbox struct {
	mu   sync.Mutex
	sent []string
}

func (o *outbox) send(id int, email string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, fmt.Sprintf("mail %d <%s>", id, email))
}

// sorted returns the sent mails in sorted order.
func (o *outbox) sorted() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := append([]string(nil), o.sent...)
	sort.Strings(out)
	return out
}

// seedRaw creates the seed users through ent and returns the underlying
// *sql.DB for raw queries.
func seedRaw(ctx context.Context, name string) (*sql.DB, func(), error) {
	db, err := sql.Open("sqlite", name) // the original seeds users through ent
	if err != nil {
		return nil, nil, err
	}
	return db, func() { db.Close() }, db.PingContext(ctx)
}

// buggyScan is the second bug shape: id and email are declared before the
// rows.Next() loop, and each goroutine reads them whenever it gets to run,
// by which time Scan may have overwritten them (a data race; typically every
// goroutine sees the last row).
func buggyScan(ctx context.Context) ([]string, error) {
	db, done, err := seedRaw(ctx, "scan_buggy")
	if err != nil {
		return nil, err
	}
	defer done()

	box := &outbox{}
	sendMail := box.send
	var wg sync.WaitGroup

	rows, err := db.QueryContext(ctx, "SELECT id, email FROM users ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var id int
	var email string
	for rows.Next() {
		if err := rows.Scan(&id, &email); err != nil {
			return nil, err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sendMail(id, email) // BUG: id and email are shared by all iterations.
		}()
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	wg.Wait()
	return box.sorted(), nil
}
