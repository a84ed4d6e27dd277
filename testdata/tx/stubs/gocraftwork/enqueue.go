// Package work is a stub of github.com/gocraft/work with the real signatures
// of the Enqueuer methods; the Go module proxy refuses the real module.
// Source: https://github.com/gocraft/work/blob/master/enqueue.go
package work

// Enqueuer can enqueue jobs.
type Enqueuer struct {
	Namespace string
}

// Job represents a job.
type Job struct {
	Name string
	ID   string
	Args map[string]interface{}
}

// ScheduledJob represents a job in the scheduled queue.
type ScheduledJob struct {
	RunAt int64
	*Job
}

// Enqueue will enqueue the specified job name and arguments.
func (e *Enqueuer) Enqueue(jobName string, args map[string]interface{}) (*Job, error) {
	panic("stub")
}

// EnqueueIn enqueues a job in the scheduled job queue for execution in secondsFromNow seconds.
func (e *Enqueuer) EnqueueIn(jobName string, secondsFromNow int64, args map[string]interface{}) (*ScheduledJob, error) {
	panic("stub")
}

// EnqueueUnique enqueues a job unless a job is already enqueued with the same name and arguments.
func (e *Enqueuer) EnqueueUnique(jobName string, args map[string]interface{}) (*Job, error) {
	panic("stub")
}

// EnqueueUniqueIn enqueues a unique job in the scheduled job queue for execution in secondsFromNow seconds.
func (e *Enqueuer) EnqueueUniqueIn(jobName string, secondsFromNow int64, args map[string]interface{}) (*ScheduledJob, error) {
	panic("stub")
}

// EnqueueUniqueByKey enqueues a job unless a job is already enqueued with the same name and key.
func (e *Enqueuer) EnqueueUniqueByKey(jobName string, args map[string]interface{}, keyMap map[string]interface{}) (*Job, error) {
	panic("stub")
}

// EnqueueUniqueInByKey enqueues a job in the scheduled job queue that is unique on the specified key.
func (e *Enqueuer) EnqueueUniqueInByKey(jobName string, secondsFromNow int64, args map[string]interface{}, keyMap map[string]interface{}) (*ScheduledJob, error) {
	panic("stub")
}
