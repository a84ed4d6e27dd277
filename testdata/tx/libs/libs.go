// Package libs imports every library that internal/catalog names, so that
// `go mod tidy` keeps them in this module and internal/catalog's test can
// load their type information. Each entry of the catalog appears here as a
// method expression or function value: the package compiles only while the
// catalog's APIs exist with these shapes.
package libs

import (
	"context"
	"database/sql"
	"net/http"
	"runtime"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	pubsubv1 "cloud.google.com/go/pubsub"
	pubsub "cloud.google.com/go/pubsub/v2"
	"entgo.io/ent"
	storyent "example.com/story/ent"
	"github.com/IBM/sarama"
	machinery "github.com/RichardKnop/machinery/v2"
	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/ThreeDotsLabs/watermill/message"
	trm "github.com/avito-tech/go-transaction-manager/trm/v2"
	trmmanager "github.com/avito-tech/go-transaction-manager/trm/v2/manager"
	"github.com/gocraft/work"
	"github.com/hibiken/asynq"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/segmentio/kafka-go"
	"github.com/uptrace/bun"
	temporal "go.temporal.io/sdk/client"
	"golang.org/x/sync/errgroup"
	"gorm.io/gorm"
)

// Registrars and synchronous callers (catalog.go).
var (
	_ = (*errgroup.Group).Go
	_ = (*errgroup.Group).TryGo
	_ = (*sync.WaitGroup).Go
	_ = time.AfterFunc
	_ = context.AfterFunc
	_ = runtime.SetFinalizer
	_ = runtime.AddCleanup[int, int]
	_ = (*testing.T).Cleanup
	_ = (*testing.B).Cleanup
	_ = (*testing.F).Cleanup
	_ = testing.TB.Cleanup
	_ = sort.Slice
	_ = sort.SliceStable
	_ = slices.SortFunc[[]int]
	_ = slices.SortStableFunc[[]int]
	_ = (*sync.Once).Do
	_ = (*testing.T).Run
	_ = (*testing.B).Run
)

// Transactions (tx.go).
var (
	_ = (*sql.DB).Begin
	_ = (*sql.DB).BeginTx
	_ = (*sql.Conn).BeginTx
	_ = (*sql.Tx).Commit
	_ = (*sql.Tx).Rollback

	_ = (*sqlx.DB).Beginx
	_ = (*sqlx.DB).BeginTxx
	_ = (*sqlx.DB).MustBegin
	_ = (*sqlx.DB).MustBeginTx
	_ = (*sqlx.Conn).BeginTxx
	_ = (*sqlx.Tx).Commit // promoted from *sql.Tx

	_ = (*pgx.Conn).Begin
	_ = (*pgx.Conn).BeginTx
	_ = pgx.Tx.Begin
	_ = pgx.Tx.Commit
	_ = pgx.Tx.Rollback
	_ = pgx.BeginFunc
	_ = pgx.BeginTxFunc
	_ = (*pgxpool.Pool).Begin
	_ = (*pgxpool.Pool).BeginTx
	_ = (*pgxpool.Conn).Begin
	_ = (*pgxpool.Conn).BeginTx

	_ = (*gorm.DB).Begin
	_ = (*gorm.DB).Commit
	_ = (*gorm.DB).Rollback
	_ = (*gorm.DB).Transaction

	_ = (*bun.DB).Begin
	_ = (*bun.DB).BeginTx
	_ = (*bun.DB).RunInTx
	_ = bun.Conn.BeginTx
	_ = bun.Conn.RunInTx
	_ = bun.Tx.Begin
	_ = bun.Tx.BeginTx
	_ = bun.Tx.Commit
	_ = bun.Tx.Rollback
	_ = bun.Tx.RunInTx
	_ = bun.IDB.BeginTx
	_ = bun.IDB.RunInTx

	_ = trm.Manager.Do
	_ = trm.Manager.DoWithSettings
	_ = (*trmmanager.Manager).Do
	_ = (*trmmanager.Manager).DoWithSettings
	_ = (*trmmanager.ChainedMW).Do
	_ = (*trmmanager.ChainedMW).DoWithSettings
	_ = trmmanager.New

	// ent is recognised by shape (catalog.EntShape); the story's
	// generated client is the reference.
	_ = (*storyent.Client).Tx
	_ = (*storyent.Client).BeginTx
	_ = (*storyent.Tx).OnCommit
	_ ent.Hook
)

