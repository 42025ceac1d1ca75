#!/usr/bin/env bash
# Make a Docker engine answer on this machine, from nothing.
#
# Target: a fresh Debian bookworm machine (or VM/container) where we are root,
# with only a docker CLI and no engine, no systemd, no container registry, but
# Debian's apt mirror reachable. Idempotent: if `docker info` already answers,
# it does nothing but print the versions.
#
# What it does otherwise:
#   1. apt-get update (once) and install Debian's docker.io (engine 20.10,
#      API 1.41) with containerd, runc, tini and iptables;
#   2. start dockerd in the background (nohup, log in $DOCKERD_LOG);
#   3. wait (bounded, $DOCKERD_WAIT_SECONDS) until `docker info` answers.
#
# Client: Debian's docker.io brings its own client at /usr/bin/docker (20.10).
# A newer CLI earlier on PATH (e.g. /usr/local/bin/docker 28.x) negotiates the
# API down to the engine's 1.41 by itself, so nothing needs to be set; this
# script checks that and prints which client and engine are in use.
#
# Environment (all optional):
#   DOCKERD_LOG           dockerd's log file           (/var/log/labcheck-dockerd.log)
#   DOCKERD_WAIT_SECONDS  how long to wait for dockerd (60)
#   DOCKERD_EXTRA_ARGS    extra dockerd arguments, e.g. "--storage-driver=vfs"
set -euo pipefail

DOCKERD_LOG="${DOCKERD_LOG:-/var/log/labcheck-dockerd.log}"
DOCKERD_WAIT_SECONDS="${DOCKERD_WAIT_SECONDS:-60}"
DOCKERD_EXTRA_ARGS="${DOCKERD_EXTRA_ARGS:-}"

