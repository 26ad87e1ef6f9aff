#!/usr/bin/env bash
# Runs the Bicep CLI from NuGet: restores infra/bicep/Bicep.Tool.csproj (the package
# Azure.Bicep.CommandLine.linux-x64, version pinned in Directory.Packages.props) into
# infra/bicep/obj/packages, then execs `bicep "$@"`. Nothing but a NuGet restore touches the network.
#   infra/bicep.sh build infra/main.bicep --stdout
#   infra/bicep.sh lint infra/main.bicep
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$here/bicep/Bicep.Tool.csproj"
packages="$here/bicep/obj/packages"
package_id="azure.bicep.commandline.linux-x64"

find_bicep() {
    local version
    version="$(sed -n 's/.*Include="Azure.Bicep.CommandLine.linux-x64" Version="\([^"]*\)".*/\1/p' "$here/../Directory.Packages.props")"
    [[ -n "$version" ]] || { echo "bicep.sh: no Azure.Bicep.CommandLine.linux-x64 version in Directory.Packages.props" >&2; exit 2; }
    echo "$packages/$package_id/$version/tools/bicep"
}

bicep="$(find_bicep)"
if [[ ! -x "$bicep" ]]; then
    dotnet restore "$project" --packages "$packages" --verbosity quiet >&2
    chmod +x "$bicep" 2>/dev/null || true
fi
[[ -x "$bicep" ]] || { echo "bicep.sh: restore did not produce $bicep" >&2; exit 2; }

# No telemetry or tracing; the CLI compiles with the Azure types embedded in it and needs no
# registry (main.bicep uses no registry modules). Invariant globalization: the machine may lack ICU.
export BICEP_TRACING_ENABLED=false
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
exec "$bicep" "$@"
