// Package worker distributes tasks through asynq behind an interface, as
// the course does.
package worker

import (
	"context"
	"encoding/json"

	"github.com/hibiken/asynq"
)

// TaskDistributor is what the API holds.
type TaskDistributor interface {
	DistributeTaskSendVerifyEmail(ctx context.Context, payload *PayloadSendVerifyEmail, opts ...asynq.Option) error // want DistributeTaskSendVerifyEmail:`enqueues\(worker.RedisTaskDistributor.DistributeTaskSendVerifyEmail → asynq.Client.EnqueueContext\)`
}

// PayloadSendVerifyEmail is the task payload.
type PayloadSendVerifyEmail struct{ Username string }

// RedisTaskDistributor enqueues into Redis.
type RedisTaskDistributor struct{ client *asynq.Client }

// NewRedisTaskDistributor returns a distributor.
func NewRedisTaskDistributor(opt asynq.RedisClientOpt) TaskDistributor {
	return &RedisTaskDistributor{client: asynq.NewClient(opt)}
}

// DistributeTaskSendVerifyEmail enqueues the email task.
func (d *RedisTaskDistributor) DistributeTaskSendVerifyEmail(ctx context.Context, payload *PayloadSendVerifyEmail, opts ...asynq.Option) error { // want DistributeTaskSendVerifyEmail:`enqueues\(asynq.Client.EnqueueContext\)`
	data, err := json.Marshal(payload)
	if err != nil {
		return err
	}
	task := asynq.NewTask("task:send_verify_email", data, opts...)
	_, err = d.client.EnqueueContext(ctx, task)
	return err
}
