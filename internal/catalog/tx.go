package catalog

// Every name below is what (*go/types.Func).FullName prints for the object
// a call resolves to, checked against the real libraries by catalog_test.go
// (which loads them through the module in testdata/tx). Three spellings
// matter:
//
//   - Generic receivers are named by the ORIGIN method, with the type
//     parameter's own name: "(*github.com/riverqueue/river.Client[TTx]).Insert".
//     An instantiated method (types.Info.Uses at a call site, or an ssa
//     instantiation) prints the type argument instead; map it back with
//     (*types.Func).Origin or (*ssa.Function).Origin first.
//   - Promoted methods are named by the type that declares them. sqlx.Tx
//     embeds *sql.Tx, so tx.Commit() on a *sqlx.Tx resolves to
//     "(*database/sql.Tx).Commit": sqlx needs no Commit/Rollback entries.
//   - Interface methods are named by the interface that declares them, also
//     when called through an interface that embeds it: a call of Publish on
//     a nats.JetStreamContext is "(github.com/nats-io/nats.go.JetStream).Publish",
//     and on a jetstream.JetStream it is
//     "(github.com/nats-io/nats.go/jetstream.Publisher).Publish".

// TxRole is what a function does to a database transaction.
type TxRole int

const (
	// Begin opens a transaction and returns it as its first result.
	Begin TxRole = iota + 1
	// End commits or rolls back the transaction it is called on (the
	// receiver) or, for a function, its first argument.
	End
	// RunInTx opens a transaction, calls the callback at Arg inside it, and
	// ends it before returning.
	RunInTx
)

// TxAPI is an entry of Transactions.
type TxAPI struct {
	Role TxRole
	// Arg is the callback's argument index (receiver not counted) for
	// RunInTx.
	Arg int
	// Library names the library in diagnostics and docs.
	Library string
	Doc     string
}

