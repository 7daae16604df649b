#!/usr/bin/env bash
# The two commands of DvpnClient:
#   ./run.sh demo   installs what is missing, builds, and runs the local demo network
#   ./run.sh test   installs what is missing, builds, and runs every test (what CI runs)
# Every step is idempotent: a second run installs nothing and rebuilds only what changed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

# Debian packages the project needs at run or test time (installed with --no-install-recommends, else apt pulls
# a kernel and systemd).
# curl: the control API tests call the socket as an unprivileged user (setpriv, from util-linux, + curl).
# iputils-ping: the userspace WireGuard tests ping through tunnels in network namespaces.
# tcpdump: the kill switch's leak test prints what crosses the client's uplink.
APT_PACKAGES=(ca-certificates procps iproute2 iputils-ping wireguard-go wireguard-tools iperf3 nftables jq curl tcpdump)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

need_cmd() { command -v "$1" >/dev/null 2>&1 || die "$1 is required but not installed ($2)"; }

install_apt() {
    local missing=()
    for p in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if ((${#missing[@]})); then
        [ "$(id -u)" = 0 ] || die "missing Debian packages (${missing[*]}); run as root or install them"
        log "apt-get install ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

install_npm() {
    # npm ci is reproducible from the committed lock; a stamp skips it when the lock has not changed.
    local stamp="contracts/node_modules/.dvpn-lock-stamp"
    if [ ! -f "$stamp" ] || ! cmp -s contracts/package-lock.json "$stamp"; then
        log "npm ci (anvil, forge, solc-js, OpenZeppelin) in contracts/"
        (cd contracts && npm ci --no-audit --no-fund --loglevel=error)
        cp contracts/package-lock.json "$stamp"
    fi
    ANVIL_BIN="$ROOT/contracts/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
    FORGE_BIN="$ROOT/contracts/node_modules/@foundry-rs/forge-linux-amd64/bin/forge"
    [ -x "$ANVIL_BIN" ] || die "anvil binary missing after npm ci: $ANVIL_BIN"
    [ -x "$FORGE_BIN" ] || die "forge binary missing after npm ci: $FORGE_BIN"
    # Tests and the demo start anvil from here (the native binary, not the node shim, so that its PID is anvil's).
    export DVPN_ANVIL="$ANVIL_BIN"
}

prereqs() {
    need_cmd dotnet "the .NET 10 SDK"
    need_cmd node "Node.js"
    need_cmd npm "npm"
    install_apt
    install_npm
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

build_dotnet() {
    log "dotnet build (Release)"
    dotnet build DvpnClient.sln -c Release -nologo -clp:ErrorsOnly -v:quiet
}

cmd_test() {
    prereqs
    local results="$ROOT/TestResults"
    rm -rf "$results"
    mkdir -p "$results"

    log "contracts: forge build + tests"
    local forge_rc=0
    (cd contracts && ./test.sh "$results/forge.json") || forge_rc=$?

    local dotnet_rc=0
    if build_dotnet; then
        # One project at a time, each writing its own named TRX file (timestamped default names can collide).
        local proj name
        for proj in tests/*/*.Tests.csproj; do
            name=$(basename "$proj" .csproj)
            log "dotnet test $name"
            dotnet test "$proj" -c Release --no-build -nologo --results-directory "$results" \
                --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" || dotnet_rc=1
        done
    else
        dotnet_rc=1  # no TRX files: the count below reports the .NET suite as failed
    fi

    # The one closing line CI reads: derived from the TRX files and forge's JSON, not from dotnet's own output.
    local projects
    projects=$(ls tests/*/*.Tests.csproj | wc -l)
    node eng/count-results.mjs "$results" "$projects"
    if [ "$forge_rc" -ne 0 ] || [ "$dotnet_rc" -ne 0 ]; then
        exit 1
    fi
}

# The demo needs three executables only: dvpnctl (which runs it), dvpnd and the provider. Building just those is
# much quicker than the whole solution on a fresh machine.
DEMO_PROJECTS=(src/Dvpn.Daemon src/Dvpn.Provider src/Dvpn.Cli)

cmd_demo() {
    [ "$(id -u)" = 0 ] || die "the demo needs root (network namespaces, TUN devices, nftables): sudo ./run.sh demo"
    prereqs
    local proj
    for proj in "${DEMO_PROJECTS[@]}"; do
        log "dotnet build $proj (Release)"
        dotnet build "$proj" -c Release -nologo -clp:ErrorsOnly -v:quiet
    done
    log "demo: local chain, contracts, providers, dvpnd, traffic through the tunnel, tickets, claims"
    # exec: Ctrl-C reaches dvpnctl directly, which tears the network down before it exits.
    exec dotnet src/Dvpn.Cli/bin/Release/net10.0/dvpnctl.dll demo "$@"
}

case "${1:-}" in
    test) shift; cmd_test "$@" ;;
    demo) shift; cmd_demo "$@" ;;
    *) echo "usage: ./run.sh demo | test" >&2; exit 2 ;;
esac
