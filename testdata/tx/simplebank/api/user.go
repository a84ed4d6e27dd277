// Package api creates users and asks for the verification email from the
// AfterCreate callback — which CreateUserTx calls inside its transaction.
package api

import (
	"context"

	"example.com/txstory/simplebank/db"
	"example.com/txstory/simplebank/worker"
	"github.com/hibiken/asynq"
)

// Server is the API server.
type Server struct {
	store           *db.SQLStore
	taskDistributor worker.TaskDistributor
}

func (server *Server) createUser(ctx context.Context, username, email string) error {
	arg := db.CreateUserTxParams{
		CreateUserParams: db.CreateUserParams{Username: username, Email: email},
		AfterCreate: func(user db.User) error {
			taskPayload := &worker.PayloadSendVerifyEmail{Username: user.Username}
			opts := []asynq.Option{asynq.MaxRetry(10), asynq.Queue("critical")}
			return server.taskDistributor.DistributeTaskSendVerifyEmail(ctx, taskPayload, opts...) // want `worker.TaskDistributor.DistributeTaskSendVerifyEmail enqueues via worker.RedisTaskDistributor.DistributeTaskSendVerifyEmail → asynq.Client.EnqueueContext while the transaction in which db.SQLStore.CreateUserTx calls AfterCreate is still open`
		},
	}
	_, err := server.store.CreateUserTx(ctx, arg)
	return err
}

func (server *Server) withTx(ctx context.Context, username string) error {
	return server.store.WithTx(ctx, func(q *db.Queries) error {
		payload := &worker.PayloadSendVerifyEmail{Username: username}
		return server.taskDistributor.DistributeTaskSendVerifyEmail(ctx, payload) // want `while the transaction of db.SQLStore.WithTx is still open`
	})
}
