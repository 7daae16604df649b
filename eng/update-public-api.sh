#!/usr/bin/env bash
# Regenerates a project's PublicAPI.Shipped.txt from what the PublicApiAnalyzers report as undeclared (RS0016) or
# removed (RS0017). Run it after a deliberate public API change and review the diff: the file is the frozen API.
#   eng/update-public-api.sh src/Dvpn.Client
set -euo pipefail
project="${1:?usage: eng/update-public-api.sh <project directory>}"
shipped="$project/PublicAPI.Shipped.txt"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
printf '#nullable enable\n' > "$shipped"
printf '#nullable enable\n' > "$project/PublicAPI.Unshipped.txt"
dotnet build "$project" -c Release -nologo -v:quiet -p:TreatWarningsAsErrors=false --no-incremental >"$log" 2>&1 || true
grep -o "RS0016: Symbol '.*' is not part of the declared public API" "$log" \
    | sed -e "s/^RS0016: Symbol '//" -e "s/' is not part of the declared public API$//" \
    | sort -u >> "$shipped"
echo "$(($(wc -l < "$shipped") - 1)) public symbols written to $shipped"
