package catalog

import "testing"

func TestShortName(t *testing.T) {
	for in, want := range map[string]string{
		"(*example.com/db.Tx).AfterCommit":      "db.Tx.AfterCommit",
		"(example.com/app/jobs.Scheduler).Push": "jobs.Scheduler.Push",
		"example.com/app/jobs.Later":            "jobs.Later",
		"time.AfterFunc":                        "time.AfterFunc",
	} {
		if got := shortName(in); got != want {
			t.Errorf("shortName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestKnowledgeExtends(t *testing.T) {
	k := NewKnowledge()
	k.AddRegistrar("example.com/jobs.Later")
	if r, ok := k.Registrar("example.com/jobs.Later"); !ok || r.Arg != AllArgs {
		t.Errorf("configured registrar: %v %v", r, ok)
	}
	if _, ok := Registrars["example.com/jobs.Later"]; ok {
		t.Error("configuration leaked into the built-in table")
	}
	k.AddEnqueuer("(*example.com/q.Client).Push")
	k.AddTransactional("(*example.com/q.Client).Push")
	if _, ok := k.Enqueuer("(*example.com/q.Client).Push"); ok {
		t.Error("a transactional enqueuer must not be reported")
	}
	if !k.Synchronous("(*gorm.io/gorm.DB).Transaction") {
		t.Error("gorm Transaction runs its callback before it returns")
	}
}

func TestPkgPath(t *testing.T) {
	for in, want := range map[string]string{
		"(*github.com/riverqueue/river.Client[TTx]).Insert":    "github.com/riverqueue/river",
		"(github.com/nats-io/nats.go.JetStream).Publish":       "github.com/nats-io/nats.go",
		"github.com/jackc/pgx/v5.BeginFunc":                    "github.com/jackc/pgx/v5",
		"*database/sql.Tx":                                     "database/sql",
		"(github.com/segmentio/kafka-go.Writer).WriteMessages": "github.com/segmentio/kafka-go",
		"time.AfterFunc":                                       "time",
	} {
		if got := PkgPath(in); got != want {
			t.Errorf("PkgPath(%q) = %q, want %q", in, got, want)
		}
	}
}
