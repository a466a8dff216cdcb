#!/usr/bin/env bash
# Throwaway PostgreSQL server for the integration tests.
#
#   build/postgres.sh start <dir>   initdb + start a cluster in <dir>; the last line
#                                   of stdout is the Npgsql connection string
#   build/postgres.sh stop <dir>    stop that cluster and remove <dir>
#
# The server listens on 127.0.0.1 only (a free port picked at start), keeps its unix
# sockets in <dir>, trusts every local connection (superuser "postgres") and runs with
# durability switched off, so it is only good for tests. All diagnostics go to stderr.
set -euo pipefail

PG_SUPERUSER=postgres
PG_PASSWORD=postgres
MARKER=.versioning-test-postgres   # marks a directory this script may delete

log() { echo "postgres.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
  echo "usage: $0 start <dir> | stop <dir>" >&2
  exit 2
}

is_root() { [[ $(id -u) -eq 0 ]]; }

# Run a command as the server's OS user: `postgres` when we are root (initdb and
# postgres refuse to run as root), ourselves otherwise.
as_pg() {
  if ! is_root; then
    "$@"
  elif command -v runuser >/dev/null 2>&1; then
    runuser -u postgres -- "$@"
  else
    su -s /bin/sh postgres -c "$(printf '%q ' "$@")"
  fi
}

# Directory holding initdb/pg_ctl/postgres: the newest Debian-style install, or
# whatever pg_config points at. Prints nothing if there is no server installed.
find_bindir() {
  local dir best=""
  for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V); do
    [[ -x $dir/initdb && -x $dir/pg_ctl ]] && best=$dir
  done
  if [[ -z $best ]] && command -v pg_config >/dev/null 2>&1; then
    dir=$(pg_config --bindir 2>/dev/null || true)
    [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl ]] && best=$dir
  fi
  [[ -z $best ]] || echo "$best"
}

apt_install() {
  local sudo=()
  if ! is_root; then
    command -v sudo >/dev/null 2>&1 || die "PostgreSQL is not installed and we are neither root nor have sudo"
    sudo=(sudo)
  fi
  log "installing PostgreSQL with apt-get: $*"
  "${sudo[@]}" apt-get update >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >&2
}

ensure_server_installed() {
  BINDIR=$(find_bindir)
  if [[ -z $BINDIR ]]; then
    apt_install postgresql
    BINDIR=$(find_bindir)
    [[ -n $BINDIR ]] || die "apt-get installed postgresql but no initdb was found"
  fi
  log "using PostgreSQL binaries in $BINDIR"
}

ensure_postgres_user() {
  is_root || return 0
  id postgres >/dev/null 2>&1 && return 0
  log "creating OS user postgres"
  useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin postgres
}

# psql from the server's bindir (Debian ships it there) or from PATH.
psql_bin() {
  if [[ -x $BINDIR/psql ]]; then echo "$BINDIR/psql"; else command -v psql; fi
}

