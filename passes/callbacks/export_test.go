package callbacks

import (
	"go/ast"

	"golang.org/x/tools/go/analysis"

	"github.com/latebind/latebind/internal/config"
)

// MayKeepParam exports the per-function pre-check, with the default
// configuration, to the tests.
func MayKeepParam(pass *analysis.Pass, fd *ast.FuncDecl) bool {
	return mayKeepParam(pass, (&config.Config{}).Knowledge(), fd)
}
