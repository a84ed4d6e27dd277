// Command noop is the floor of latebind's benchmark (bench/run.sh): a vet
// tool whose only analyzer is x/tools' inspect, so it pays what every vet
// tool pays — one process per package, reading the unit config, parsing,
// type-checking against export data, building the inspector — and nothing
// else.
package main

import (
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/analysis/unitchecker"
)

func main() { unitchecker.Main(inspect.Analyzer) }
