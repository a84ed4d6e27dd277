// Package brokers publishes to message brokers and starts workflows inside
// transactions.
package brokers

import (
	"context"
	"database/sql"

	"github.com/IBM/sarama"
	"github.com/nats-io/nats.go"
	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/segmentio/kafka-go"
	"go.temporal.io/sdk/client"
)

func Publish(ctx context.Context, db *sql.DB, w *kafka.Writer, nc *nats.Conn, ch *amqp.Channel, tc client.Client, p sarama.SyncProducer) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := w.WriteMessages(ctx, kafka.Message{Value: []byte("created")}); err != nil { // want `kafka.Writer.WriteMessages hands work to`
		return err
	}
	if err := nc.Publish("users.created", []byte("1")); err != nil { // want `nats.Conn.Publish hands work to`
		return err
	}
	if err := ch.PublishWithContext(ctx, "", "users", false, false, amqp.Publishing{Body: []byte("1")}); err != nil { // want `amqp091.Channel.PublishWithContext hands work to`
		return err
	}
	if _, err := tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{TaskQueue: "users"}, "Welcome", 1); err != nil { // want `client.Client.ExecuteWorkflow hands work to`
		return err
	}
	if _, _, err := p.SendMessage(&sarama.ProducerMessage{Topic: "users"}); err != nil { // want `sarama.SyncProducer.SendMessage hands work to`
		return err
	}
	return tx.Commit()
}
