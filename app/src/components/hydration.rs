//! What a page needs to bring its islands to life in the browser. Pages are server-rendered HTML
//! that works without JavaScript; only a page with an island (a part that runs in the browser, see
//! `pages/chair/attendance.rs`) loads the wasm bundle, by rendering [`IslandScripts`].

use leptos::prelude::*;

/// The bundle's preload links and the script that loads it on idle and wakes the page's islands.
/// Rendered by the pages that have islands, in their body: every other page loads no wasm at all.
/// The shell puts the site's options in context for it.
#[component]
pub fn IslandScripts() -> impl IntoView {
    use_context::<LeptosOptions>().map(|options| view! { <HydrationScripts options islands=true/> })
}

/// Marks `<body data-hydrated>` once an island has come to life, so end-to-end tests wait for it
/// before clicking. Effects only run in the browser, never during server rendering.
#[component]
pub fn HydrationMarker() -> impl IntoView {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
