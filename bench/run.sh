#!/usr/bin/env bash
# bench/run.sh — latebind's speed benchmark. See docs/performance.md.
#
# Runs, side by side and interleaved, on the standard library and on
# golang.org/x/tools (from the module cache):
#
#   noop        go vet -vettool=<bench/noop>      the floor: x/tools' inspect only
#   latebind    go vet -vettool=<cmd/latebind>
#   govet       go vet's default suite (the toolchain's own cmd/vet)
#   staticcheck staticcheck <pkgs>                honnef.co/go/tools, $STATICCHECK_VERSION
#
# and prints, per corpus and tool, the median / min / max wall time, the
# median CPU time and peak RSS, and their ratios to the floor.
#
# The Go build cache is warm (one unmeasured `go list -export -deps -test`
# per corpus); every analysis result cache is cold on every run: each vet
# tool run uses a fresh copy of the tool with a nonce appended (the go
# command keys vet results on the tool's -V=full line, which for a
# unitchecker tool is a hash of the binary and for the toolchain's vet is
# its name and version), and each staticcheck run gets an empty
# STATICCHECK_CACHE. It is not a test: it asserts nothing about time.
#
# Usage: bench/run.sh [-n runs] [-c "std xtools"] [-t "noop latebind govet staticcheck"] [-o dir]
# Environment: N (runs, default 3), QUICK=1 (x/tools only), KEEP=1 (keep the
# work directory), STATICCHECK_VERSION (default v0.8.2), XTOOLS_VERSION
# (default v0.52.0).
set -euo pipefail

runs=${N:-3}
corpora="std xtools"
tools="noop latebind govet staticcheck"
outdir=""
[[ ${QUICK:-} == 1 ]] && corpora="xtools"
while getopts "n:c:t:o:h" opt; do
	case $opt in
	n) runs=$OPTARG ;;
	c) corpora=$OPTARG ;;
	t) tools=$OPTARG ;;
	o) outdir=$OPTARG ;;
	*) sed -n '2,27p' "$0"; exit 2 ;;
	esac
done
STATICCHECK_VERSION=${STATICCHECK_VERSION:-v0.8.2}
XTOOLS_VERSION=${XTOOLS_VERSION:-v0.52.0}

repo=$(cd "$(dirname "$0")/.." && pwd)
say() { printf '%s\n' "$*" >&2; }
for corpus in $corpora; do
	case $corpus in
	std | xtools) ;;
	*) say "unknown corpus $corpus (std, xtools)"; exit 2 ;;
	esac
done
for tool in $tools; do
	case $tool in
	noop | latebind | govet | staticcheck) ;;
	*) say "unknown tool $tool (noop, latebind, govet, staticcheck)"; exit 2 ;;
	esac
done

if ! /usr/bin/time --version 2>&1 | grep -q GNU; then
	say "bench/run.sh needs GNU time at /usr/bin/time (wall time and peak RSS)."
	say "Install it with: apt-get update && apt-get install -y time"
	exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/latebind-bench.XXXXXX")
if [[ ${KEEP:-} == 1 ]]; then
	say "work directory kept: $work"
else
	trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work/bin" "$work/run" "$work/std" "$work/logs"
[[ -z $outdir ]] || mkdir -p "$outdir"
results=${outdir:-$work}/results.tsv

# The go command must not switch toolchains, use a workspace, or write
# into the (read-only) module cache.
export GOTOOLCHAIN=local GOWORK=off
export GOFLAGS="$(go env GOFLAGS) -mod=readonly"

say "== building the tools"
commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null) ]]; then
	commit+="+uncommitted changes"
fi
(
	cd "$repo"
	go build -o "$work/bin/latebind" ./cmd/latebind
	go build -o "$work/bin/noop" ./bench/noop
	go build -o "$work/bin/summarize" ./bench/summarize
)
cp "$(go env GOTOOLDIR)/vet" "$work/bin/vet"
if [[ " $tools " == *" staticcheck "* ]]; then
	# go install pkg@version ignores the current module; run it outside one.
	(cd "$work" && GOFLAGS= GOBIN="$work/bin" go install "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION")
fi

xtools=$(go env GOMODCACHE)/golang.org/x/tools@$XTOOLS_VERSION
if [[ " $corpora " == *" xtools "* ]]; then
	if [[ ! -d $xtools ]]; then
		say "== downloading golang.org/x/tools@$XTOOLS_VERSION into the module cache"
		(cd "$work" && GOFLAGS=-mod=mod go mod download "golang.org/x/tools@$XTOOLS_VERSION")
	fi
	(cd "$xtools" && go mod download)
fi