phase_start=$(date +%s.%N)
log() { printf '[docker-engine] %s\n' "$*" >&2; }
die() { printf '[docker-engine] ERROR: %s\n' "$*" >&2; exit 1; }
elapsed() { awk -v s="$phase_start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'; }

engine_answers() { docker info >/dev/null 2>&1; }

# The pid of a running dockerd, if any (no procps needed on a fresh machine).
STARTED_PID=""
dockerd_pid() {
    if [ -n "$STARTED_PID" ] && kill -0 "$STARTED_PID" 2>/dev/null; then echo "$STARTED_PID"; return 0; fi
    if [ -f /var/run/docker.pid ] && kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then cat /var/run/docker.pid; return 0; fi
    if command -v pgrep >/dev/null 2>&1; then pgrep -xo dockerd; return $?; fi
    return 1
}

print_versions() {
    local client_path client_ver client_api server_ver server_api min_api driver cgroup
    client_path=$(command -v docker)
    client_ver=$(docker version --format '{{.Client.Version}}' 2>/dev/null || echo '?')
    client_api=$(docker version --format '{{.Client.APIVersion}}' 2>/dev/null || echo '?')
    server_ver=$(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?')
    server_api=$(docker version --format '{{.Server.APIVersion}}' 2>/dev/null || echo '?')
    min_api=$(docker version --format '{{.Server.MinAPIVersion}}' 2>/dev/null || echo '?')
    driver=$(docker info --format '{{.Driver}}' 2>/dev/null || echo '?')
    cgroup=$(docker info --format '{{.CgroupVersion}} ({{.CgroupDriver}})' 2>/dev/null || echo '?')
    log "client: ${client_path} ${client_ver} (API ${client_api}${DOCKER_API_VERSION:+, DOCKER_API_VERSION=${DOCKER_API_VERSION}})"
    log "engine: ${server_ver} (API ${server_api}, min ${min_api}), storage driver ${driver}, cgroup v${cgroup}"
}

command -v docker >/dev/null 2>&1 || NEED_CLIENT=1

if [ -z "${NEED_CLIENT:-}" ] && engine_answers; then
    log "engine already answers; nothing to do"
    print_versions
    log "phase took $(elapsed) s"
    exit 0
fi

[ "$(id -u)" -eq 0 ] || die "not root and no Docker engine answers: run this script as root (it installs docker.io and starts dockerd)"

# ---------------------------------------------------------------- install
if ! command -v dockerd >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 || die "no dockerd and no apt-get: this script targets Debian bookworm; install a Docker engine by hand"
    export DEBIAN_FRONTEND=noninteractive
    log "installing Debian's docker.io (apt-get update, then install) ..."
    # No init system here: make sure the package's postinst does not try to start
    # services (Debian images usually ship such a policy-rc.d already).
    created_policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        created_policy=1
    fi
    apt-get update -qq || die "apt-get update failed: is deb.debian.org reachable (check /etc/apt/sources.list.d and the proxy)?"
    apt-get install -y -qq --no-install-recommends \
        docker.io containerd runc tini iptables ca-certificates >/dev/null \
        || die "apt-get install docker.io failed: see the apt output above"
    [ -n "$created_policy" ] && rm -f /usr/sbin/policy-rc.d
    log "installed docker.io $(dpkg-query -W -f='${Version}' docker.io) after $(elapsed) s"
fi

# The CLI: keep an existing (newer) one if it is first on PATH, else Debian's.
if ! command -v docker >/dev/null 2>&1; then
    [ -x /usr/bin/docker ] || die "no docker client on PATH and /usr/bin/docker missing: reinstall docker.io"
    export PATH="/usr/bin:$PATH"
fi

# ---------------------------------------------------------------- iptables
# dockerd needs iptables for the bridge network. Bookworm defaults to the nft
# backend; where the kernel has no nf_tables, fall back to iptables-legacy.
if command -v update-alternatives >/dev/null 2>&1 && [ -x /usr/sbin/iptables-legacy ]; then
    if ! iptables -S >/dev/null 2>&1; then
        log "iptables ($(readlink -f "$(command -v iptables)")) does not work here; switching to iptables-legacy"
        update-alternatives --set iptables /usr/sbin/iptables-legacy >/dev/null
        update-alternatives --set ip6tables /usr/sbin/ip6tables-legacy >/dev/null || true
        iptables -S >/dev/null 2>&1 || die "neither iptables-nft nor iptables-legacy works: dockerd cannot set up its bridge; try DOCKERD_EXTRA_ARGS='--iptables=false --bridge=none' (containers then get no network)"
    fi
fi

# ---------------------------------------------------------------- start
if ! running=$(dockerd_pid); then
    mkdir -p "$(dirname "$DOCKERD_LOG")"
    # A stale pid file from a killed dockerd makes the next one refuse to start.
    if [ -f /var/run/docker.pid ] && ! kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; then
        rm -f /var/run/docker.pid
    fi
    log "starting dockerd (log: ${DOCKERD_LOG}) ..."
    # Own session (setsid): a CI step that kills its process group on exit must
    # not take the engine with it. No fd of the caller is kept open.
    detach=()
    command -v setsid >/dev/null 2>&1 && detach=(setsid -w)
    # shellcheck disable=SC2086  # DOCKERD_EXTRA_ARGS is a word list on purpose
    nohup "${detach[@]}" dockerd $DOCKERD_EXTRA_ARGS >>"$DOCKERD_LOG" 2>&1 </dev/null &
    STARTED_PID=$!
    disown || true
else
    log "dockerd is already running (pid ${running}); waiting for it to answer"
fi

deadline=$(( $(date +%s) + DOCKERD_WAIT_SECONDS ))
until engine_answers; do
    if ! dockerd_pid >/dev/null; then
        log "dockerd exited; last lines of ${DOCKERD_LOG}:"
        tail -n 30 "$DOCKERD_LOG" >&2 || true
        die "dockerd died on start (see the log above); common fixes: a working iptables (apt-get install iptables), or DOCKERD_EXTRA_ARGS='--storage-driver=vfs' when overlay2 is not supported"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
        log "last lines of ${DOCKERD_LOG}:"
        tail -n 30 "$DOCKERD_LOG" >&2 || true
        die "dockerd did not answer 'docker info' within ${DOCKERD_WAIT_SECONDS} s (see the log above); raise DOCKERD_WAIT_SECONDS or fix the cause shown"
    fi
    sleep 0.5
done

# A client too new for this engine without negotiation would fail above with
# "client version X is too new"; say so plainly if it ever happens.
if ! docker version >/dev/null 2>&1; then
    die "the docker client $(command -v docker) cannot talk to this engine: export DOCKER_API_VERSION=1.41 or put /usr/bin on PATH first"
fi

print_versions
log "engine ready; phase took $(elapsed) s"
