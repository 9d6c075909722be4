# Shared by the benchmarks that measure the real server from outside (bench/delivery,
# bench/events_page): builds the release site unless --no-build, starts the release server on a
# fresh database (in the test cluster, or DATABASE_URL's server) and stops both on exit.
# After `serve_release "$@"`: $PORT, $DB, and db_psql DATABASE [psql arguments…].
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/common.sh"
source "$ROOT/scripts/lib/tools.sh"
source "$ROOT/scripts/lib/postgres.sh"
load_env_file

serve_release() {
  local build=1
  [ "${1:-}" = "--no-build" ] && build=""
  ensure_rust
  ensure_node_tools
  if [ -n "$build" ]; then
    ensure_cargo_leptos
    ensure_wasm_bindgen
    step "build (release, precompressed)"
    cargo leptos build --release --precompress || die "the build failed"
    regzip_site
  fi
  local server="${CARGO_TARGET_DIR:-$ROOT/target}/release/server"
  [ -x "$server" ] || die "no release server at $server" "Run without --no-build."

  SERVER_PID=""
  DB=""
  SERVER_LOG=""
  trap stop_release EXIT
  if [ -n "${DATABASE_URL:-}" ]; then
    db_url() { echo "$DATABASE_URL" | sed -E "s#^(postgres(ql)?://[^/]*/)[^?]*#\1$1#"; }
    db_psql() { psql -X -q -v ON_ERROR_STOP=1 "$(db_url "$1")" "${@:2}"; }
  else
    ensure_postgres_binaries postgres-test
    start_cluster postgres-test fast
    db_url() { cluster_url "$1"; }
    db_psql() { psql_cluster -d "$1" "${@:2}"; }
  fi
  DB="kizuna_bench_$(random_token 8 | tr 'A-Z' 'a-z')"
  db_psql postgres -c "CREATE DATABASE $DB" >/dev/null
  PORT="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
  SERVER_LOG="$(mktemp)"
  DATABASE_URL="$(db_url "$DB")" LEPTOS_OUTPUT_NAME=kizuna LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
    LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_ENV=PROD KIZUNA_ADMIN_EMAIL=admin@example.jp \
    KIZUNA_ADMIN_PASSWORD="$(random_token 24)" KIZUNA_SECURE_COOKIES=false RUST_LOG=warn \
    "$server" >"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    curl -fsS --max-time 2 "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$SERVER_LOG"; die "the server stopped during start-up"; }
    sleep 0.5
  done
  die "the server did not become ready"
}

stop_release() {
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    # The server stops within its own shutdown limit; after 15 s it is killed.
    for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  [ -n "$DB" ] && db_psql postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  [ -n "$SERVER_LOG" ] && rm -f "$SERVER_LOG"
  stop_started_clusters 2>/dev/null || true
}
