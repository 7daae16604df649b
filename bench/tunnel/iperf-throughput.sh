#!/usr/bin/env bash
# Tunnel throughput benchmark: iperf3 TCP between two network namespaces, first over the plain veth that joins
# them (the ceiling), then through each tunnel implementation named on the command line, all in ONE run with the
# same duration, so that the numbers are compared as ratios on a shared, noisy machine (DESIGN.md §7).
#
# Usage (as root):  bench/tunnel/iperf-throughput.sh [-t SECONDS] [-O OMIT_SECONDS] [-P STREAMS] [-n ROUNDS] [IMPL ...]
#   IMPL defaults to "wireguard-go"; each IMPL selects the function setup_tunnel_<IMPL with - as _>: "wireguard-go"
#   (Debian's, on both ends), "dvpn-wg" (ours, src/Dvpn.WireGuard.Host, on both ends), "dvpn-wg-plain" (ours without
#   TUN offloads, recvmmsg or GSO), "dvpn-wg-offloads" / "dvpn-wg-batch" (TUN offloads alone / recvmmsg alone).
#   All IMPLs are set up side by side and measured in alternation for ROUNDS rounds; the table shows medians and the
#   ratio to the first IMPL:
#     bench/tunnel/iperf-throughput.sh -n 3 wireguard-go dvpn-wg     # prints dvpn-wg / wireguard-go
#   Needs: iproute2, iperf3, jq, and what each IMPL needs (wireguard-go and wg for "wireguard-go").
#
# Adding an implementation: write
#   setup_tunnel_<name> SERVER_NS CLIENT_NS SERVER_UNDERLAY_IP CLIENT_UNDERLAY_IP
# which builds a tunnel between the two namespaces over the veth, starts any process it needs in the background
# and registers its PID with track_pid (cleanup stops exactly those PIDs), registers the interfaces it creates
# with track_uapi_interface if they have a UAPI socket, and sets TUNNEL_SERVER_IP to the server's tunnel address.
# Everything it makes must live inside the two namespaces: cleanup deletes them.
#
# Only 10.x addresses on the script's own veth and tunnel interfaces are used, and only inside its namespaces.
set -euo pipefail

DURATION=10
OMIT=1
STREAMS=1
ROUNDS=1
while getopts "t:O:P:n:h" opt; do
    case "$opt" in
        t) DURATION=$OPTARG ;;
        O) OMIT=$OPTARG ;;
        P) STREAMS=$OPTARG ;;
        n) ROUNDS=$OPTARG ;;
        *) sed -n '2,14p' "$0"; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
