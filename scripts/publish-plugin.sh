#!/usr/bin/env bash
# Publishes the Pulumi plugin to ./bin/pulumi-resource-aep, where Pulumi.yaml's plugins.providers points.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dotnet publish "$root/src/Provisioner.PulumiProvider" -c Release -o "$root/bin" -nologo -clp:ErrorsOnly
test -x "$root/bin/pulumi-resource-aep"
