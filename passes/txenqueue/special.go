package txenqueue

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/internal/catalog"
	"github.com/latebind/latebind/internal/ssautil"
)

// Two library shapes need more than a call lookup.

// chanSend returns the catalog entry when send hands work over through a
// channel that a catalog function returned (sarama: p.Input() <- msg).
func chanSend(k *catalog.Knowledge, send *ssa.Send) (*types.Func, catalog.Enqueue, bool) {
	call, ok := send.Chan.(*ssa.Call)
	if !ok {
		return nil, catalog.Enqueue{}, false
	}
	fn := ssautil.Callee(call.Common())
	if fn == nil {
		return nil, catalog.Enqueue{}, false
	}
	api, ok := k.Enqueuer(fn.FullName())
	return fn, api, ok && api.ChanSend
}

const wsqlPkg = "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"

// transactionalPublisher reports whether a watermill Publish goes to a
// watermill-sql publisher built on a transaction in this function:
// sql.NewPublisher(tx, ...) writes the messages in tx, an outbox that is
// delivered only if tx commits.
func transactionalPublisher(call *ssa.CallCommon) bool {
	recv := call.Value
	if !call.IsInvoke() && len(call.Args) > 0 {
		recv = call.Args[0]
	}
	for {
		switch v := recv.(type) {
		case *ssa.MakeInterface:
			recv = v.X
			continue
		case *ssa.Extract:
			recv = v.Tuple
			continue
		case *ssa.Call:
			fn := ssautil.Callee(v.Common())
			return fn != nil && fn.FullName() == wsqlPkg+".NewPublisher" && len(v.Call.Args) > 0 && isTxValue(v.Call.Args[0])
		}
		return false
	}
}

// isTxValue reports whether v is a transaction as watermill-sql sees it:
// made by TxFromStdSQL or TxFromPgx, or of a type with Commit and Rollback.
func isTxValue(v ssa.Value) bool {
	switch x := v.(type) {
	case *ssa.MakeInterface:
		v = x.X
	case *ssa.ChangeInterface:
		v = x.X
	}
	if call, ok := v.(*ssa.Call); ok {
		if fn := ssautil.Callee(call.Common()); fn != nil {
			switch fn.FullName() {
			case wsqlPkg + ".TxFromStdSQL", wsqlPkg + ".TxFromPgx":
				return true
			}
		}
	}
	mset := types.NewMethodSet(v.Type())
	return mset.Lookup(nil, "Commit") != nil && mset.Lookup(nil, "Rollback") != nil
}
