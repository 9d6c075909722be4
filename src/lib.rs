//! The browser entry: wakes the islands of a server-rendered page (the parts marked `#[island]`
//! in `app`; the rest of a page is plain HTML). Everything else lives in `app`.

// The islands are exported from `app` (each `#[island]` is a wasm-bindgen export); linking the
// crate is what puts them in the bundle.
pub use app;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
