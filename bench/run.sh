#!/usr/bin/env bash
# The benchmark suite of issue 6, one command (method and figures: docs/performance.md).
#
#   bash bench/run.sh           full run: the JIT and the Native AOT plugin, Pulumi's Node dynamic-provider host as
#                               the anchor, apply/refresh of N = 100 and 1000 at 20 ms latency, per-Create overhead,
#                               peak RSS, then the BenchmarkDotNet micro-benchmarks. ~10 minutes on 2 cores.
#   bash bench/run.sh --quick   CI smoke (< ~60 s): the plugin in ./bin (published when missing), the Node anchor when
#                               tests/pulumi-conformance/node_modules exists, N = 10, micro-benchmarks as a dry run.
#                               Exits non-zero only when the harness breaks, never because of a timing.
# Options: --no-aot (skip the AOT build), --no-micro (skip BenchmarkDotNet), --out FILE (default bench/.out/report.md),
#          --reuse (take the builds already in bench/.out/jit and bench/.out/aot instead of publishing again).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out="$root/bench/.out"
quick=0 aot=1 micro=1 reuse=0 report="$out/report.md"
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; aot=0 ;;
    --no-aot) aot=0 ;;
    --no-micro) micro=0 ;;
    --reuse) reuse=1 ;;
    --out) report="$2"; shift ;;
    *) echo "unknown option $1 (see the header of bench/run.sh)" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$out"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
step() { printf '\n==> %s\n' "$*" >&2; }
notes=()

# publish_plugin KIND LABEL: publishes the plugin build KIND (jit|aot) into bench/.out/KIND (unless --reuse finds
# one there), notes how long the publish took, and adds it to the plugins the harness compares.
publish_plugin() {
  local kind=$1 label=$2 dir="$out/$1"
  if [ "$reuse" = 0 ] || [ ! -x "$dir/pulumi-resource-aep" ]; then
    step "publish the $label plugin"
    local start
    start=$(date +%s)
    bash scripts/publish-plugin.sh "--$kind" --output "$dir" >&2
    notes+=("$label publish: $(( $(date +%s) - start )) s")
  fi
  plugins+=(--plugin "$kind=$dir/pulumi-resource-aep")
}

plugins=()
if [ "$quick" = 1 ] && [ -x "$root/bin/pulumi-resource-aep" ]; then
  plugins+=(--plugin "published=$root/bin/pulumi-resource-aep")
else
  publish_plugin jit "JIT"
fi
if [ "$aot" = 1 ]; then
  publish_plugin aot "Native AOT"
fi

node_modules="$root/tests/pulumi-conformance/node_modules"
if [ ! -d "$node_modules" ] && [ "$quick" = 0 ]; then
  step "install the Node anchor (@pulumi/pulumi, as the conformance suite pins it)"
  (cd tests/pulumi-conformance && npm ci --no-audit --no-fund >&2)
fi
anchor=()
node_host="$node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js"
if command -v node >/dev/null && [ -f "$node_host" ]; then
  anchor=(--node-host "$node_host")
else
  echo "note: no Node dynamic-provider host ($node_host); the anchor is left out of this run" >&2
fi

step "build the harness"
dotnet build bench/Provisioner.Bench -c Release -nologo -clp:ErrorsOnly >&2
harness=(dotnet bench/Provisioner.Bench/bin/Release/net10.0/Provisioner.Bench.dll)
[ "$quick" = 1 ] && harness+=(--quick)

step "run the end-to-end benchmarks"
"${harness[@]}" "${plugins[@]}" "${anchor[@]}" --out "$report"
for note in "${notes[@]}"; do echo "- $note" | tee -a "$report"; done

if [ "$micro" = 1 ]; then
  step "BenchmarkDotNet micro-benchmarks"
  dotnet build bench/Provisioner.Benchmarks -c Release -nologo -clp:ErrorsOnly >&2
  micro_cmd=(dotnet bench/Provisioner.Benchmarks/bin/Release/net10.0/Provisioner.Benchmarks.dll --filter '*' --inProcess
             --artifacts "$out/BenchmarkDotNet")
  # In process: no generated project to build per benchmark class (minutes on 2 cores), same JIT and GC.
  if [ "$quick" = 1 ]; then
    # One iteration each: proves every benchmark still compiles and runs, in seconds.
    "${micro_cmd[@]}" --job Dry >&2
  else
    # The short job (3 measured iterations): the default job takes ~1.5 min per benchmark on 2 shared cores.
    "${micro_cmd[@]}" --job Short >&2
    { echo; echo "## (f) Micro-benchmarks (BenchmarkDotNet, in process)"; echo; cat "$out"/BenchmarkDotNet/results/*-report-github.md; } >> "$report"
  fi
fi
echo "report: $report" >&2
