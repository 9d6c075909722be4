# The build stamp of scripts/run: which build the site folder really holds. Sourced, not executed.
# Both profiles (and scripts/test, and anyone running cargo leptos by hand) write the same
# target/site, so the stamp records checksums of what was built, not only the profile's name: if
# anything rewrote the bundle or the server binary since, the stamp no longer matches.

STAMP_FILE="${STAMP_FILE:-target/.kizuna-site-built}"

# The wasm bundle the last build left: kizuna.<hash>.wasm (hash-files in Cargo.toml; each build
# empties target/site first, so there is one), or kizuna.wasm from a build without hashed names.
bundle_wasm() {
  local file
  for file in target/site/pkg/kizuna.wasm target/site/pkg/kizuna.*.wasm; do
    [ -f "$file" ] && { echo "$file"; return 0; }
  done
  return 1
}

# What the build of profile $1 left: the profile, and checksums of the wasm bundle and the server.
build_fingerprint() {
  local profile="$1" wasm server="target/$1/server"
  wasm="$(bundle_wasm)" && [ -x "$server" ] || return 1
  printf '%s %s %s\n' "$profile" "$(cksum < "$wasm" | tr -s ' ')" "$(cksum < "$server" | tr -s ' ')"
}

# Records that the build of profile $1 is what target/ holds now.
write_build_stamp() {
  build_fingerprint "$1" > "$STAMP_FILE"
}

# True when target/ holds exactly the build of profile $1 that was stamped and no source is newer.
build_stamp_matches() {
  local now
  now="$(build_fingerprint "$1")" || return 1
  [ -f "$STAMP_FILE" ] && [ "$(cat "$STAMP_FILE")" = "$now" ] || return 1
  [ -z "$(find Cargo.toml Cargo.lock .cargo src app server style public migrations -newer "$STAMP_FILE" -print -quit 2>/dev/null || echo yes)" ]
}
