#!/usr/bin/env bash
# Test PostgreSQL 17 + pgvector for integration tests and developers.
#
#   bash scripts/pg-test-server.sh start    # build/reuse the chroot, start, print the URL
#   bash scripts/pg-test-server.sh stop     # pg_ctl stop -m fast (waits)
#   bash scripts/pg-test-server.sh status   # exit 0 when running
#   bash scripts/pg-test-server.sh url      # print the URL
#
# Debian bookworm packages no pgvector, trixie has postgresql-17 + postgresql-17-pgvector,
# so the server runs from a trixie chroot at <repo>/.pgtest/trixie (built once with
# debootstrap, reused afterwards). Only the connection URL goes to stdout; progress goes to
# stderr. Needs root (debootstrap, chroot).
#
# Robustness: the server is started in its own session, with stdin from /dev/null and
# stdout/stderr to a log file, so it never holds the caller's pipes (a `$(... start)` returns
# at once) and never receives the caller's signals. Nothing here kills process groups or
# matches processes by name; the server is stopped by pg_ctl only. /proc, /dev and /sys are
# not bind-mounted: postgres is configured to need neither /dev/shm nor huge pages, and
# /proc is mounted only while apt runs inside the chroot (unmounted by a trap).
#
# Environment: MEDIATE_PG_PORT (default 54329), MEDIATE_PGTEST_DIR (default <repo>/.pgtest),
# MEDIATE_DEBIAN_MIRROR (default: the first Debian archive in the host's apt sources),
# MEDIATE_PG_CLUSTER (default: the shared test cluster). A name ([a-z0-9-]) selects a separate
# cluster in the same chroot with its own data directory, socket and logs, e.g. the fault-injection
# tests stop and restart their own cluster without touching the one other tests use:
#   MEDIATE_PG_PORT=54331 MEDIATE_PG_CLUSTER=faults bash scripts/pg-test-server.sh start
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PGTEST_DIR="${MEDIATE_PGTEST_DIR:-$REPO_ROOT/.pgtest}"
ROOT="$PGTEST_DIR/trixie"
PORT="${MEDIATE_PG_PORT:-54329}"
PG_BIN=/usr/lib/postgresql/17/bin
CLUSTER="${MEDIATE_PG_CLUSTER:-}"
if [ -n "$CLUSTER" ] && ! [[ "$CLUSTER" =~ ^[a-z0-9][a-z0-9-]{0,30}$ ]]; then
  printf 'pg-test-server: error: MEDIATE_PG_CLUSTER must match [a-z0-9][a-z0-9-]*, got "%s"\n' "$CLUSTER" >&2
  exit 2
fi
# Paths inside the chroot (the default cluster keeps its original layout).
BASE=/var/lib/mediate-pg${CLUSTER:+-$CLUSTER}
DATA=$BASE/data
SOCK=$BASE/sock
LOG=$BASE/server.log
LOG_SUFFIX=${CLUSTER:+-$CLUSTER}
READY_MARK="$ROOT/.mediate-pgtest-ready"
DB=mediate_test

log() { printf 'pg-test-server: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

url_for() { printf 'postgres://postgres@127.0.0.1:%s/%s\n' "$1" "$DB"; }

# Serialise start/stop between concurrent callers (several test runs may share one chroot).
# The lock fd is closed for every long-lived child so the server never inherits it.
take_lock() {
  mkdir -p "$PGTEST_DIR"
  exec 9>"$PGTEST_DIR/.lock"
  if ! flock -w 900 9; then die "another pg-test-server.sh holds $PGTEST_DIR/.lock for 15 minutes"; fi
}

# ---- mirror discovery: host apt sources, one-line and deb822 formats -----------------
# Prints "URI<TAB>SUITES" for every enabled `deb` source.
list_sources() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk '/^[ \t]*deb[ \t]/ {
      line = $0; sub(/^[ \t]*deb[ \t]+/, "", line); sub(/^\[[^]]*\][ \t]*/, "", line)
      n = split(line, p, /[ \t]+/); if (n >= 2) print p[1] "\t" p[2]
    }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk '
      function flush() {
        if (types ~ /(^|[ \t])deb([ \t]|$)/ && enabled != "no" && uris != "") print uris "\t" suites
        types = uris = suites = enabled = ""
      }
      /^[ \t]*$/ { flush(); next }
      /^[ \t]*#/ { next }
      { key = tolower($1); val = $0; sub(/^[^:]*:[ \t]*/, "", val) }
      key == "types:" { types = val }
      key == "uris:" { split(val, u, /[ \t]+/); uris = u[1] }
      key == "suites:" { suites = val }
      key == "enabled:" { enabled = tolower(val) }
      END { flush() }
    ' "$f"
  done
}