// Transactions maps qualified function names to their role in a
// transaction. ent is recognised by shape (see EntShape), not listed here.
//
// Savepoints count as transactions: pgx's Tx.Begin and bun's Tx.Begin,
// Tx.BeginTx and Tx.RunInTx open a nested transaction whose commit only
// releases the savepoint, but work handed out inside it is still not
// committed.
var Transactions = map[string]TxAPI{
	// database/sql. sqlx's DB embeds *sql.DB and its Tx embeds *sql.Tx,
	// so their Begin, BeginTx, Commit and Rollback resolve to these.
	"(*database/sql.DB).Begin":     {Role: Begin, Library: "database/sql", Doc: "https://pkg.go.dev/database/sql#DB.Begin"},
	"(*database/sql.DB).BeginTx":   {Role: Begin, Library: "database/sql", Doc: "https://pkg.go.dev/database/sql#DB.BeginTx"},
	"(*database/sql.Conn).BeginTx": {Role: Begin, Library: "database/sql", Doc: "https://pkg.go.dev/database/sql#Conn.BeginTx"},
	"(*database/sql.Tx).Commit":    {Role: End, Library: "database/sql", Doc: "https://pkg.go.dev/database/sql#Tx.Commit"},
	"(*database/sql.Tx).Rollback":  {Role: End, Library: "database/sql", Doc: "https://pkg.go.dev/database/sql#Tx.Rollback"},

	// sqlx: only the methods that return *sqlx.Tx; Commit and Rollback
	// are (*database/sql.Tx)'s, promoted.
	"(*github.com/jmoiron/sqlx.DB).Beginx":      {Role: Begin, Library: "sqlx", Doc: "https://pkg.go.dev/github.com/jmoiron/sqlx#DB.Beginx"},
	"(*github.com/jmoiron/sqlx.DB).BeginTxx":    {Role: Begin, Library: "sqlx", Doc: "https://pkg.go.dev/github.com/jmoiron/sqlx#DB.BeginTxx"},
	"(*github.com/jmoiron/sqlx.DB).MustBegin":   {Role: Begin, Library: "sqlx", Doc: "https://pkg.go.dev/github.com/jmoiron/sqlx#DB.MustBegin"},
	"(*github.com/jmoiron/sqlx.DB).MustBeginTx": {Role: Begin, Library: "sqlx", Doc: "https://pkg.go.dev/github.com/jmoiron/sqlx#DB.MustBeginTx"},
	"(*github.com/jmoiron/sqlx.Conn).BeginTxx":  {Role: Begin, Library: "sqlx", Doc: "https://pkg.go.dev/github.com/jmoiron/sqlx#Conn.BeginTxx"},

	// pgx v5. Tx is an interface; its Begin opens a savepoint.
	"(*github.com/jackc/pgx/v5.Conn).Begin":   {Role: Begin, Library: "pgx", Doc: "https://pkg.go.dev/github.com/jackc/pgx/v5#Conn.Begin"},
	"(*github.com/jackc/pgx/v5.Conn).BeginTx": {Role: Begin, Library: "pgx", Doc: "https://pkg.go.dev/github.com/jackc/pgx/v5#Conn.BeginTx"},
	"(github.com/jackc/pgx/v5.Tx).Begin":      {Role: Begin, Library: "pgx", Doc: "https://pkg.go.dev/github.com/jackc/pgx/v5#Tx.Begin"},
	"(github.com/jackc/pgx/v5.Tx).Commit":     {Role: End, Library: "pgx", Doc: "https://pkg.go.dev/github.com/jackc/pgx/v5#Tx.Commit"},
	"(github.com/jackc/pgx/v5.Tx).Rollback":   {Role: End, Library: "pgx", Doc: "https://pkg.go.dev/github.com/jackc/pgx/v5#Tx.Rollback"},
	"github.com/jackc/pgx/v5.BeginFunc":       {Role: RunInTx, Arg: 2, Library: "pgx", Doc: "https://pkg.go.dev/github.com/jackc/pgx/v5#BeginFunc"},
	"github.com/jackc/pgx/v5.BeginTxFunc":     {Role: RunInTx, Arg: 3, Library: "pgx", Doc: "https://pkg.go.dev/github.com/jackc/pgx/v5#BeginTxFunc"},

	// pgxpool. Begin returns a pgx.Tx (the interface), so commits go
	// through the pgx.Tx entries. v5 has no Pool.BeginFunc (v4 had one):
	// pgx.BeginFunc(ctx, pool, fn) is the v5 spelling.
	"(*github.com/jackc/pgx/v5/pgxpool.Pool).Begin":   {Role: Begin, Library: "pgxpool", Doc: "https://pkg.go.dev/github.com/jackc/pgx/v5/pgxpool#Pool.Begin"},
	"(*github.com/jackc/pgx/v5/pgxpool.Pool).BeginTx": {Role: Begin, Library: "pgxpool", Doc: "https://pkg.go.dev/github.com/jackc/pgx/v5/pgxpool#Pool.BeginTx"},
	"(*github.com/jackc/pgx/v5/pgxpool.Conn).Begin":   {Role: Begin, Library: "pgxpool", Doc: "https://pkg.go.dev/github.com/jackc/pgx/v5/pgxpool#Conn.Begin"},
	"(*github.com/jackc/pgx/v5/pgxpool.Conn).BeginTx": {Role: Begin, Library: "pgxpool", Doc: "https://pkg.go.dev/github.com/jackc/pgx/v5/pgxpool#Conn.BeginTx"},

	// gorm: Begin returns a new *gorm.DB bound to the transaction; Commit
	// and Rollback are called on that value.
	"(*gorm.io/gorm.DB).Begin":       {Role: Begin, Library: "gorm", Doc: "https://pkg.go.dev/gorm.io/gorm#DB.Begin"},
	"(*gorm.io/gorm.DB).Commit":      {Role: End, Library: "gorm", Doc: "https://pkg.go.dev/gorm.io/gorm#DB.Commit"},
	"(*gorm.io/gorm.DB).Rollback":    {Role: End, Library: "gorm", Doc: "https://pkg.go.dev/gorm.io/gorm#DB.Rollback"},
	"(*gorm.io/gorm.DB).Transaction": {Role: RunInTx, Arg: 0, Library: "gorm", Doc: "https://pkg.go.dev/gorm.io/gorm#DB.Transaction"},

	// bun. Conn and Tx have value receivers. IDB is the interface that
	// *DB, Conn and Tx implement.
	"(*github.com/uptrace/bun.DB).Begin":    {Role: Begin, Library: "bun", Doc: "https://pkg.go.dev/github.com/uptrace/bun#DB.Begin"},
	"(*github.com/uptrace/bun.DB).BeginTx":  {Role: Begin, Library: "bun", Doc: "https://pkg.go.dev/github.com/uptrace/bun#DB.BeginTx"},
	"(*github.com/uptrace/bun.DB).RunInTx":  {Role: RunInTx, Arg: 2, Library: "bun", Doc: "https://pkg.go.dev/github.com/uptrace/bun#DB.RunInTx"},
	"(github.com/uptrace/bun.Conn).BeginTx": {Role: Begin, Library: "bun", Doc: "https://pkg.go.dev/github.com/uptrace/bun#Conn.BeginTx"},
	"(github.com/uptrace/bun.Conn).RunInTx": {Role: RunInTx, Arg: 2, Library: "bun", Doc: "https://pkg.go.dev/github.com/uptrace/bun#Conn.RunInTx"},
	"(github.com/uptrace/bun.Tx).Begin":     {Role: Begin, Library: "bun", Doc: "https://pkg.go.dev/github.com/uptrace/bun#Tx.Begin"},
	"(github.com/uptrace/bun.Tx).BeginTx":   {Role: Begin, Library: "bun", Doc: "https://pkg.go.dev/github.com/uptrace/bun#Tx.BeginTx"},
	"(github.com/uptrace/bun.Tx).Commit":    {Role: End, Library: "bun", Doc: "https://pkg.go.dev/github.com/uptrace/bun#Tx.Commit"},
	"(github.com/uptrace/bun.Tx).Rollback":  {Role: End, Library: "bun", Doc: "https://pkg.go.dev/github.com/uptrace/bun#Tx.Rollback"},
	"(github.com/uptrace/bun.Tx).RunInTx":   {Role: RunInTx, Arg: 2, Library: "bun", Doc: "https://pkg.go.dev/github.com/uptrace/bun#Tx.RunInTx"},
	"(github.com/uptrace/bun.IDB).BeginTx":  {Role: Begin, Library: "bun", Doc: "https://pkg.go.dev/github.com/uptrace/bun#IDB.BeginTx"},
	"(github.com/uptrace/bun.IDB).RunInTx":  {Role: RunInTx, Arg: 2, Library: "bun", Doc: "https://pkg.go.dev/github.com/uptrace/bun#IDB.RunInTx"},

	// go-transaction-manager: the callback gets only a context; the
	// transaction travels in it (drivers' CtxGetter.DefaultTrOrDB). trm.Manager
	// is the interface users hold; manager.Manager and manager.ChainedMW
	// implement it.
	"(github.com/avito-tech/go-transaction-manager/trm/v2.Manager).Do":                        {Role: RunInTx, Arg: 1, Library: "go-transaction-manager", Doc: "https://pkg.go.dev/github.com/avito-tech/go-transaction-manager/trm/v2#Manager.Do"},
	"(github.com/avito-tech/go-transaction-manager/trm/v2.Manager).DoWithSettings":            {Role: RunInTx, Arg: 2, Library: "go-transaction-manager", Doc: "https://pkg.go.dev/github.com/avito-tech/go-transaction-manager/trm/v2#Manager.DoWithSettings"},
	"(*github.com/avito-tech/go-transaction-manager/trm/v2/manager.Manager).Do":               {Role: RunInTx, Arg: 1, Library: "go-transaction-manager", Doc: "https://pkg.go.dev/github.com/avito-tech/go-transaction-manager/trm/v2/manager#Manager.Do"},
	"(*github.com/avito-tech/go-transaction-manager/trm/v2/manager.Manager).DoWithSettings":   {Role: RunInTx, Arg: 2, Library: "go-transaction-manager", Doc: "https://pkg.go.dev/github.com/avito-tech/go-transaction-manager/trm/v2/manager#Manager.DoWithSettings"},
	"(*github.com/avito-tech/go-transaction-manager/trm/v2/manager.ChainedMW).Do":             {Role: RunInTx, Arg: 1, Library: "go-transaction-manager", Doc: "https://pkg.go.dev/github.com/avito-tech/go-transaction-manager/trm/v2/manager#ChainedMW.Do"},
	"(*github.com/avito-tech/go-transaction-manager/trm/v2/manager.ChainedMW).DoWithSettings": {Role: RunInTx, Arg: 2, Library: "go-transaction-manager", Doc: "https://pkg.go.dev/github.com/avito-tech/go-transaction-manager/trm/v2/manager#ChainedMW.DoWithSettings"},
}

