# Shared helpers for scripts/run and scripts/test. Sourced, not executed.
# Every step says what it does; every failure says what is missing and how to fix it.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

if [ -t 1 ]; then BOLD=$'\e[1m'; RED=$'\e[31m'; DIM=$'\e[2m'; RESET=$'\e[0m'; else BOLD=""; RED=""; DIM=""; RESET=""; fi

step() { printf '\n%s==> %s%s\n' "$BOLD" "$*" "$RESET"; }
say()  { printf '    %s\n' "$*"; }
note() { printf '    %s%s%s\n' "$DIM" "$*" "$RESET"; }
die()  { printf '\n%skizuna: %s%s\n' "$RED$BOLD" "$1" "$RESET" >&2; shift; for line in "$@"; do printf '    %s\n' "$line" >&2; done; exit 1; }

# Optional local settings (see .env.example): KEY=value lines, an optional `export ` in front,
# one pair of surrounding quotes removed. Variables already set in the environment win.
load_env_file() {
  [ -f "$ROOT/.env" ] || return 0
  local line name value
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line%$'\r'}"
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line#export }"
    case "$line" in ''|'#'*) continue ;; esac
    [[ "$line" == *=* ]] || continue
    name="${line%%=*}"
    value="${line#*=}"
    [[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || continue
    if [[ "$value" =~ ^\"(.*)\"$ ]] || [[ "$value" =~ ^\'(.*)\'$ ]]; then value="${BASH_REMATCH[1]}"; fi
    [ -n "${!name+x}" ] || export "$name=$value"
  done < "$ROOT/.env"
  note "read settings from .env"
}

is_root() { [ "$(id -u)" = 0 ]; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if is_root; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run: $*" "Install it yourself, or run this script with sudo available."
  fi
}

APT_UPDATED=""
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "cannot install $* automatically (no apt-get on this system)" \
    "Install it with your system's package manager, then run this again. See README.md, 'Other systems'."
  if [ -z "$APT_UPDATED" ]; then
    say "apt-get update"
    as_root apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# A random alphanumeric string of length $1.
random_token() { tr -dc 'a-zA-Z0-9' < /dev/urandom | head -c "${1:-16}" || true; }

# `cargo leptos build --precompress` writes its .gz copies with libflate, which leaves the wasm 17 %
# larger than `gzip -9` does (1,208 KB against 1,035 KB): write them again with gzip when it is there.
regzip_site() {
  command -v gzip >/dev/null 2>&1 || return 0
  local file
  while IFS= read -r -d '' file; do
    gzip -9 -n -c "${file%.gz}" > "$file.tmp" && mv "$file.tmp" "$file"
  done < <(find target/site -type f -name '*.gz' -print0)
}
