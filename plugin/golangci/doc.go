// Package golangci is latebind's golangci-lint v2 module plugin. It
// registers the linter "latebind", whose analyzers are latebind's enabled
// checks (loopcapture, txenqueue, txcapture) built from the plugin's
// settings. Every finding is reported under the linter name, so
// //nolint:latebind suppresses it.
//
// golangci-lint compiles module plugins into a custom binary. Describe it
// in .custom-gcl.yml next to .golangci.yml and run `golangci-lint custom`:
//
//	version: v2.15.0
//	name: golangci-lint-latebind
//	destination: ./bin
//	plugins:
//	  - module: github.com/latebind/latebind
//	    import: github.com/latebind/latebind/plugin/golangci
//	    version: v0.1.0
//	  # or, from a local clone:
//	  # - module: github.com/latebind/latebind
//	  #   import: github.com/latebind/latebind/plugin/golangci
//	  #   path: ../latebind
//
// Then enable the linter in .golangci.yml. The settings are latebind's
// one configuration (package internal/config, the keys of latebind.yaml);
// an unknown or ill-typed key is an error that names it:
//
//	version: "2"
//	linters:
//	  enable:
//	    - latebind
//	  settings:
//	    custom:
//	      latebind:
//	        type: module
//	        description: loops, closures and transactions
//	        settings:
//	          disable: [txcapture]
//	          loopcapture:
//	            registrars: ["(example.com/jobs.Scheduler).Schedule"]
//	          txenqueue:
//	            http: true
//	issues:
//	  max-issues-per-linter: 0
//	  max-same-issues: 0
//	  uniq-by-line: false
//
// docs/golangci.md lists the keys, shows how to build the binary without
// access to GitHub, and explains why a CI gate wants the issues settings
// above.
package golangci