# The first source that is a Debian archive (path ends in /debian) with a plain release
# suite (not -security/-updates); else the first source at all.
host_mirror() {
  list_sources | awk -F '\t' '
    { if (first == "") first = $1
      n = split($2, s, /[ \t]+/)
      for (i = 1; i <= n; i++) if (best == "" && s[i] != "" && s[i] !~ /-/ && $1 ~ /\/debian\/?$/) best = $1 }
    END { if (best != "") print best; else if (first != "") print first; else exit 1 }'
}

# ---- chroot build -----------------------------------------------------------------------
ensure_debootstrap() {
  command -v debootstrap >/dev/null 2>&1 && [ -e /usr/share/debootstrap/scripts/trixie ] && return 0
  log "installing debootstrap on the host"
  apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 \
    && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq debootstrap >&2 \
    || die "could not install debootstrap with apt-get"
  [ -e /usr/share/debootstrap/scripts/trixie ] || die "this debootstrap has no script for trixie"
}

proc_mounted=""
unmount_proc() {
  if [ -n "$proc_mounted" ]; then
    umount "$proc_mounted" 2>/dev/null || umount -l "$proc_mounted" 2>/dev/null || true
    proc_mounted=""
  fi
}

build_chroot() {
  [ "$(id -u)" = 0 ] || die "building the chroot needs root (debootstrap, chroot)"
  ensure_debootstrap
  local mirror="${MEDIATE_DEBIAN_MIRROR:-}"
  [ -n "$mirror" ] || mirror="$(host_mirror || true)"
  [ -n "$mirror" ] || die "no Debian mirror in /etc/apt/sources.list{,.d}; set MEDIATE_DEBIAN_MIRROR"
  local t0=$SECONDS

  # A half-built chroot from an interrupted run is discarded, never reused.
  if [ -d "$ROOT" ] && [ ! -e "$READY_MARK" ]; then
    log "removing an incomplete chroot at $ROOT"
    assert_nothing_mounted_below "$ROOT"
    rm -rf --one-file-system "$ROOT"
  fi
  if [ ! -x "$ROOT/bin/sh" ] || [ ! -e "$ROOT/.mediate-debootstrap-done" ]; then
    [ ! -d "$ROOT" ] || assert_nothing_mounted_below "$ROOT"
    rm -rf --one-file-system "$ROOT"
    log "debootstrap --variant=minbase trixie (mirror from host apt sources)"
    debootstrap --variant=minbase trixie "$ROOT" "$mirror" </dev/null >"$PGTEST_DIR/debootstrap.log" 2>&1 9>&- \
      || { tail -n 20 "$PGTEST_DIR/debootstrap.log" >&2; die "debootstrap failed (log: $PGTEST_DIR/debootstrap.log)"; }
    touch "$ROOT/.mediate-debootstrap-done"
  fi

  # Packages must not start services, and postgresql-common must not create a cluster.
  printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
  chmod 755 "$ROOT/usr/sbin/policy-rc.d"
  mkdir -p "$ROOT/etc/postgresql-common"
  printf 'create_main_cluster = false\n' >"$ROOT/etc/postgresql-common/createcluster.conf"
  cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true

  trap unmount_proc EXIT
  trap 'unmount_proc; exit 130' INT
  trap 'unmount_proc; exit 143' TERM
  mount -t proc proc "$ROOT/proc" && proc_mounted="$ROOT/proc"
  log "apt-get install postgresql-17 postgresql-17-pgvector (inside the chroot)"
  if ! chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 \
      sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql-17 postgresql-17-pgvector && apt-get clean' \
      </dev/null >"$PGTEST_DIR/apt.log" 2>&1 9>&-; then
    unmount_proc
    tail -n 20 "$PGTEST_DIR/apt.log" >&2
    die "apt-get inside the chroot failed (log: $PGTEST_DIR/apt.log)"
  fi
  unmount_proc
  trap - EXIT INT TERM
  [ -x "$ROOT$PG_BIN/postgres" ] || die "postgresql-17 is not installed in $ROOT"
  [ -e "$ROOT/usr/share/postgresql/17/extension/vector.control" ] || die "pgvector is not installed in $ROOT"
  touch "$READY_MARK"
  log "chroot ready in $((SECONDS - t0)) s"
}

assert_nothing_mounted_below() {
  if awk -v p="$1" '$2 == p || index($2, p "/") == 1 { found = 1 } END { exit !found }' /proc/mounts; then
    die "something is still mounted below $1; unmount it first"
  fi
}

# ---- server -----------------------------------------------------------------------------
pg_ids() {
  local line
  line="$(grep '^postgres:' "$ROOT/etc/passwd")" || die "no postgres user in the chroot"
  IFS=: read -r _ _ PG_UID PG_GID _ <<<"$line"
}

# Command prefix running inside the chroot as the chroot's postgres user, clean environment.
pg_prefix() {
  pg_ids
  AS_PG=(chroot --userspec="$PG_UID:$PG_GID" --groups="$PG_GID" "$ROOT"
    /usr/bin/env -i PATH="$PG_BIN:/usr/bin:/bin" HOME=/var/lib/postgresql LANG=C.UTF-8 LC_ALL=C.UTF-8 PGTZ=UTC)
}
as_pg() { pg_prefix; "${AS_PG[@]}" "$@"; }

