#!/usr/bin/env bash
# Mutation testing with Stryker.NET (a local .NET tool, pinned in .config/dotnet-tools.json): it changes Core's code
# one small mutation at a time (a `<` for a `<=`, a removed call, an emptied string…) and runs Core's own tests against
# each; a mutant no test notices ("survived") is a decision nobody pins. Too slow for .ci/run (about 10–15 minutes
# for Core on 2 cores), so it is run by hand before and after changing Core's decisions.
#
#   bash scripts/mutation.sh [core|flowservice|emulator] [extra stryker args, e.g. --mutate "**/Planner.cs"]
#
# Reports: TestResults/mutation/<project>/reports/mutation-report.html (open in a browser: every surviving mutant
# with its line) and mutation-report.json; the console ends with the score. Configs: tests/mutation/<project>.json.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target=${1:-core}
shift || true
case "$target" in
  core) tests=Provisioner.Core.Tests ;;
  flowservice) tests=Provisioner.FlowService.Tests ;;
  emulator) tests=Provisioner.Emulator.Tests ;;
  *) echo "usage: $0 [core|flowservice|emulator] [stryker args]" >&2; exit 2 ;;
esac
config="$root/tests/mutation/$target.json"
[ -f "$config" ] || { echo "no Stryker config for '$target' at $config" >&2; exit 2; }

cd "$root"
dotnet tool restore >/dev/null
out="$root/TestResults/mutation/$target"
rm -rf "$out"
cd "$root/tests/$tests"
dotnet dotnet-stryker --config-file "$config" --output "$out" "$@"
