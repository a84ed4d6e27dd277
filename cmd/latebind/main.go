// Command latebind finds the bugs that live where loops, closures and
// database transactions meet.
//
// The one binary runs in two ways.
//
// As the go command's analysis tool:
//
//	go vet -vettool=$(command -v latebind) ./...
//	go vet -vettool=$(command -v latebind) -fix ./...
//	go fix -fixtool=$(command -v latebind) ./...
//
// The go command first runs "latebind -flags" (to learn which flags it may
// pass through) and "latebind -V=full" (to key its cache on the binary),
// then "latebind [flags] $WORK/.../vet.cfg" once per package, bottom-up, in
// the package's directory. go vet adds -json and prints the diagnostics
// itself; go vet -fix and go fix add -fix (and -diff) and the tool writes
// the fixed files into the zip archive named by the config's FixArchive,
// which the go command applies after the build. All of that is the
// protocol of golang.org/x/tools/go/analysis/unitchecker, which latebind
// runs whenever it sees it (see [isToolProtocol]). Flags are then spelled as
// go vet spells them: -loopcapture=false, -loopcapture.registrars=....
//
// Standalone, as a CI gate:
//
//	latebind [flags] [packages]
//
// loads the packages (default ./..., tests included) with go/packages,
// runs every enabled check and prints the findings like go vet does, or in
// another -format: json (-json is an alias), sarif (SARIF 2.1.0 for GitHub
// code scanning and other SARIF viewers) or github (GitHub Actions
// annotations); or it applies their fixes (-fix), or prints the fixes as a
// unified diff (-diff). "latebind -explain check" prints a check's
// documentation. Run "latebind -h" for the flags. The exit code is 0 for
// no findings, 1 for findings (with -fix: for findings left unfixed), and
// 2 for errors: bad flags, packages that do not load or type-check, or a
// check that failed. -fail=none makes findings exit 0 (a report-only CI
// job); errors still exit 2.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/latebind/latebind/internal/config"
	"github.com/latebind/latebind/internal/suite"
)

func main() {
	cfg, err := loadConfig()
	if err != nil {
		fmt.Fprintln(os.Stderr, "latebind:", err)
		os.Exit(exitError)
	}
	cfg.FactsOnly = isFactsOnlyUnit(os.Args[1:])
	analyzers := suite.WithFlags(cfg)
	if isToolProtocol(os.Args[1:]) {
		unitchecker.Main(analyzers...) // exits
	}
	os.Exit(runStandalone(os.Args[1:], analyzers, stdio{os.Stdout, os.Stderr}))
}

// isToolProtocol reports whether args are an invocation by the go command
// (or a user speaking its protocol), which unitchecker handles: a unit
// config file as the last argument (go vet and go fix pass exactly one,
// after the tool flags), the -V=full and -flags handshakes, or the help
// subcommand that go vet's usage message points users to.
// loadConfig reads latebind.yaml from the working directory up to the
// module root (under go vet, the working directory is the package's), or
// returns the default configuration if there is none. Flags then adjust
// the same struct.
func loadConfig() (*config.Config, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	path := config.Find(cwd)
	if path == "" {
		return &config.Config{}, nil
	}
	return config.Load(path)
}

func isToolProtocol(args []string) bool {
	if len(args) == 0 {
		return false
	}
	if strings.HasSuffix(args[len(args)-1], ".cfg") || args[0] == "help" {
		return true
	}
	for _, arg := range args {
		if arg == "--" {
			break
		}
		switch flagName(arg) {
		case "V", "flags":
			return true
		}
	}
	return false
}

// isFactsOnlyUnit reports whether args run latebind on a unit config
// that asks only for facts: go vet analyzes every dependency of the
// packages it vets this way and discards the findings, so the checks that
// export no facts (loopcapture, txcapture) need not run there. unitchecker
// would run them anyway, because they require an analyzer that exports
// facts. An unreadable config is left to unitchecker to report.
func isFactsOnlyUnit(args []string) bool {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return false
	}
	data, err := os.ReadFile(args[len(args)-1])
	if err != nil {
		return false
	}
	var unit struct{ VetxOnly bool }
	return json.Unmarshal(data, &unit) == nil && unit.VetxOnly
}

// flagName returns the name of the flag that arg spells ("-V=full" → "V"),
// or "" if arg is not a flag.
func flagName(arg string) string {
	if !strings.HasPrefix(arg, "-") {
		return ""
	}
	name := strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-")
	name, _, _ = strings.Cut(name, "=")
	return name
}