# Port of the running server from postmaster.pid (line 4), empty when not running.
running_port() {
  local pidfile="$ROOT$DATA/postmaster.pid"
  [ -f "$pidfile" ] || return 0
  as_pg pg_ctl status -D "$DATA" >/dev/null 2>&1 9>&- || return 0
  sed -n 4p "$pidfile"
}

init_cluster() {
  [ -f "$ROOT$DATA/PG_VERSION" ] && return 0
  log "initdb"
  mkdir -p "$ROOT$BASE"
  pg_ids
  chown "$PG_UID:$PG_GID" "$ROOT$BASE"
  rm -rf "$ROOT$DATA.tmp"
  as_pg initdb -D "$DATA.tmp" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-instructions \
    </dev/null >"$PGTEST_DIR/initdb$LOG_SUFFIX.log" 2>&1 9>&- || { tail -n 20 "$PGTEST_DIR/initdb$LOG_SUFFIX.log" >&2; die "initdb failed"; }
  cat >>"$ROOT$DATA.tmp/postgresql.conf" <<EOF

# --- mediate test server (scripts/pg-test-server.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$SOCK'
# no /dev/shm and no hugetlbfs in the chroot
dynamic_shared_memory_type = mmap
huge_pages = off
# a throw-away test cluster: durability across OS crashes is not needed
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 128MB
maintenance_work_mem = 256MB
logging_collector = off
log_min_messages = warning
EOF
  mv "$ROOT$DATA.tmp" "$ROOT$DATA"
}

close_inherited_fds() {
  local fd
  for fd in $(ls /proc/$BASHPID/fd); do
    if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}

port_busy() {
  # bash's /dev/tcp needs no extra tools; a successful connect means someone listens.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

cmd_start() {
  take_lock
  local port
  port="$(running_port)"
  if [ -n "$port" ]; then
    [ "$port" = "$PORT" ] || log "note: already running on port $port (MEDIATE_PG_PORT=$PORT ignored)"
    url_for "$port"
    return 0
  fi
  [ "$(id -u)" = 0 ] || die "starting the chroot server needs root"
  [ -e "$READY_MARK" ] || build_chroot
  init_cluster
  if port_busy "$PORT"; then die "port $PORT on 127.0.0.1 is taken by another process; set MEDIATE_PG_PORT"; fi
  mkdir -p "$ROOT$SOCK"
  pg_ids
  chown "$PG_UID:$PG_GID" "$ROOT$SOCK"
  # A stale pid file from a crash is handled by postgres itself (it checks the pid).
  log "starting postgres on 127.0.0.1:$PORT"
  pg_prefix
  # In a subshell: close every inherited descriptor above 2 (a caller's pipe held open by
  # the server makes the caller wait forever), then setsid --wait: own session for the
  # server, while still waiting for pg_ctl's exit status.
  if ! (
    close_inherited_fds
    exec setsid --wait "${AS_PG[@]}" pg_ctl start -D "$DATA" -l "$LOG" -w -t 60 -o "-p $PORT"
  ) </dev/null >>"$PGTEST_DIR/pg_ctl$LOG_SUFFIX.log" 2>&1; then
    tail -n 20 "$ROOT$LOG" >&2 2>/dev/null || true
    die "postgres did not start (log: $ROOT$LOG)"
  fi
  as_pg psql -h "$SOCK" -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt \
    -c "SELECT 1 FROM pg_database WHERE datname = '$DB'" </dev/null 9>&- | grep -q 1 \
    || as_pg createdb -h "$SOCK" -p "$PORT" -U postgres "$DB" </dev/null >&2 9>&- \
    || die "could not create database $DB"
  as_pg psql -h "$SOCK" -p "$PORT" -U postgres -d "$DB" -v ON_ERROR_STOP=1 -q \
    -c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS vector" </dev/null >&2 9>&- \
    || die "could not create the vector extension"
  url_for "$PORT"
}

cmd_stop() {
  take_lock
  if [ -z "$(running_port)" ]; then log "not running"; return 0; fi
  log "stopping postgres"
  as_pg pg_ctl stop -D "$DATA" -m fast -w -t 60 </dev/null >&2 9>&- || die "pg_ctl stop failed"
}

cmd_status() {
  [ -e "$READY_MARK" ] || { log "not built ($ROOT)"; return 1; }
  local port
  port="$(running_port)"
  if [ -n "$port" ]; then log "running: $(url_for "$port")"; return 0; fi
  log "stopped"
  return 3
}

cmd_url() {
  local port=""
  [ -e "$READY_MARK" ] && port="$(running_port)"
  url_for "${port:-$PORT}"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  url) cmd_url ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
