//! The unsubscribe link's page (`/unsubscribe?token=…`). Opening it changes nothing (mail
//! scanners open links): it asks, and its button posts to `/unsubscribe` (the server's route,
//! which a mail program's one-click unsubscribe uses too). No login. Then `/unsubscribe/done`.

use crate::api::subscriptions::check_unsubscribe_link;
use crate::components::loaded::loaded;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let query = use_query_map();
    let token = query.read_untracked().get("token").unwrap_or_default();
    let known = Resource::new(move || token.clone(), check_unsubscribe_link);
    let token = query.read_untracked().get("token").unwrap_or_default();
    loaded(known, move |known| {
        let t = use_lang().t();
        let action = format!("/unsubscribe?token={}", urlencoding(&token));
        view! {
            <Title text=t.unsubscribe_title/>
            <h1>{t.unsubscribe_title}</h1>
            {if known {
                view! {
                    <p class="lead">{t.unsubscribe_lead}</p>
                    <p>{t.unsubscribe_keeps}</p>
                    // A plain form: the route answers with a redirect, with or without JavaScript.
                    <form method="post" action=action class="form">
                        <button type="submit" class="button primary">{t.unsubscribe_submit}</button>
                    </form>
                }
                .into_any()
            } else {
                view! { <p class="notice">{t.unsubscribe_unknown}</p> }.into_any()
            }}
        }
    })
}

/// The token as it may stand in an address (it is URL-safe base64; anything else is dropped).
fn urlencoding(token: &str) -> String {
    token.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}

#[component]
pub fn UnsubscribeDonePage() -> impl IntoView {
    let t = use_lang().t();
    let done = use_query_map().read_untracked().get("result").as_deref() == Some("done");
    view! {
        <Title text=t.unsubscribe_title/>
        <h1>{t.unsubscribe_title}</h1>
        {if done {
            view! {
                <p class="notice success" role="status">{t.unsubscribe_done}</p>
                <p>{t.unsubscribe_keeps}</p>
                <p>{t.unsubscribe_again}</p>
            }
            .into_any()
        } else {
            view! { <p class="notice">{t.unsubscribe_unknown}</p> }.into_any()
        }}
    }
}