IMPLS=("$@")
[ ${#IMPLS[@]} -gt 0 ] || IMPLS=(wireguard-go)

die() { echo "iperf-throughput: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "must run as root (it creates network namespaces and TUN devices)"
for tool in ip iperf3 jq; do
    command -v "$tool" >/dev/null || die "'$tool' is not installed"
done

# Unique per run: namespace names carry the script's PID, interface names a random tag (wireguard-go's UAPI
# sockets in /var/run/wireguard are shared by all namespaces, and interface names are at most 15 characters).
TAG=$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
NS_SERVER="dvb-$$-server"
NS_CLIENT="dvb-$$-client"
UNDERLAY_SERVER_IP=10.213.0.1
UNDERLAY_CLIENT_IP=10.213.0.2
IPERF_PORT=5201
WORK=$(mktemp -d)

TRACKED_PIDS=()
UAPI_INTERFACES=()
NAMESPACES=()
track_pid() { TRACKED_PIDS+=("$1"); }
# Once reaped with wait, a PID may be reused by anyone: forget it so that cleanup never signals a stranger.
untrack_pid() {
    local kept=() pid
    for pid in "${TRACKED_PIDS[@]}"; do [ "$pid" = "$1" ] || kept+=("$pid"); done
    TRACKED_PIDS=("${kept[@]}")
}
# Running, and not merely a zombie child waiting to be reaped.
running() { [ -r "/proc/$1/stat" ] && [ "$(sed 's/.*) //; s/ .*//' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
track_uapi_interface() { UAPI_INTERFACES+=("$1"); }

cleanup() {
    local status=$? pid
    trap - EXIT INT TERM
    for pid in "${TRACKED_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${TRACKED_PIDS[@]}"; do
        # Our own children: wait reaps them; a stuck one gets SIGKILL after ~3 s.
        for _ in $(seq 30); do running "$pid" || break; sleep 0.1; done
        running "$pid" && kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null || true
    done
    for ifname in "${UAPI_INTERFACES[@]}"; do
        rm -f "/var/run/wireguard/$ifname.sock"
    done
    for ns in "${NAMESPACES[@]}"; do
        ip netns delete "$ns" 2>/dev/null || true
    done
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Waits until a command succeeds, polling (a shell has no better readiness signal), or fails after $1 seconds.
wait_until() {
    local seconds=$1; shift
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.05
    done
}

make_namespaces() {
    local ns
    for ns in "$NS_SERVER" "$NS_CLIENT"; do
        NAMESPACES+=("$ns")
        ip netns add "$ns"
        ip -n "$ns" link set lo up
    done
    # Created directly inside the namespaces: nothing ever appears in the root namespace.
    ip -n "$NS_SERVER" link add veth0 type veth peer name veth0 netns "$NS_CLIENT"
    ip -n "$NS_SERVER" addr add "$UNDERLAY_SERVER_IP/24" dev veth0
    ip -n "$NS_CLIENT" addr add "$UNDERLAY_CLIENT_IP/24" dev veth0
    ip -n "$NS_SERVER" link set veth0 up
    ip -n "$NS_CLIENT" link set veth0 up
}

# ---- tunnel implementations ------------------------------------------------------------------------------------

# A userspace implementation with wireguard-go's command line (BINARY -f IFNAME, UAPI socket in /var/run/wireguard),
# configured with wg from wireguard-tools. Each call gets its own tunnel subnet and port, so several implementations
# can be set up in one run side by side.
IMPL_COUNT=0
setup_userspace_tunnel() {
    local binary=$1 prefix=$2 ns_server=$3 ns_client=$4 ip_server=$5 ip_client=$6
    IMPL_COUNT=$((IMPL_COUNT + 1))
    local if_server="${prefix}s$TAG" if_client="${prefix}c$TAG" port=$((51820 + IMPL_COUNT)) net="10.$((213 + IMPL_COUNT)).0"
    command -v wg >/dev/null || die "'wg' (wireguard-tools) is not installed"

    local ns ifname
    for pair in "$ns_server:$if_server" "$ns_client:$if_client"; do
        ns=${pair%%:*} ifname=${pair#*:}
        track_uapi_interface "$ifname"
        # ip netns exec execs the binary, so $! is its own PID. -f keeps it in the foreground (our child).
        LOG_LEVEL=error DVPN_WG_OFFLOADS=${DVPN_WG_OFFLOADS:-1} DVPN_WG_RECEIVE_BATCH=${DVPN_WG_RECEIVE_BATCH:-16} \
            DVPN_WG_GSO=${DVPN_WG_GSO:-1} ip netns exec "$ns" "$binary" -f "$ifname" >"$WORK/$ifname.log" 2>&1 &
        track_pid $!
        wait_until 20 test -S "/var/run/wireguard/$ifname.sock" || die "$binary $ifname did not open its UAPI socket: $(cat "$WORK/$ifname.log")"
    done

    (umask 077 && wg genkey >"$WORK/$prefix-server.key" && wg genkey >"$WORK/$prefix-client.key")
    local pub_server pub_client
    pub_server=$(wg pubkey <"$WORK/$prefix-server.key")
    pub_client=$(wg pubkey <"$WORK/$prefix-client.key")

    ip netns exec "$ns_server" wg set "$if_server" private-key "$WORK/$prefix-server.key" listen-port "$port" \
        peer "$pub_client" allowed-ips "$net.2/32" endpoint "$ip_client:$port"
    ip netns exec "$ns_client" wg set "$if_client" private-key "$WORK/$prefix-client.key" listen-port "$port" \
        peer "$pub_server" allowed-ips "$net.1/32" endpoint "$ip_server:$port"
    ip -n "$ns_server" addr add "$net.1/24" dev "$if_server"
    ip -n "$ns_client" addr add "$net.2/24" dev "$if_client"
    ip -n "$ns_server" link set "$if_server" up
    ip -n "$ns_client" link set "$if_client" up
    TUNNEL_SERVER_IP="$net.1"
}

# wireguard-go (Debian's build) on both sides.
setup_tunnel_wireguard_go() {
    command -v wireguard-go >/dev/null || die "'wireguard-go' is not installed"
    setup_userspace_tunnel "$(command -v wireguard-go)" wgo "$@"
}

# Our managed userspace WireGuard (src/Dvpn.WireGuard.Host, dvpn-wg); DVPN_WG overrides the path. Checked in the
# script's own shell (not a $(...) subshell), so that a missing build stops the run.
DVPN_WG_BINARY=${DVPN_WG:-$(cd "$(dirname "$0")/../.." && pwd)/src/Dvpn.WireGuard.Host/bin/Release/net10.0/dvpn-wg}
dvpn_wg_built() {
    [ -x "$DVPN_WG_BINARY" ] || die "dvpn-wg not built at $DVPN_WG_BINARY (dotnet build -c Release src/Dvpn.WireGuard.Host)"
}

# Ours on both sides.
setup_tunnel_dvpn_wg() { dvpn_wg_built; setup_userspace_tunnel "$DVPN_WG_BINARY" dwg "$@"; }

# The same without TUN offloads and without recvmmsg batching: one packet per system call, as wireguard-go
# 0.0.20220316 does.
setup_tunnel_dvpn_wg_plain() { dvpn_wg_built; DVPN_WG_OFFLOADS=0 DVPN_WG_RECEIVE_BATCH=1 DVPN_WG_GSO=0 setup_userspace_tunnel "$DVPN_WG_BINARY" dwp "$@"; }

# TUN offloads alone (no recvmmsg, no GSO), and recvmmsg alone: what each optimisation gives on its own. The full
# "dvpn-wg" adds GSO sends (which need the offloads' runs) to both.
setup_tunnel_dvpn_wg_offloads() { dvpn_wg_built; DVPN_WG_RECEIVE_BATCH=1 DVPN_WG_GSO=0 setup_userspace_tunnel "$DVPN_WG_BINARY" dwo "$@"; }

setup_tunnel_dvpn_wg_batch() { dvpn_wg_built; DVPN_WG_OFFLOADS=0 setup_userspace_tunnel "$DVPN_WG_BINARY" dwb "$@"; }

# ---- measurement -----------------------------------------------------------------------------------------------

# Sets MEASURED to the receiver-side TCP throughput in Mbit/s from the client to $1 over $DURATION seconds.
# (Not printed and captured with $(...): a subshell would hide the server PID from cleanup.)
measure() {
    local server_ip=$1 label=$2 server_pid client_pid out
    out="$WORK/iperf-$label"
    ip netns exec "$NS_SERVER" iperf3 -s -1 -B "$server_ip" -p "$IPERF_PORT" --forceflush >"$out.server" 2>&1 &
    server_pid=$!
    track_pid "$server_pid"
    wait_until 10 grep -q "Server listening" "$out.server" || die "iperf3 server for $label did not start: $(cat "$out.server")"
    # In the background and waited for: bash runs a trap (Ctrl-C, TERM) only between commands, and wait is one.
    ip netns exec "$NS_CLIENT" timeout $((DURATION + OMIT + 30)) \
        iperf3 -c "$server_ip" -p "$IPERF_PORT" -t "$DURATION" -O "$OMIT" -P "$STREAMS" -J >"$out.json" &
    client_pid=$!
    track_pid "$client_pid"
    wait "$client_pid" || die "iperf3 client for $label failed: $(jq -r '.error // empty' "$out.json" 2>/dev/null)"
    untrack_pid "$client_pid"
    wait "$server_pid" 2>/dev/null || true
    untrack_pid "$server_pid"
    MEASURED=$(jq -r '.end.sum_received.bits_per_second / 1e6' "$out.json")
}

for impl in "${IMPLS[@]}"; do
    declare -F "setup_tunnel_${impl//-/_}" >/dev/null || die "unknown implementation '$impl' (no setup_tunnel_${impl//-/_})"
done

echo "iperf3 TCP, ${DURATION}s per measurement (${OMIT}s omitted), ${STREAMS} stream(s), $(nproc) CPU(s), kernel $(uname -r)" >&2
make_namespaces
wait_until 10 ip netns exec "$NS_CLIENT" iperf3 --version || die "cannot run inside the namespaces"
measure "$UNDERLAY_SERVER_IP" veth
veth=$MEASURED

declare -A RESULT SETUP
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for impl in "${IMPLS[@]}"; do
    TUNNEL_SERVER_IP=
    "setup_tunnel_${impl//-/_}" "$NS_SERVER" "$NS_CLIENT" "$UNDERLAY_SERVER_IP" "$UNDERLAY_CLIENT_IP"
    [ -n "$TUNNEL_SERVER_IP" ] || die "setup_tunnel_${impl//-/_} did not set TUNNEL_SERVER_IP"
    SETUP[$impl]=$TUNNEL_SERVER_IP
done
# Rounds alternate the implementations, so that a burst of load elsewhere on the machine hits all of them alike.
for round in $(seq "$ROUNDS"); do
    for impl in "${IMPLS[@]}"; do
        measure "${SETUP[$impl]}" "$impl-$round"
        RESULT[$impl]="${RESULT[$impl]:-} $MEASURED"
        echo "round $round: $impl $(printf '%.0f' "$MEASURED") Mbit/s" >&2
    done
done

first=${IMPLS[0]}
first_median=$(echo "${RESULT[$first]}" | median)
printf '%-16s %12s %10s %12s\n' "path" "Mbit/s" "x veth" "x $first"
printf '%-16s %12.0f %10.3f %12s\n' "veth" "$veth" 1 "-"
for impl in "${IMPLS[@]}"; do
    m=$(echo "${RESULT[$impl]}" | median)
    printf '%-16s %12.0f %10.3f %12.3f\n' "$impl" "$m" "$(echo "$m $veth" | awk '{ print $1 / $2 }')" \
        "$(echo "$m $first_median" | awk '{ print $1 / $2 }')"
done
[ "$ROUNDS" -eq 1 ] || echo "(medians of $ROUNDS rounds)"
