//! "Newsletters by email" on my page: whether the member gets them, since when and how that was
//! said, and one button to change it. Mail about their sign-ups and dues comes either way.

use crate::api::subscriptions::SetSubscription;
use crate::components::form_errors::{errors_of, FormMessage};
use crate::domain::dates::format_datetime;
use crate::domain::newsletter::Subscription;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// How a consent or its withdrawal was given, in words.
pub fn source_words(lang: Lang, source: &str) -> &'static str {
    let t = lang.t();
    match source {
        "my_page" => t.subscription_source_my_page,
        "office" => t.subscription_source_office,
        "link" => t.subscription_source_link,
        _ => "",
    }
}

/// What the member's choice is, in words.
pub fn state_words(lang: Lang, s: &Subscription) -> String {
    let t = lang.t();
    match (s.subscribed, s.since) {
        (true, Some(at)) => (t.subscription_on)(&format_datetime(lang, at), source_words(lang, &s.source)),
        (false, Some(at)) => (t.subscription_off_since)(&format_datetime(lang, at), source_words(lang, &s.source)),
        _ if s.by_post => t.subscription_paper.to_string(),
        _ => t.subscription_never.to_string(),
    }
}

#[component]
pub fn SubscriptionForm(subscription: Subscription) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let action = ServerAction::<SetSubscription>::new();
    let error = errors_of(action);
    let changed = use_query_map().read_untracked().get("subscription").is_some();
    let state = state_words(lang, &subscription);
    let receiving = subscription.receiving();
    let has_email = subscription.has_email;
    view! {
        <section class="form-section" id="newsletters" aria-labelledby="newsletters-heading">
            <h2 id="newsletters-heading">{t.subscription_heading}</h2>
            {changed.then(|| view! { <p class="notice success" role="status">{t.subscription_saved}</p> })}
            <p>{state}</p>
            <p class="hint">{t.subscription_hint}</p>
            {(!has_email).then(|| view! { <p class="notice">{t.subscription_no_email}</p> })}
            <ActionForm action attr:class="form">
                <FormMessage error/>
                <input type="hidden" name="subscribe" value=(!receiving).to_string()/>
                <button type="submit" class=if receiving { "button" } else { "button primary" }>
                    {if receiving { t.subscription_stop } else { t.subscription_start }}
                </button>
            </ActionForm>
            <p><a href="/newsletters">{t.archive_link}</a></p>
        </section>
    }
}