# corpus_dir and corpus_pkgs say where and on what each corpus runs.
corpus_dir() {
	case $1 in
	std) echo "$work/std" ;;
	xtools) echo "$xtools" ;;
	esac
}
corpus_pkgs() { [[ $1 == std ]] && echo std || echo ./...; }

say "== warming the build cache (export data of every package and test variant)"
for corpus in $corpora; do
	(cd "$(corpus_dir "$corpus")" && go list -e -export -deps -test "$(corpus_pkgs "$corpus")" >/dev/null)
done

# fresh_tool copies a tool binary to a new name with a nonce appended, so
# that go vet finds none of its results in the cache.
fresh_tool() {
	local src=$1 dst=$work/run/$2-$(date +%s%N)
	cp "$src" "$dst"
	printf '\nlatebind-bench-nonce %s %s\n' "$$" "$(date +%s%N)" >>"$dst"
	echo "$dst"
}

# measure runs one tool on one corpus and appends a line to $results.
measure() {
	local corpus=$1 tool=$2 run=$3
	local dir pkgs tfile log load status=0
	dir=$(corpus_dir "$corpus")
	pkgs=$(corpus_pkgs "$corpus")
	tfile=$work/logs/$corpus-$tool-$run.time
	log=$work/logs/$corpus-$tool-$run.log
	local -a cmd
	case $tool in
	noop | latebind) cmd=(go vet -vettool="$(fresh_tool "$work/bin/$tool" "$tool")" "$pkgs") ;;
	govet)
		# A renamed copy of the toolchain's vet: same analyzers, uncached.
		# The go command turns -unsafeptr off for GOROOT packages only when
		# it runs its own vet, so say it explicitly for std.
		cmd=(go vet -vettool="$(fresh_tool "$work/bin/vet" vet)")
		[[ $corpus == std ]] && cmd+=(-unsafeptr=false)
		cmd+=("$pkgs")
		;;
	staticcheck)
		mkdir -p "$work/sccache-$corpus-$run"
		cmd=(env STATICCHECK_CACHE="$work/sccache-$corpus-$run" "$work/bin/staticcheck" "$pkgs")
		;;
	esac
	load=$(cut -d' ' -f1 /proc/loadavg)
	(cd "$dir" && /usr/bin/time -f 'BENCH %e %M %U %S' -o "$tfile" "${cmd[@]}") >"$log" 2>&1 || status=$?
	# Exit 1 is "findings" for every tool here; look at the log for others.
	local wall rss user sys
	if ! read -r _ wall rss user sys < <(grep '^BENCH ' "$tfile"); then
		say "no measurement for $tool on $corpus:"; cat "$tfile" "$log" >&2; exit 1
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$corpus" "$tool" "$run" "$wall" "$rss" "$user" "$sys" "$status" "$load" >>"$results"
	say "$(printf '%-7s %-12s run %s: %7.1fs wall %7.1fs cpu %6.0f MB  exit %s  load %s  (%s lines of output)' \
		"$corpus" "$tool" "$run" "$wall" "$(awk "BEGIN{print $user + $sys}")" "$((rss / 1024))" "$status" "$load" "$(wc -l <"$log")")"
	if grep -qE '^(panic:|fatal error:)|internal error' "$log"; then
		say "  !! $tool crashed on $corpus; see $log"
	fi
	rm -rf "$work/sccache-$corpus-$run" "$work"/run/*
}

printf 'corpus\ttool\trun\twall_s\tmaxrss_kb\tuser_s\tsys_s\texit\tload1\n' >"$results"
start_load=$(cut -d' ' -f1-3 /proc/loadavg)
start_date=$(date -u '+%Y-%m-%d %H:%M UTC')
say "== measuring: $runs runs × corpora ($corpora) × tools ($tools), interleaved; load $start_load"
for run in $(seq 1 "$runs"); do
	for corpus in $corpora; do
		for tool in $tools; do
			measure "$corpus" "$tool" "$run"
		done
	done
done
end_load=$(cut -d' ' -f1-3 /proc/loadavg)

[[ -z $outdir ]] || cp "$work"/logs/*.log "$outdir/"
echo
echo "latebind $commit, $(go version | cut -d' ' -f3), staticcheck $STATICCHECK_VERSION, x/tools $XTOOLS_VERSION"
echo "$start_date to $(date -u '+%H:%M UTC'), nproc $(nproc), load average (1/5/15 min) before $start_load, after $end_load; $runs runs"
echo
"$work/bin/summarize" "$results"
echo
echo "Peak RSS is GNU time's: the largest single process of the tree (the go command, or one vet tool process), not their sum."
[[ -z $outdir && ${KEEP:-} != 1 ]] || echo "Raw measurements and logs: $(dirname "$results")"
