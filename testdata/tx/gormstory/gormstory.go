// Package gormstory enqueues inside gorm transactions: the Transaction
// callback, a Begin/Commit pair, and a model hook.
package gormstory

import (
	"context"
	"fmt"

	"github.com/hibiken/asynq"
	"gorm.io/gorm"
)

// User is a gorm model.
type User struct {
	ID     int64
	Email  string
	Active bool
	queue  *asynq.Client `gorm:"-"`
}

func welcome(id int64) *asynq.Task { return asynq.NewTask("welcome", []byte(fmt.Sprint(id))) }

// AfterCreate runs inside gorm's transaction.
func (u *User) AfterCreate(tx *gorm.DB) error {
	_, err := u.queue.Enqueue(welcome(u.ID)) // want `asynq.Client.Enqueue hands work to asynq while the transaction gorm runs the AfterCreate hook in is still open`
	return err
}

func Activate(ctx context.Context, db *gorm.DB, q *asynq.Client, ids []int64) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, id := range ids {
			if err := tx.Model(&User{}).Where("id = ?", id).Update("active", true).Error; err != nil {
				return err
			}
			if _, err := q.EnqueueContext(ctx, welcome(id)); err != nil { // want `asynq.Client.EnqueueContext hands work to asynq while the transaction of gorm.DB.Transaction is still open`
				return err
			}
		}
		return nil
	})
}

func ActivateBegin(db *gorm.DB, q *asynq.Client, id int64) error { // want ActivateBegin:`enqueues\(asynq.Client.Enqueue\)`
	tx := db.Begin()
	if err := tx.Model(&User{}).Where("id = ?", id).Update("active", true).Error; err != nil {
		tx.Rollback()
		return err
	}
	if _, err := q.Enqueue(welcome(id)); err != nil { // want `asynq.Client.Enqueue hands work to asynq while the transaction begun at line 44`
		tx.Rollback()
		return err
	}
	if err := tx.Commit().Error; err != nil {
		return err
	}
	_, err := q.Enqueue(welcome(id)) // after Commit: fine
	return err
}
