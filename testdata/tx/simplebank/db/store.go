// Package db is the storage layer of the widely copied Go course: a
// home-grown execTx helper and a CreateUserTx that calls back AfterCreate
// inside the transaction.
package db

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Queries runs queries on a connection or a transaction.
type Queries struct{ db interface{} }

// New returns queries over db.
func New(db interface{}) *Queries { return &Queries{db: db} }

// User is a row.
type User struct {
	Username string
	Email    string
}

// CreateUser inserts a user.
func (q *Queries) CreateUser(ctx context.Context, arg CreateUserParams) (User, error) {
	return User{Username: arg.Username, Email: arg.Email}, nil
}

// CreateUserParams are the columns of a new user.
type CreateUserParams struct {
	Username string
	Email    string
}

// SQLStore runs transactions on a pool.
type SQLStore struct {
	connPool *pgxpool.Pool
	*Queries
}

// execTx runs fn inside a database transaction: inferred as a Runner.
func (store *SQLStore) execTx(ctx context.Context, fn func(*Queries) error) error { // want execTx:`runner\[1\]`
	tx, err := store.connPool.Begin(ctx)
	if err != nil {
		return err
	}
	q := New(tx)
	err = fn(q)
	if err != nil {
		if rbErr := tx.Rollback(ctx); rbErr != nil {
			return fmt.Errorf("tx err: %v, rb err: %v", err, rbErr)
		}
		return err
	}
	return tx.Commit(ctx)
}

// WithTx passes its callback on to execTx: a Runner too.
func (store *SQLStore) WithTx(ctx context.Context, fn func(*Queries) error) error { // want WithTx:`runner\[1\]`
	return store.execTx(ctx, fn)
}

// CreateUserTxParams carries the callback the course uses to enqueue the
// verification email.
type CreateUserTxParams struct {
	CreateUserParams
	AfterCreate func(user User) error // want AfterCreate:`calledInTx\(db.SQLStore.CreateUserTx\)`
}

// CreateUserTxResult is what CreateUserTx returns.
type CreateUserTxResult struct{ User User }

// CreateUserTx creates the user and calls AfterCreate — inside the
// transaction.
func (store *SQLStore) CreateUserTx(ctx context.Context, arg CreateUserTxParams) (CreateUserTxResult, error) {
	var result CreateUserTxResult
	err := store.execTx(ctx, func(q *Queries) error {
		var err error
		result.User, err = q.CreateUser(ctx, arg.CreateUserParams)
		if err != nil {
			return err
		}
		return arg.AfterCreate(result.User)
	})
	return result, err
}

var _ pgx.Tx
