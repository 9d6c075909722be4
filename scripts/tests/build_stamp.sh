#!/usr/bin/env bash
# Tests scripts/lib/build_stamp.sh in a scratch folder: a bundle rewritten by another build (the
# debug one of scripts/test) must not pass for the stamped release build.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT
cd "$SCRATCH"
mkdir -p target/site/pkg target/release target/debug .cargo src app server style public migrations
touch Cargo.toml Cargo.lock
source "$HERE/lib/build_stamp.sh"
fail() { echo "build_stamp: FAILED: $*"; exit 1; }

touch -d '2 minutes ago' src/lib.rs Cargo.toml Cargo.lock .cargo src app server style public migrations
echo "release wasm" > target/site/pkg/kizuna.wasm
printf '#!/bin/sh\n' > target/release/server && chmod +x target/release/server
write_build_stamp release
build_stamp_matches release || fail "a fresh release build is not recognised"
build_stamp_matches debug && fail "a release build passes for a debug one"

echo "debug wasm, 30 MB of it" > target/site/pkg/kizuna.wasm   # scripts/test's cargo leptos build
build_stamp_matches release && fail "the debug bundle passes for the stamped release build"

echo "release wasm" > target/site/pkg/kizuna.wasm
build_stamp_matches release || fail "the stamped build is back but not recognised"
rm target/site/pkg/kizuna.wasm; echo "release wasm" > target/site/pkg/kizuna.0qNDC9o7Qx2ZbLGuPbTxLA.wasm
write_build_stamp release
build_stamp_matches release || fail "a build with hashed file names is not recognised"
rm target/site/pkg/kizuna.*.wasm; echo "debug wasm" > target/site/pkg/kizuna.Zm9vYmFyYmF6cXV4cXV1eA.wasm
build_stamp_matches release && fail "another build's hashed bundle passes for the stamped one"
sleep 1; touch src/lib.rs
build_stamp_matches release && fail "a newer source file is not noticed"
echo "build_stamp: ok"