// TxType is an entry of TxTypes.
type TxType struct {
	Library string
	Doc     string
}

// TxTypes are the types whose values are bound to one transaction, named
// as go/types prints them ("*database/sql.Tx", "github.com/jackc/pgx/v5.Tx").
//
// gorm's *gorm.DB is not listed: the same type is the connection pool and,
// when returned by DB.Begin or passed to DB.Transaction's callback, a
// transaction. Only those values are bound to a transaction, so they are
// recognised by where they come from (Transactions), not by their type.
// sqlx's *Tx is listed although its methods resolve to *sql.Tx's: a value
// of that type is still bound to the transaction.
var TxTypes = map[string]TxType{
	"*database/sql.Tx":            {Library: "database/sql", Doc: "https://pkg.go.dev/database/sql#Tx"},
	"*github.com/jmoiron/sqlx.Tx": {Library: "sqlx", Doc: "https://pkg.go.dev/github.com/jmoiron/sqlx#Tx"},
	"github.com/jackc/pgx/v5.Tx":  {Library: "pgx", Doc: "https://pkg.go.dev/github.com/jackc/pgx/v5#Tx"},
	"github.com/uptrace/bun.Tx":   {Library: "bun", Doc: "https://pkg.go.dev/github.com/uptrace/bun#Tx"},
}

