#!/usr/bin/env bash
# Tunnel throughput benchmark: iperf3 TCP between two network namespaces, first over the plain veth that joins
# them (the ceiling), then through each tunnel implementation named on the command line, all in ONE run with the
# same duration, so that the numbers are compared as ratios on a shared, noisy machine (DESIGN.md §7).
#
# Usage (as root):  bench/tunnel/iperf-throughput.sh [-t SECONDS] [-O OMIT_SECONDS] [-P STREAMS] [IMPL ...]
#   IMPL defaults to "wireguard-go"; each IMPL selects the function setup_tunnel_<IMPL with - as _>.
#   Needs: iproute2, iperf3, jq, and what each IMPL needs (wireguard-go and wg for "wireguard-go").
#
# Adding an implementation (e.g. our managed userspace WireGuard): write
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
while getopts "t:O:P:h" opt; do
    case "$opt" in
        t) DURATION=$OPTARG ;;
        O) OMIT=$OPTARG ;;
        P) STREAMS=$OPTARG ;;
        *) sed -n '2,17p' "$0"; exit 2 ;;
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

# wireguard-go (Debian's build) configured with wg from wireguard-tools.
setup_tunnel_wireguard_go() {
    local ns_server=$1 ns_client=$2 ip_server=$3 ip_client=$4
    local if_server="wgs$TAG" if_client="wgc$TAG" port=51820
    command -v wireguard-go >/dev/null || die "'wireguard-go' is not installed"
    command -v wg >/dev/null || die "'wg' (wireguard-tools) is not installed"

    local ns ifname
    for pair in "$ns_server:$if_server" "$ns_client:$if_client"; do
        ns=${pair%%:*} ifname=${pair#*:}
        track_uapi_interface "$ifname"
        # ip netns exec execs wireguard-go, so $! is wireguard-go's own PID. -f keeps it in the foreground (our child).
        ip netns exec "$ns" wireguard-go -f "$ifname" >"$WORK/$ifname.log" 2>&1 &
        track_pid $!
        wait_until 10 test -S "/var/run/wireguard/$ifname.sock" || die "wireguard-go $ifname did not open its UAPI socket"
    done

    (umask 077 && wg genkey >"$WORK/server.key" && wg genkey >"$WORK/client.key")
    local pub_server pub_client
    pub_server=$(wg pubkey <"$WORK/server.key")
    pub_client=$(wg pubkey <"$WORK/client.key")

    ip netns exec "$ns_server" wg set "$if_server" private-key "$WORK/server.key" listen-port "$port" \
        peer "$pub_client" allowed-ips 10.214.0.2/32 endpoint "$ip_client:$port"
    ip netns exec "$ns_client" wg set "$if_client" private-key "$WORK/client.key" listen-port "$port" \
        peer "$pub_server" allowed-ips 10.214.0.1/32 endpoint "$ip_server:$port"
    ip -n "$ns_server" addr add 10.214.0.1/24 dev "$if_server"
    ip -n "$ns_client" addr add 10.214.0.2/24 dev "$if_client"
    ip -n "$ns_server" link set "$if_server" up
    ip -n "$ns_client" link set "$if_client" up
    TUNNEL_SERVER_IP=10.214.0.1
}

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

declare -A RESULT
for impl in "${IMPLS[@]}"; do
    TUNNEL_SERVER_IP=
    "setup_tunnel_${impl//-/_}" "$NS_SERVER" "$NS_CLIENT" "$UNDERLAY_SERVER_IP" "$UNDERLAY_CLIENT_IP"
    [ -n "$TUNNEL_SERVER_IP" ] || die "setup_tunnel_${impl//-/_} did not set TUNNEL_SERVER_IP"
    measure "$TUNNEL_SERVER_IP" "$impl"
    RESULT[$impl]=$MEASURED
done

printf '%-16s %12s %10s\n' "path" "Mbit/s" "x veth"
printf '%-16s %12.0f %10.3f\n' "veth" "$veth" 1
for impl in "${IMPLS[@]}"; do
    printf '%-16s %12.0f %10.3f\n' "$impl" "${RESULT[$impl]}" "$(echo "${RESULT[$impl]} $veth" | awk '{ print $1 / $2 }')"
done
