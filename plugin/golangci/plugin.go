package golangci

import (
	"fmt"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/latebind/latebind/internal/config"
	"github.com/latebind/latebind/internal/suite"
)

// Name is the linter name under which golangci-lint reports every
// latebind finding, and the name //nolint directives use.
const Name = "latebind"

func init() {
	register.Plugin(Name, New)
}

// New builds the plugin from the settings golangci-lint passes under
// linters.settings.custom.latebind.settings. An unknown key, an ill-typed
// value or an unknown check name in disable is an error that names it.
func New(settings any) (register.LinterPlugin, error) {
	cfg, err := decode(settings)
	if err != nil {
		return nil, fmt.Errorf("%s settings: %w", Name, err)
	}
	return &plugin{cfg: cfg}, nil
}

// plugin is latebind as golangci-lint sees it: a fixed configuration from
// which each BuildAnalyzers call makes fresh analyzers.
type plugin struct {
	cfg config.Config
}

// BuildAnalyzers returns latebind's enabled checks.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	p.cfg.NolintByDriver = true // golangci-lint applies //nolint, and nolintlint must see it used
	analyzers := suite.New(&p.cfg)
	for i, a := range analyzers {
		analyzers[i] = withoutRelated(a)
	}
	return analyzers, nil
}

// withoutRelated drops a check's related positions: golangci-lint turns
// each into an issue of its own, which would triple every finding. The
// message already says where the variable is written and why the code
// runs late.
func withoutRelated(a *analysis.Analyzer) *analysis.Analyzer {
	b := *a
	b.Run = func(pass *analysis.Pass) (any, error) {
		report := pass.Report
		pass.Report = func(d analysis.Diagnostic) {
			d.Related = nil
			report(d)
		}
		return a.Run(pass)
	}
	return &b
}

// GetLoadMode asks for type information: the checks build SSA.
func (p *plugin) GetLoadMode() string {
	return register.LoadModeTypesInfo
}

// decode fills the configuration through register.DecodeSettings, which
// rejects unknown keys; unknown keys are looked for first because
// encoding/json names only the last element of their path.
func decode(settings any) (config.Config, error) {
	if err := unknownKeys(settings); err != nil {
		return config.Config{}, err
	}
	cfg, err := register.DecodeSettings[config.Config](settings)
	if err != nil {
		return config.Config{}, typeError(err)
	}
	return cfg, checkNames(cfg.Disable)
}

// checkNames rejects a disable entry that is not a check's name: a typo
// would otherwise leave the check silently on.
func checkNames(disable []string) error {
	for _, name := range disable {
		if !slices.Contains(config.Checks, name) {
			return fmt.Errorf("disable: unknown check %q (checks: %s)", name, strings.Join(config.Checks, ", "))
		}
	}
	return nil
}