// Shape describes a transaction type that a code generator writes into the
// user's own package, so that it has no fixed qualified name and is
// recognised by the names and signatures below.
type Shape struct {
	Library string
	// Tx is the name of the named type whose pointer is the transaction.
	Tx string
	// End are methods of *Tx that take nothing and return error, and end
	// the transaction.
	End []string
	// Hook is the method of *Tx that registers an after-commit hook, of
	// type HookType.
	Hook string
	// HookType is the hook's named type: func(Committer) Committer.
	HookType string
	// Committer is the interface the hook wraps: Commit(context.Context,
	// *Tx) error. In a hook, the code before the call of next's Commit
	// runs inside the transaction, the code after it after commit.
	Committer string
	// Client is the named type whose pointer has the Begin methods.
	Client string
	// Begin are methods of *Client that return (*Tx, error).
	Begin []string
	Doc   string
}

// EntShape is how ent's generated Tx is recognised: a named type Tx whose
// pointer has Commit() error, Rollback() error and OnCommit(CommitHook),
// where CommitHook is func(Committer) Committer and Committer has
// Commit(context.Context, *Tx) error; Client.Tx(ctx) and
// Client.BeginTx(ctx, opts) begin it. catalog_test.go checks it against
// the code ent generated for examples/story.
var EntShape = Shape{
	Library:   "ent",
	Tx:        "Tx",
	End:       []string{"Commit", "Rollback"},
	Hook:      "OnCommit",
	HookType:  "CommitHook",
	Committer: "Committer",
	Client:    "Client",
	Begin:     []string{"Tx", "BeginTx"},
	Doc:       "https://entgo.io/docs/transactions",
}

// Enqueue is an entry of Enqueuers.
type Enqueue struct {
	// Library names the queue or broker in diagnostics: "River", "asynq".
	Library string
	// TxVariant is the transactional method to use instead, if the
	// library has one (River's InsertTx); it takes the transaction as
	// its second argument. The variants themselves are not enqueuers.
	TxVariant string
	// HTTP marks the opt-in category of outgoing HTTP calls.
	HTTP bool
	// ChanSend marks a function that returns the channel work is handed
	// over on (sarama's AsyncProducer.Input): the hand-off is the send on
	// the channel it returns, not the call itself.
	ChanSend bool
	Doc      string
}

