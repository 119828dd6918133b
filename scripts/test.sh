#!/usr/bin/env bash
# Runs every test of the project and ends with one line "N passed, N failed" summing all runners:
#   1. the .NET suites (dotnet test over Provisioner.sln),
#   2. the Node conformance suite, which drives the published plugin (./bin/pulumi-resource-aep) with
#      Pulumi's own generated stubs, exactly as the engine would.
# Needs only the .NET SDK and Node/npm. Exit code is non-zero when anything failed or did not run.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"
status=0

step() { printf '\n==> %s\n' "$*" >&2; }

step "build (Release)"
if ! dotnet build Provisioner.sln -c Release -nologo -clp:ErrorsOnly; then
  echo "build failed" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

step "publish the plugin to ./bin"
if ! bash "$root/scripts/publish-plugin.sh"; then
  echo "plugin publish failed" >&2
  status=1
fi

step ".NET tests"
dotnet test Provisioner.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results/dotnet" -- RunConfiguration.TreatNoTestsAsError=false \
  || status=1

step "Node conformance tests"
node_out="$results/node.tap"
( cd tests/pulumi-conformance \
  && { [ -d node_modules ] || npm ci --no-audit --no-fund >&2; } \
  && npm test --silent ) 2>&1 | tee "$node_out" >&2
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

# Sum every runner: TRX counters for .NET, the TAP summary for node:test.
read -r dn_pass dn_fail < <(node "$root/scripts/count-trx.mjs" "$results/dotnet" || echo "0 1")
node_pass=$(grep -E '^# pass [0-9]+' "$node_out" | tail -1 | awk '{print $3}')
node_fail=$(grep -E '^# fail [0-9]+' "$node_out" | tail -1 | awk '{print $3}')
if [ -z "$node_pass" ]; then
  echo "the Node suite printed no summary: counted as one failure" >&2
  node_pass=0; node_fail=1
fi
passed=$((dn_pass + node_pass))
failed=$((dn_fail + ${node_fail:-0}))
if [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; then status=1; fi
printf '\n.NET: %s passed, %s failed; Node: %s passed, %s failed\n' "$dn_pass" "$dn_fail" "$node_pass" "${node_fail:-0}" >&2
echo "$passed passed, $failed failed"
exit $status
