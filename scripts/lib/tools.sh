# Installs what the build and the tests need, each only when missing or at the wrong version.

CARGO_LEPTOS_VERSION="0.3.11"

ensure_rust() {
  export PATH="${CARGO_HOME:-${HOME:-/root}/.cargo}/bin:$PATH"
  command -v cargo >/dev/null 2>&1 || die "Rust is not installed" "Install it from rustup (https://rustup.rs), then run this again."
  command -v rustup >/dev/null 2>&1 || die "rustup is not installed" "This project needs rustup to add the wasm32-unknown-unknown target."
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

# rustfmt and clippy, for the lint gate of scripts/test.
ensure_lint_tools() {
  local component
  for component in rustfmt clippy; do
    if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
      say "adding the $component component"
      rustup component add "$component" || die "could not add the Rust component $component" "Run: rustup component add $component"
    fi
  done
}

ensure_cargo_leptos() {
  if cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    note "cargo-leptos $CARGO_LEPTOS_VERSION present"
    return
  fi
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (one time, about 15 minutes)"
  # --locked alone fails on rustc 1.95 (a locked dependency wants 1.96); LTO off saves 10 minutes.
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --ignore-rust-version --force \
    || die "could not install cargo-leptos" "Check the output above; you can also install it yourself: cargo install cargo-leptos --version $CARGO_LEPTOS_VERSION"
}

# cargo-leptos calls an external wasm-bindgen whose version must equal the one in Cargo.lock.
ensure_wasm_bindgen() {
  local wanted
  wanted="$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')"
  [ -n "$wanted" ] || die "could not read the wasm-bindgen version from Cargo.lock"
  if wasm-bindgen --version 2>/dev/null | grep -q " $wanted\$"; then
    note "wasm-bindgen $wanted present"
    return
  fi
  say "installing wasm-bindgen-cli $wanted (one time, about 4 minutes)"
  cargo install wasm-bindgen-cli --version "$wanted" --force \
    || die "could not install wasm-bindgen-cli $wanted"
}

# Playwright needs Node.js 20 or later.
ensure_node() {
  if ! command -v npm >/dev/null 2>&1; then
    say "Node.js is missing; installing it from the system packages"
    apt_install nodejs npm
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  [ "$major" -ge 20 ] || die "Node.js 20 or later is needed (found $(node --version 2>/dev/null || echo none))" \
    "Install a newer Node.js (e.g. from your distribution's backports or nodejs.org), then run this again."
}

# Playwright (the test runner only: the browser is the system's Chromium) and binaryen's wasm-opt,
# which release builds run. Both come from end2end/package-lock.json.
ensure_node_tools() {
  ensure_node
  local stamp="end2end/node_modules/.kizuna-installed"
  if [ ! -f "$stamp" ] || [ end2end/package-lock.json -nt "$stamp" ]; then
    say "installing the end-to-end test tools (npm ci in end2end/)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) \
      || die "npm ci failed in end2end/" "Check the npm output above."
    touch "$stamp"
  else
    note "end-to-end test tools present"
  fi
  export PATH="$ROOT/end2end/node_modules/.bin:$PATH"
}

chromium_path() {
  local candidate
  for candidate in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

# The Japanese font the server prints receipts, letters and labels in (it refuses to start without
# one, unless KIZUNA_PDF_FONT names a font file).
ensure_pdf_font() {
  [ -n "${KIZUNA_PDF_FONT:-}" ] && return 0
  if [ ! -f /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf ] \
    && [ ! -f /usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf ] \
    && [ ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then
    say "the Japanese font for PDFs is missing; installing fonts-ipaexfont-gothic"
    apt_install fonts-ipaexfont-gothic
  fi
}

# pdftotext and pdftoppm: the tests read the PDFs back as text and render them as pictures.
ensure_pdf_tools() {
  command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 && return 0
  say "poppler-utils (pdftotext, pdftoppm) is missing; installing it"
  apt_install poppler-utils
}

ensure_chromium() {
  if ! chromium_path >/dev/null; then
    say "Chromium is missing; installing it from the system packages"
    apt_install chromium
  fi
  CHROMIUM_PATH="$(chromium_path)" || die "Chromium is not installed" "Install Chromium and set CHROMIUM_PATH to its binary."
  export CHROMIUM_PATH
  note "browser: $CHROMIUM_PATH"
}
