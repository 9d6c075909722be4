//! Photos of partner cities and exchange events: how a page shows one, and the editor's form that
//! uploads one (a plain multipart form to the server crate's photos.rs, so it works without
//! JavaScript; the answer comes back in the address: `?photo=saved` or `?photo_problem=…`).

use crate::domain::photo::Photo;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A photo at its stored size (the page reserves its place before it loads), described in the
/// reader's language (the other one when only that is given).
#[component]
pub fn PhotoImage(photo: Photo, lazy: bool) -> impl IntoView {
    let lang = use_lang();
    let src = photo.src();
    view! {
        <img class="photo" src=src alt=photo.alt.get(lang) width=photo.width height=photo.height
            loading=if lazy { "lazy" } else { "eager" } decoding="async"/>
    }
}

/// The photo section of an editor: the photo shown now, what the last upload came to, and the
/// form that posts a new one to `action`. `hidden_until_public`: the record is not public yet (a
/// draft event), so neither is its photo; the section says there is one instead of showing it.
#[component]
pub fn PhotoForm(action: String, current: Option<Photo>, #[prop(optional)] hidden_until_public: bool) -> impl IntoView {
    let t = use_lang().t();
    let query = use_query_map();
    let notice = move || {
        let q = query.read();
        if let Some(done) = q.get("photo") {
            let text = if done == "removed" { t.photo_removed } else { t.photo_saved };
            return Some(view! { <p class="notice success" role="status">{text}</p> }.into_any());
        }
        q.get("photo_problem").map(|problem| {
            let text = match problem.as_str() {
                "too_large" => t.photo_too_large,
                "not_a_picture" => t.photo_not_a_picture,
                "alt_missing" => t.photo_alt_missing,
                "alt_too_long" => t.photo_alt_too_long,
                _ => t.photo_missing,
            };
            view! { <div class="error-summary" role="alert" tabindex="-1" autofocus=true><p class="form-error">{text}</p></div> }.into_any()
        })
    };
    // A photo shown can be taken off (a plain form beside it), and another one uploaded below.
    let remove = current.is_some().then(|| {
        view! {
            <form class="form inline" method="post" action=format!("{action}/remove")>
                <button type="submit" class="button">{t.photo_remove}</button>
            </form>
        }
    });
    view! {
        <section class="form-section" id="photo">
            <h2>{t.photo_heading}</h2>
            {notice}
            {current.map(|photo| {
                if hidden_until_public {
                    view! { <p class="hint">{t.photo_shown_when_public}</p> }.into_any()
                } else {
                    view! { <PhotoImage photo lazy=false/> }.into_any()
                }
            })}
            {remove}
            <form class="form" method="post" action=action enctype="multipart/form-data">
                <div class="field">
                    <label for="photo-file">{t.photo_file}</label>
                    <input id="photo-file" type="file" name="file" accept="image/jpeg,image/png,image/webp" aria-describedby="photo-file-hint"/>
                    <p class="hint" id="photo-file-hint">{t.photo_file_hint}</p>
                </div>
                <div class="field">
                    <label for="photo-alt-ja">{t.photo_alt_ja}<span class="required">{t.field_required_mark}</span></label>
                    <input id="photo-alt-ja" type="text" name="alt_ja" aria-describedby="photo-alt-hint"/>
                    <p class="hint" id="photo-alt-hint">{t.photo_alt_hint}</p>
                </div>
                <div class="field">
                    <label for="photo-alt-en">{t.photo_alt_en}</label>
                    <input id="photo-alt-en" type="text" name="alt_en"/>
                </div>
                <button type="submit" class="button primary">{t.photo_submit}</button>
            </form>
        </section>
    }
}
