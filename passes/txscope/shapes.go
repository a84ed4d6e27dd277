package txscope

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/latebind/latebind/internal/catalog"
	"github.com/latebind/latebind/internal/ssautil"
)

// isTxType reports whether t is a transaction type of the catalog or an
// ent-shaped transaction.
func isTxType(k *catalog.Knowledge, t types.Type) bool {
	if k.IsTxType(types.TypeString(t, nil)) {
		return true
	}
	return isEntTx(t)
}

// isEntTx reports whether t is *T for a named type T shaped like the Tx
// that ent generates: Commit() error, Rollback() error and
// OnCommit(func-typed hook).
func isEntTx(t types.Type) bool {
	ptr, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	named, ok := types.Unalias(ptr.Elem()).(*types.Named)
	if !ok || named.Obj().Name() != "Tx" {
		return false
	}
	mset := types.NewMethodSet(ptr)
	return hasMethod(mset, "Commit", 0) && hasMethod(mset, "Rollback", 0) && hasMethod(mset, "OnCommit", 1)
}

func hasMethod(mset *types.MethodSet, name string, params int) bool {
	for i := range mset.Len() {
		fn, ok := mset.At(i).Obj().(*types.Func)
		if ok && fn.Name() == name && fn.Signature().Params().Len() == params {
			return true
		}
	}
	return false
}

// txRole returns the role of the called function in a transaction: from
// the catalog, or by ent's shape (Client.Tx / Client.BeginTx begin, Tx.Commit
// and Tx.Rollback end).
func txRole(k *catalog.Knowledge, call *ssa.CallCommon) (catalog.TxAPI, bool) {
	fn := ssautil.Callee(call)
	if fn == nil {
		return catalog.TxAPI{}, false
	}
	return funcRole(k, fn)
}

// funcRole returns the role of fn in a transaction, as txRole does.
func funcRole(k *catalog.Knowledge, fn *types.Func) (catalog.TxAPI, bool) {
	if api, ok := k.TxAPI(fn.FullName()); ok {
		return api, true
	}
	sig := fn.Signature()
	if sig.Recv() == nil {
		return catalog.TxAPI{}, false
	}
	switch fn.Name() {
	case "Tx", "BeginTx":
		if sig.Results().Len() > 0 && isEntTx(sig.Results().At(0).Type()) {
			return catalog.TxAPI{Role: catalog.Begin, Library: "ent"}, true
		}
	case "Commit", "Rollback":
		if isEntTx(sig.Recv().Type()) {
			return catalog.TxAPI{Role: catalog.End, Library: "ent"}, true
		}
	}
	return catalog.TxAPI{}, false
}

// gormHooks are the model methods gorm calls inside its transaction.
var gormHooks = map[string]bool{
	"BeforeSave": true, "BeforeCreate": true, "AfterCreate": true, "AfterSave": true,
	"BeforeUpdate": true, "AfterUpdate": true, "BeforeDelete": true, "AfterDelete": true,
}

// isGormHook reports whether fn is a gorm model hook: a method named like
// one, taking a *gorm.DB and returning error.
func isGormHook(fn *ssa.Function) bool {
	if !gormHooks[fn.Name()] || fn.Signature.Recv() == nil || fn.Signature.Params().Len() != 1 {
		return false
	}
	return types.TypeString(fn.Signature.Params().At(0).Type(), nil) == "*gorm.io/gorm.DB"
}
