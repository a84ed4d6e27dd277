#!/usr/bin/env bash
# Runs latebind over the corpus (std, large modules from the module proxy,
# this repository's testdata modules): crash check and fix-safety check.
# See docs/corpus.md. Takes about 30 minutes on 2 busy cores; needs the module proxy.
#
#   corpus/run.sh [go test flags, e.g. -run TestCorpus/gorm]
#
# Results: the test log in $LATEBIND_CORPUS_OUT/test.log, the table in
# $LATEBIND_CORPUS_OUT/summary.md, one findings-<corpus>.txt per corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
export LATEBIND_CORPUS=1
export LATEBIND_CORPUS_OUT="${LATEBIND_CORPUS_OUT:-$(mktemp -d -t latebind-corpus-out.XXXXXX)}"
mkdir -p "$LATEBIND_CORPUS_OUT"
echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (+ uncommitted changes)'), $(go version)" | tee "$LATEBIND_CORPUS_OUT/test.log"
go test ./corpus -v -count=1 -timeout 60m "$@" 2>&1 | tee -a "$LATEBIND_CORPUS_OUT/test.log"
echo "results in $LATEBIND_CORPUS_OUT"
