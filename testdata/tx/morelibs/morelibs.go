// Package morelibs covers the rest of the catalog: sqlx, pgxpool,
// go-transaction-manager, machinery, gocraft/work, Pub/Sub, JetStream,
// sarama's async producer and watermill (with watermill-sql's
// transactional publisher, which is not reported).
package morelibs

import (
	"context"
	"database/sql"

	pubsub "cloud.google.com/go/pubsub/v2"
	"github.com/IBM/sarama"
	machinery "github.com/RichardKnop/machinery/v2"
	"github.com/RichardKnop/machinery/v2/tasks"
	"github.com/ThreeDotsLabs/watermill"
	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/avito-tech/go-transaction-manager/trm/v2/manager"
	"github.com/gocraft/work"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"github.com/nats-io/nats.go/jetstream"
)

func Sqlx(db *sqlx.DB, server *machinery.Server, enq *work.Enqueuer) error {
	tx := db.MustBegin()
	tx.MustExec("UPDATE users SET active = true")
	if _, err := server.SendTask(&tasks.Signature{Name: "welcome"}); err != nil { // want `machinery.Server.SendTask hands work to machinery while the transaction begun at line 27 is still open`
		return err
	}
	if _, err := enq.Enqueue("welcome", map[string]interface{}{"id": 1}); err != nil { // want `work.Enqueuer.Enqueue hands work to gocraft/work`
		return err
	}
	return tx.Commit()
}

func Pool(ctx context.Context, pool *pgxpool.Pool, p *pubsub.Publisher, js jetstream.JetStream) error {
	tx, err := pool.BeginTx(ctx, pgx.TxOptions{})
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	p.Publish(ctx, &pubsub.Message{Data: []byte("1")})                       // want `pubsub.Publisher.Publish hands work to Cloud Pub/Sub`
	if _, err := js.Publish(ctx, "users.created", []byte("1")); err != nil { // want `jetstream.Publisher.Publish hands work to NATS JetStream`
		return err
	}
	return tx.Commit(ctx)
}

func Manager(ctx context.Context, m *manager.Manager, ap sarama.AsyncProducer) error {
	return m.Do(ctx, func(ctx context.Context) error {
		ap.Input() <- &sarama.ProducerMessage{Topic: "users"} // want `a send on sarama.AsyncProducer.Input\(\) hands work to sarama while the transaction of manager.Manager.Do is still open`
		return nil
	})
}

func Watermill(ctx context.Context, db *sql.DB, pub message.Publisher) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	outbox, err := wsql.NewPublisher(wsql.TxFromStdSQL(tx), wsql.PublisherConfig{SchemaAdapter: wsql.DefaultPostgreSQLSchema{}}, watermill.NopLogger{})
	if err != nil {
		return err
	}
	msg := message.NewMessage(watermill.NewUUID(), []byte("created"))
	if err := outbox.Publish("users", msg); err != nil { // the outbox: written in tx, fine
		return err
	}
	var outboxed message.Publisher = outbox
	if err := outboxed.Publish("users", msg); err != nil { // through the interface: still the outbox
		return err
	}
	if err := pub.Publish("users", msg); err != nil { // want `message.Publisher.Publish hands work to watermill`
		return err
	}
	return tx.Commit()
}
