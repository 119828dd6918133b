#!/usr/bin/env bash
# Publishes the Pulumi plugin to ./bin/pulumi-resource-aep, where Pulumi.yaml's plugins.providers points.
#   bash scripts/publish-plugin.sh              Native AOT (the default, what README/Pulumi.yaml use and the Node
#                                               conformance suite tests): one native executable, ~4x faster to start
#                                               than the JIT build and half its memory. Needs clang and zlib1g-dev,
#                                               installed here when missing. Figures: docs/performance.md.
#   bash scripts/publish-plugin.sh --jit        framework-dependent JIT build: quicker to publish (local iteration)
#   --output DIR                                publish somewhere else than ./bin (the benchmarks do)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=aot output="$root/bin"
while [ $# -gt 0 ]; do
  case "$1" in
    --aot) mode=aot ;;
    --jit) mode=jit ;;
    --output) output="$2"; shift ;;
    *) echo "unknown option $1 (use --aot, --jit, --output DIR)" >&2; exit 2 ;;
  esac
  shift
done

project="$root/src/Provisioner.PulumiProvider"
if [ "$mode" = aot ]; then
  # The ILCompiler links with clang and needs zlib's static library (Debian: clang, zlib1g-dev).
  if ! command -v clang >/dev/null || ! dpkg -s zlib1g-dev >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
      echo "installing clang and zlib1g-dev for the Native AOT link" >&2
      apt-get update -qq && apt-get install -y -qq clang zlib1g-dev >/dev/null
    else
      # Keep the README's promise (only the .NET SDK and Node needed): the JIT build passes the same suite.
      echo "warning: clang/zlib1g-dev missing and not installable here; publishing the JIT build instead" >&2
      mode=jit
    fi
  fi
fi
if [ "$mode" = aot ]; then
  dotnet publish "$project" -c Release -r linux-x64 -p:PublishAot=true -o "$output" -nologo -clp:ErrorsOnly
else
  dotnet publish "$project" -c Release -o "$output" -nologo -clp:ErrorsOnly
fi
test -x "$output/pulumi-resource-aep"
