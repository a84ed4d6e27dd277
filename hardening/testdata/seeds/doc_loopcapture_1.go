// Seed copied from docs/checks/loopcapture.md, code block 1.
package example

import (
	"database/sql"
	"sync"
)

func sendMail(id int, email string) {}

func mailAll(rows *sql.Rows) error {
	var id int
	var email string
	var wg sync.WaitGroup
	for rows.Next() {
		if err := rows.Scan(&id, &email); err != nil {
			return err
		}
		wg.Go(func() {
			sendMail(id, email) // every goroutine may mail the last row
		})
	}
	wg.Wait()
	return rows.Err()
}
