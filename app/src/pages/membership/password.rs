//! Forgotten password: ask for a link; set a new password with it.

use crate::api::password_reset::{RequestPasswordReset, ResetPassword};
use crate::components::fields::TextField;
use crate::components::form_errors::FormMessage;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let t = use_lang().t();
    let query = use_query_map();
    let action = ServerAction::<RequestPasswordReset>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let sent = move || query.read().get("sent").is_some();
    view! {
        <Title text=t.forgot_title/>
        <h1>{t.forgot_title}</h1>
        {move || sent().then(|| view! { <p class="notice success" role="status">{t.forgot_sent}</p> })}
        <p class="lead">{t.forgot_lead}</p>
        <ActionForm action=action attr:class="form" attr:novalidate=true>
            <FormMessage error/>
            <TextField field="email" name="email".to_string() label=t.login_email kind="email" value="" error
                autocomplete="email" required=true/>
            <button type="submit" class="button primary">{t.forgot_submit}</button>
        </ActionForm>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let t = use_lang().t();
    let query = use_query_map();
    let token = query.read_untracked().get("token").unwrap_or_default();
    let action = ServerAction::<ResetPassword>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    // An invitation (a member from the imported list) lands here to choose a first password.
    let welcome = query.read_untracked().get("welcome").is_some();
    let title = if welcome { t.welcome_title } else { t.reset_title };
    view! {
        <Title text=title/>
        <h1>{title}</h1>
        {welcome.then(|| view! { <p class="lead">{t.welcome_lead}</p> })}
        <ActionForm action=action attr:class="form" attr:novalidate=true>
            <FormMessage error/>
            <input type="hidden" name="token" value=token/>
            <TextField field="new_password" name="new_password".to_string() label=t.password_new kind="password"
                value="" error autocomplete="new-password" hint=t.password_new_hint required=true/>
            <button type="submit" class="button primary">{t.reset_submit}</button>
        </ActionForm>
        <p><a href="/password/forgot">{t.reset_new_link}</a></p>
    }
}

/// Where email confirmation links land: a button that posts the token, so that a mail scanner
/// following the link confirms nothing. Works without JavaScript.
#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    use crate::api::email_confirmation::ConfirmEmail;
    let t = use_lang().t();
    let query = use_query_map();
    let token = query.read_untracked().get("token").unwrap_or_default();
    let done = query.read_untracked().get("done").is_some();
    let action = ServerAction::<ConfirmEmail>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <Title text=t.email_confirm_title/>
        <h1>{t.email_confirm_title}</h1>
        {if done {
            view! { <p class="notice success" role="status">{t.email_confirmed}</p> }.into_any()
        } else {
            view! {
                <p class="lead">{t.email_confirm_lead}</p>
                <ActionForm action=action attr:class="form">
                    <FormMessage error/>
                    <input type="hidden" name="token" value=token/>
                    <button type="submit" class="button primary">{t.email_confirm_submit}</button>
                </ActionForm>
            }
            .into_any()
        }}
    }
}
