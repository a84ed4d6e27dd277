package txscope

import (
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/latebind/latebind/internal/catalog"
)

// mayHaveTx reports whether the package can hold a transaction region:
// it imports a package with a transaction API or type (catalog or
// configuration), it or an import declares an ent-shaped Tx, or a
// dependency exported a Runner or CalledInTx fact. If not, txscope builds
// no SSA for it.
func mayHaveTx(pass *analysis.Pass, k *catalog.Knowledge) bool {
	txPkgs := k.TxPackages()
	if txPkgs[pass.Pkg.Path()] || declaresEntTx(pass.Pkg) {
		return true
	}
	for _, imp := range pass.Pkg.Imports() {
		if txPkgs[imp.Path()] || declaresEntTx(imp) {
			return true
		}
	}
	return len(pass.AllObjectFacts()) > 0
}

// declaresEntTx reports whether pkg declares an ent-shaped Tx.
func declaresEntTx(pkg *types.Package) bool {
	tn, ok := pkg.Scope().Lookup("Tx").(*types.TypeName)
	return ok && isEntTx(types.NewPointer(tn.Type()))
}