// Enqueuers (tx.go).
var (
	_ = river.NewClient[pgx.Tx]
	_ = riverpgxv5.New
	_ = riverdatabasesql.New
	_ = (*river.Client[pgx.Tx]).Insert
	_ = (*river.Client[pgx.Tx]).InsertTx
	_ = (*river.Client[*sql.Tx]).InsertMany
	_ = (*river.Client[*sql.Tx]).InsertManyTx
	_ = (*river.Client[pgx.Tx]).InsertManyFast
	_ = (*river.Client[pgx.Tx]).InsertManyFastTx

	_ = (*asynq.Client).Enqueue
	_ = (*asynq.Client).EnqueueContext

	_ = (*machinery.Server).SendTask
	_ = (*machinery.Server).SendTaskWithContext
	_ = (*machinery.Server).SendChain
	_ = (*machinery.Server).SendChainWithContext
	_ = (*machinery.Server).SendGroup
	_ = (*machinery.Server).SendGroupWithContext
	_ = (*machinery.Server).SendChord
	_ = (*machinery.Server).SendChordWithContext

	_ = (*work.Enqueuer).Enqueue
	_ = (*work.Enqueuer).EnqueueIn
	_ = (*work.Enqueuer).EnqueueUnique
	_ = (*work.Enqueuer).EnqueueUniqueIn
	_ = (*work.Enqueuer).EnqueueUniqueByKey
	_ = (*work.Enqueuer).EnqueueUniqueInByKey

	_ = temporal.Client.ExecuteWorkflow
	_ = temporal.Client.SignalWorkflow
	_ = temporal.Client.SignalWithStartWorkflow

	_ = (*kafka.Writer).WriteMessages

	_ = sarama.SyncProducer.SendMessage
	_ = sarama.SyncProducer.SendMessages
	_ = sarama.AsyncProducer.Input

	_ = (*nats.Conn).Publish
	_ = (*nats.Conn).PublishMsg
	_ = (*nats.Conn).PublishRequest
	_ = nats.JetStreamContext.Publish
	_ = nats.JetStreamContext.PublishMsg
	_ = nats.JetStreamContext.PublishAsync
	_ = nats.JetStreamContext.PublishMsgAsync
	_ = jetstream.JetStream.Publish
	_ = jetstream.JetStream.PublishMsg
	_ = jetstream.JetStream.PublishAsync
	_ = jetstream.JetStream.PublishMsgAsync

	_ = (*amqp.Channel).Publish
	_ = (*amqp.Channel).PublishWithContext
	_ = (*amqp.Channel).PublishWithDeferredConfirm
	_ = (*amqp.Channel).PublishWithDeferredConfirmWithContext

	_ = (*pubsub.Publisher).Publish
	_ = (*pubsubv1.Topic).Publish

	_ = message.Publisher.Publish
	// A watermill-sql publisher built on a transaction writes its messages
	// in that transaction (see the comment on the watermill entry).
	_ = wsql.NewPublisher
	_ = wsql.TxFromStdSQL
	_ = wsql.TxFromPgx
	_ = wsql.BeginnerFromStdSQL

	_ = (*http.Client).Do
	_ = (*http.Client).Get
	_ = (*http.Client).Post
	_ = (*http.Client).PostForm
	_ = (*http.Client).Head
	_ = http.Get
	_ = http.Post
	_ = http.PostForm
	_ = http.Head
)
