# The "embedded" PostgreSQL: a private cluster of this checkout, started from the system's server
# binaries, listening only on a Unix socket of its own (no port to collide with), kept between runs.
#   .data/postgres       used by scripts/run (your data)
#   .data/postgres-test  used by scripts/test (thrown-away databases; never touches the other)

PG_BIN=""
PG_OWNER=""        # the OS user the server runs as ("" = the current user)
PG_STARTED_HERE=()  # clusters this script started, stopped again on exit

# Prefers the major version an existing cluster was created with ($1 = its data folder).
find_pg_bin() {
  local dir existing=""
  [ -n "${1:-}" ] && [ -f "$1/PG_VERSION" ] && existing="$(cat "$1/PG_VERSION")"
  if [ -n "$existing" ] && [ -x "/usr/lib/postgresql/$existing/bin/initdb" ]; then
    PG_BIN="/usr/lib/postgresql/$existing/bin"; return 0
  fi
  if [ -n "${KIZUNA_PG_BIN:-}" ]; then
    [ -x "$KIZUNA_PG_BIN/initdb" ] || die "KIZUNA_PG_BIN=$KIZUNA_PG_BIN has no initdb"
    PG_BIN="$KIZUNA_PG_BIN"; return 0
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then PG_BIN="$dir"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    PG_BIN="$(dirname "$(command -v initdb)")"; return 0
  fi
  return 1
}

# $1 = the cluster name, to keep using the version it was created with.
ensure_postgres_binaries() {
  if ! find_pg_bin "$ROOT/.data/${1:-postgres}/data"; then
    say "PostgreSQL server binaries are missing; installing them from the system packages"
    apt_install postgresql
    find_pg_bin "" || die "PostgreSQL is installed but initdb/pg_ctl were not found" \
      "Set KIZUNA_PG_BIN to the folder holding initdb and pg_ctl, or set DATABASE_URL to a server of your own."
  fi
  note "PostgreSQL binaries: $PG_BIN ($("$PG_BIN/postgres" --version | awk '{print $3}'))"
  if is_root; then
    # initdb refuses to run as root. The cluster belongs to the checkout's owner, so that the same
    # cluster keeps working with and without sudo; a checkout owned by root uses the postgres user.
    PG_OWNER="$(stat -c %U "$ROOT")"
    if [ "$PG_OWNER" = root ]; then
      PG_OWNER="postgres"
      id -u "$PG_OWNER" >/dev/null 2>&1 || useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_OWNER"
    fi
  fi
}

as_pg_owner() {
  if [ -n "$PG_OWNER" ]; then runuser -u "$PG_OWNER" -- "$@"; else "$@"; fi
}

# The folder for cluster $1. Inside the checkout, unless (as root) the postgres user cannot reach
# the checkout (a home folder of mode 700, say): then under /var/lib/kizuna, linked from .data/.
cluster_dir() {
  local name="$1" inside="$ROOT/.data/$1"
  mkdir -p "$ROOT/.data"
  if [ -n "$PG_OWNER" ] && ! runuser -u "$PG_OWNER" -- test -x "$ROOT/.data"; then
    local outside="/var/lib/kizuna/$(printf '%s' "$ROOT" | md5sum | cut -c1-12)-$name"
    mkdir -p "$outside"
    if [ ! -L "$inside" ]; then
      # Never delete anything that may hold data: only an empty folder is replaced by the link.
      if [ -e "$inside" ] && ! rmdir "$inside" 2>/dev/null; then
        die "$PG_OWNER cannot enter $ROOT/.data, where a cluster already is" \
          "Make the checkout's parent folders enterable (chmod o+x), or move .data/$name away."
      fi
      ln -s "$outside" "$inside"
    fi
    echo "$outside"
  else
    echo "$inside"
  fi
}

# Socket folders: the path of a Unix socket must stay under ~100 bytes; a deep checkout gets a
# short private folder in /tmp instead.
socket_dir_for() {
  local dir="$1/socket"
  if [ "${#dir}" -gt 80 ] || [[ "$dir" =~ [^A-Za-z0-9/._-] ]]; then
    dir="/tmp/kizuna-pg-$(printf '%s' "$dir" | md5sum | cut -c1-12)"
  fi
  echo "$dir"
}

# Starts (creating on first use) cluster $1 and sets PG_SOCKET to its socket folder.
# $2 = "fast" trades crash safety for speed: right for the test cluster, never for your data.
start_cluster() {
  local name="$1" mode="${2:-safe}" dir data
  dir="$(cluster_dir "$name")"
  data="$dir/data"
  PG_SOCKET="$(socket_dir_for "$dir")"
  mkdir -p "$dir"
  if [ -L "$PG_SOCKET" ] || { [ -e "$PG_SOCKET" ] && [ ! -d "$PG_SOCKET" ]; }; then
    die "refusing to use $PG_SOCKET for the database socket: it is not a plain folder"
  fi
  mkdir -p "$PG_SOCKET"
  [ -z "$PG_OWNER" ] || chown -R "$PG_OWNER" "$dir" "$PG_SOCKET"
  if [ "$(stat -c %U "$PG_SOCKET")" != "${PG_OWNER:-$(id -un)}" ]; then
    die "$PG_SOCKET belongs to someone else" "Remove it, then run this again."
  fi
  chmod 700 "$PG_SOCKET"

  if [ ! -f "$data/PG_VERSION" ]; then
    say "creating the private PostgreSQL cluster in ${data#"$ROOT"/}"
    as_pg_owner "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || as_pg_owner "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || die "initdb failed" "See $dir/initdb.log"
    {
      echo "# written by scripts/lib/postgres.sh"
      echo "listen_addresses = ''"
      echo "unix_socket_directories = '$PG_SOCKET'"
      echo "max_connections = 200"
      if [ "$mode" = fast ]; then
        echo "fsync = off"
        echo "synchronous_commit = off"
        echo "full_page_writes = off"
      fi
    } | as_pg_owner tee -a "$data/postgresql.conf" >/dev/null
  fi

  if as_pg_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    note "PostgreSQL ($name) already running"
  else
    say "starting PostgreSQL ($name)"
    as_pg_owner "$PG_BIN/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 60 \
      -o "-c unix_socket_directories='$PG_SOCKET'" start >/dev/null \
      || die "PostgreSQL did not start" "See $dir/postgres.log"
    PG_STARTED_HERE+=("$data")
  fi
}

stop_started_clusters() {
  local data
  for data in "${PG_STARTED_HERE[@]+"${PG_STARTED_HERE[@]}"}"; do
    as_pg_owner "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  done
  PG_STARTED_HERE=()
}

# URL of database $1 in the cluster started last.
cluster_url() { echo "postgres://postgres@localhost/$1?host=$PG_SOCKET"; }

psql_cluster() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET" -U postgres "$@"; }

create_database_if_missing() {
  local db="$1"
  if ! psql_cluster -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    say "creating database $db"
    psql_cluster -d postgres -c "CREATE DATABASE \"$db\"" >/dev/null
  fi
}