// Enqueuers maps qualified function names to the APIs that hand work to
// another system: a job queue, a broker, a workflow engine.
//
// machinery and gocraft/work are tested against stubs with their real
// import paths and signatures (testdata/tx/stubs): the Go module proxy
// refuses both modules.
//
// watermill: message.Publisher is listed, but a watermill-sql
// (github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql) publisher built on a
// transaction is transactional: sql.NewPublisher(db ContextExecutor, ...)
// inserts each message as a row through db, so when db is a transaction
// — sql.TxFromStdSQL(*sql.Tx), sql.TxFromPgx(pgx.Tx), or any value whose
// type also has Commit() error and Rollback() error, which is the test
// watermill-sql itself makes (isTx) — Publish writes the messages in that
// transaction and they are delivered only if it commits (the outbox
// pattern; a Forwarder moves them to the real broker). Publish on such a
// publisher, whether called on *sql.Publisher or through
// message.Publisher, must not be reported: an analysis should trace the
// publisher back to a NewPublisher call whose first argument is a
// transaction value (TxTypes, or the result of TxFromStdSQL/TxFromPgx).
// A publisher built on BeginnerFromStdSQL(db) or BeginnerFromPgx(pool)
// writes outside any transaction and is an ordinary enqueuer.
var Enqueuers = map[string]Enqueue{
	// River: a generic client; names use the origin method's TTx.
	"(*github.com/riverqueue/river.Client[TTx]).Insert":         {Library: "River", TxVariant: "InsertTx", Doc: "https://pkg.go.dev/github.com/riverqueue/river#Client.Insert"},
	"(*github.com/riverqueue/river.Client[TTx]).InsertMany":     {Library: "River", TxVariant: "InsertManyTx", Doc: "https://pkg.go.dev/github.com/riverqueue/river#Client.InsertMany"},
	"(*github.com/riverqueue/river.Client[TTx]).InsertManyFast": {Library: "River", TxVariant: "InsertManyFastTx", Doc: "https://pkg.go.dev/github.com/riverqueue/river#Client.InsertManyFast"},

	"(*github.com/hibiken/asynq.Client).Enqueue":        {Library: "asynq", Doc: "https://pkg.go.dev/github.com/hibiken/asynq#Client.Enqueue"},
	"(*github.com/hibiken/asynq.Client).EnqueueContext": {Library: "asynq", Doc: "https://pkg.go.dev/github.com/hibiken/asynq#Client.EnqueueContext"},

	"(*github.com/RichardKnop/machinery/v2.Server).SendTask":             {Library: "machinery", Doc: "https://pkg.go.dev/github.com/RichardKnop/machinery/v2#Server.SendTask"},
	"(*github.com/RichardKnop/machinery/v2.Server).SendTaskWithContext":  {Library: "machinery", Doc: "https://pkg.go.dev/github.com/RichardKnop/machinery/v2#Server.SendTaskWithContext"},
	"(*github.com/RichardKnop/machinery/v2.Server).SendChain":            {Library: "machinery", Doc: "https://pkg.go.dev/github.com/RichardKnop/machinery/v2#Server.SendChain"},
	"(*github.com/RichardKnop/machinery/v2.Server).SendChainWithContext": {Library: "machinery", Doc: "https://pkg.go.dev/github.com/RichardKnop/machinery/v2#Server.SendChainWithContext"},
	"(*github.com/RichardKnop/machinery/v2.Server).SendGroup":            {Library: "machinery", Doc: "https://pkg.go.dev/github.com/RichardKnop/machinery/v2#Server.SendGroup"},
	"(*github.com/RichardKnop/machinery/v2.Server).SendGroupWithContext": {Library: "machinery", Doc: "https://pkg.go.dev/github.com/RichardKnop/machinery/v2#Server.SendGroupWithContext"},
	"(*github.com/RichardKnop/machinery/v2.Server).SendChord":            {Library: "machinery", Doc: "https://pkg.go.dev/github.com/RichardKnop/machinery/v2#Server.SendChord"},
	"(*github.com/RichardKnop/machinery/v2.Server).SendChordWithContext": {Library: "machinery", Doc: "https://pkg.go.dev/github.com/RichardKnop/machinery/v2#Server.SendChordWithContext"},

	"(*github.com/gocraft/work.Enqueuer).Enqueue":              {Library: "gocraft/work", Doc: "https://pkg.go.dev/github.com/gocraft/work#Enqueuer.Enqueue"},
	"(*github.com/gocraft/work.Enqueuer).EnqueueIn":            {Library: "gocraft/work", Doc: "https://pkg.go.dev/github.com/gocraft/work#Enqueuer.EnqueueIn"},
	"(*github.com/gocraft/work.Enqueuer).EnqueueUnique":        {Library: "gocraft/work", Doc: "https://pkg.go.dev/github.com/gocraft/work#Enqueuer.EnqueueUnique"},
	"(*github.com/gocraft/work.Enqueuer).EnqueueUniqueIn":      {Library: "gocraft/work", Doc: "https://pkg.go.dev/github.com/gocraft/work#Enqueuer.EnqueueUniqueIn"},
	"(*github.com/gocraft/work.Enqueuer).EnqueueUniqueByKey":   {Library: "gocraft/work", Doc: "https://pkg.go.dev/github.com/gocraft/work#Enqueuer.EnqueueUniqueByKey"},
	"(*github.com/gocraft/work.Enqueuer).EnqueueUniqueInByKey": {Library: "gocraft/work", Doc: "https://pkg.go.dev/github.com/gocraft/work#Enqueuer.EnqueueUniqueInByKey"},

	"(go.temporal.io/sdk/client.Client).ExecuteWorkflow":         {Library: "Temporal", Doc: "https://pkg.go.dev/go.temporal.io/sdk/client#Client.ExecuteWorkflow"},
	"(go.temporal.io/sdk/client.Client).SignalWorkflow":          {Library: "Temporal", Doc: "https://pkg.go.dev/go.temporal.io/sdk/client#Client.SignalWorkflow"},
	"(go.temporal.io/sdk/client.Client).SignalWithStartWorkflow": {Library: "Temporal", Doc: "https://pkg.go.dev/go.temporal.io/sdk/client#Client.SignalWithStartWorkflow"},

	"(*github.com/segmentio/kafka-go.Writer).WriteMessages": {Library: "kafka-go", Doc: "https://pkg.go.dev/github.com/segmentio/kafka-go#Writer.WriteMessages"},

	"(github.com/IBM/sarama.SyncProducer).SendMessage":  {Library: "sarama", Doc: "https://pkg.go.dev/github.com/IBM/sarama#SyncProducer.SendMessage"},
	"(github.com/IBM/sarama.SyncProducer).SendMessages": {Library: "sarama", Doc: "https://pkg.go.dev/github.com/IBM/sarama#SyncProducer.SendMessages"},
	"(github.com/IBM/sarama.AsyncProducer).Input":       {Library: "sarama", ChanSend: true, Doc: "https://pkg.go.dev/github.com/IBM/sarama#AsyncProducer.Input"},

	"(*github.com/nats-io/nats.go.Conn).Publish":        {Library: "NATS", Doc: "https://pkg.go.dev/github.com/nats-io/nats.go#Conn.Publish"},
	"(*github.com/nats-io/nats.go.Conn).PublishMsg":     {Library: "NATS", Doc: "https://pkg.go.dev/github.com/nats-io/nats.go#Conn.PublishMsg"},
	"(*github.com/nats-io/nats.go.Conn).PublishRequest": {Library: "NATS", Doc: "https://pkg.go.dev/github.com/nats-io/nats.go#Conn.PublishRequest"},
	// The legacy JetStreamContext embeds JetStream, which declares these.
	"(github.com/nats-io/nats.go.JetStream).Publish":         {Library: "NATS JetStream", Doc: "https://pkg.go.dev/github.com/nats-io/nats.go#JetStream.Publish"},
	"(github.com/nats-io/nats.go.JetStream).PublishMsg":      {Library: "NATS JetStream", Doc: "https://pkg.go.dev/github.com/nats-io/nats.go#JetStream.PublishMsg"},
	"(github.com/nats-io/nats.go.JetStream).PublishAsync":    {Library: "NATS JetStream", Doc: "https://pkg.go.dev/github.com/nats-io/nats.go#JetStream.PublishAsync"},
	"(github.com/nats-io/nats.go.JetStream).PublishMsgAsync": {Library: "NATS JetStream", Doc: "https://pkg.go.dev/github.com/nats-io/nats.go#JetStream.PublishMsgAsync"},
	// The jetstream package's JetStream embeds Publisher, which declares these.
	"(github.com/nats-io/nats.go/jetstream.Publisher).Publish":         {Library: "NATS JetStream", Doc: "https://pkg.go.dev/github.com/nats-io/nats.go/jetstream#Publisher.Publish"},
	"(github.com/nats-io/nats.go/jetstream.Publisher).PublishMsg":      {Library: "NATS JetStream", Doc: "https://pkg.go.dev/github.com/nats-io/nats.go/jetstream#Publisher.PublishMsg"},
	"(github.com/nats-io/nats.go/jetstream.Publisher).PublishAsync":    {Library: "NATS JetStream", Doc: "https://pkg.go.dev/github.com/nats-io/nats.go/jetstream#Publisher.PublishAsync"},
	"(github.com/nats-io/nats.go/jetstream.Publisher).PublishMsgAsync": {Library: "NATS JetStream", Doc: "https://pkg.go.dev/github.com/nats-io/nats.go/jetstream#Publisher.PublishMsgAsync"},

	"(*github.com/rabbitmq/amqp091-go.Channel).Publish":                               {Library: "RabbitMQ", Doc: "https://pkg.go.dev/github.com/rabbitmq/amqp091-go#Channel.Publish"},
	"(*github.com/rabbitmq/amqp091-go.Channel).PublishWithContext":                    {Library: "RabbitMQ", Doc: "https://pkg.go.dev/github.com/rabbitmq/amqp091-go#Channel.PublishWithContext"},
	"(*github.com/rabbitmq/amqp091-go.Channel).PublishWithDeferredConfirm":            {Library: "RabbitMQ", Doc: "https://pkg.go.dev/github.com/rabbitmq/amqp091-go#Channel.PublishWithDeferredConfirm"},
	"(*github.com/rabbitmq/amqp091-go.Channel).PublishWithDeferredConfirmWithContext": {Library: "RabbitMQ", Doc: "https://pkg.go.dev/github.com/rabbitmq/amqp091-go#Channel.PublishWithDeferredConfirmWithContext"},

	"(*cloud.google.com/go/pubsub/v2.Publisher).Publish": {Library: "Cloud Pub/Sub", Doc: "https://pkg.go.dev/cloud.google.com/go/pubsub/v2#Publisher.Publish"},
	"(*cloud.google.com/go/pubsub.Topic).Publish":        {Library: "Cloud Pub/Sub", Doc: "https://pkg.go.dev/cloud.google.com/go/pubsub#Topic.Publish"},

	"(github.com/ThreeDotsLabs/watermill/message.Publisher).Publish": {Library: "watermill", Doc: "https://pkg.go.dev/github.com/ThreeDotsLabs/watermill/message#Publisher.Publish"},

	"(*net/http.Client).Do":       {Library: "net/http", HTTP: true, Doc: "https://pkg.go.dev/net/http#Client.Do"},
	"(*net/http.Client).Get":      {Library: "net/http", HTTP: true, Doc: "https://pkg.go.dev/net/http#Client.Get"},
	"(*net/http.Client).Post":     {Library: "net/http", HTTP: true, Doc: "https://pkg.go.dev/net/http#Client.Post"},
	"(*net/http.Client).PostForm": {Library: "net/http", HTTP: true, Doc: "https://pkg.go.dev/net/http#Client.PostForm"},
	"(*net/http.Client).Head":     {Library: "net/http", HTTP: true, Doc: "https://pkg.go.dev/net/http#Client.Head"},
	"net/http.Get":                {Library: "net/http", HTTP: true, Doc: "https://pkg.go.dev/net/http#Get"},
	"net/http.Post":               {Library: "net/http", HTTP: true, Doc: "https://pkg.go.dev/net/http#Post"},
	"net/http.PostForm":           {Library: "net/http", HTTP: true, Doc: "https://pkg.go.dev/net/http#PostForm"},
	"net/http.Head":               {Library: "net/http", HTTP: true, Doc: "https://pkg.go.dev/net/http#Head"},
}