# True if something already listens on 127.0.0.1:<port>.
port_in_use() {
  local port=$1
  if command -v ss >/dev/null 2>&1; then
    [[ -n $(ss -Htln "sport = :$port" 2>/dev/null) ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

# A random port in 20000-59999 that nobody listens on right now. Another process may
# still grab it before the server binds it; start() retries with a new port then.
pick_port() {
  local port i
  for i in $(seq 1 100); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    port_in_use "$port" || { echo "$port"; return 0; }
  done
  die "no free TCP port found on 127.0.0.1"
}

cmd_start() {
  local dir=$1
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [[ -z $(ls -A "$dir") ]] || die "$dir is not empty"
  touch "$dir/$MARKER"

  ensure_server_installed
  ensure_postgres_user
  echo "$BINDIR" >"$dir/bindir"   # remembered for `stop`
  if is_root; then
    chown -R postgres: "$dir"
    chmod 0700 "$dir"
    # every parent must be traversable by the postgres user
    as_pg test -x "$dir" || die "user postgres cannot reach $dir (put it under /tmp)"
  fi

  # initdb: trust auth for local and loopback connections; a password is set anyway
  # so clients that always send one (Password=postgres) are happy too.
  echo "$PG_PASSWORD" >"$dir/pwfile"
  is_root && chown postgres: "$dir/pwfile"
  log "initdb in $dir/data"
  (cd "$dir" && as_pg "$BINDIR/initdb" -D "$dir/data" -U "$PG_SUPERUSER" --pwfile="$dir/pwfile" \
    --auth-local=trust --auth-host=trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1) \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  rm -f "$dir/pwfile"

  # Test-only speed settings; port comes on the command line.
  cat >>"$dir/data/postgresql.conf" <<EOF

# --- build/postgres.sh (throwaway test server) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = 128MB
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_wal_size = 1GB
checkpoint_timeout = 30min
log_min_messages = warning
EOF

  local port attempt started=""
  for attempt in 1 2 3 4 5; do
    port=$(pick_port)
    log "starting server on 127.0.0.1:$port (attempt $attempt)"
    if (cd "$dir" && as_pg "$BINDIR/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" \
          -o "-p $port" -w -t 60 start >&2); then
      started=yes
      break
    fi
    tail -n 20 "$dir/postgres.log" >&2 2>/dev/null || true
    # a server that did come up is not what we want to leave behind on retry
    (cd "$dir" && as_pg "$BINDIR/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1) || true
  done
  [[ -n $started ]] || die "could not start PostgreSQL (log: $dir/postgres.log)"
  echo "$port" >"$dir/port"

  # pg_ctl -w already waited; make sure TCP on loopback answers too.
  local ready=""
  for attempt in $(seq 1 60); do
    if "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$port" -U "$PG_SUPERUSER" -d postgres 2>/dev/null; then
      ready=yes; break
    fi
    sleep 0.5
  done
  [[ -n $ready ]] || die "server on port $port does not accept connections"

  # The library needs btree_gist (contrib). CREATE EXTENSION is transactional, so try
  # it and roll back; install the contrib package once if it is missing.
  local psql; psql=$(psql_bin) || die "psql not found"
  check_btree_gist() {
    PGCONNECT_TIMEOUT=10 "$psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" \
      -U "$PG_SUPERUSER" -d postgres \
      -c 'BEGIN; CREATE EXTENSION btree_gist; ROLLBACK;' >/dev/null
  }
  if ! check_btree_gist; then
    log "btree_gist not available; installing postgresql-contrib"
    apt_install "postgresql-contrib" || true
    check_btree_gist || die "CREATE EXTENSION btree_gist fails on this server"
  fi

  log "server ready on 127.0.0.1:$port (data: $dir/data, log: $dir/postgres.log)"
  echo "Host=127.0.0.1;Port=$port;Username=$PG_SUPERUSER;Password=$PG_PASSWORD;Include Error Detail=true"
}

cmd_stop() {
  local dir=$1
  [[ -d $dir ]] || { log "$dir does not exist; nothing to stop"; return 0; }
  dir=$(cd "$dir" && pwd)
  [[ -e $dir/$MARKER ]] || die "$dir was not created by '$0 start'; refusing to touch it"

  if [[ -f $dir/data/postmaster.pid ]]; then
    BINDIR=$(cat "$dir/bindir" 2>/dev/null || find_bindir)
    log "stopping server in $dir/data"
    (cd "$dir" && as_pg "$BINDIR/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >&2) \
      || (cd "$dir" && as_pg "$BINDIR/pg_ctl" -D "$dir/data" -m immediate -w stop >&2) \
      || log "warning: pg_ctl stop failed"
  fi
  rm -rf "$dir"
}

[[ $# -eq 2 && -n $2 ]] || usage
case $1 in
  start) cmd_start "$2" ;;
  stop)  cmd_stop "$2" ;;
  *)     usage ;;
esac
