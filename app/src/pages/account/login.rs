use crate::api::account::LogIn;
use crate::components::form_errors::{FieldMessage, FormMessage};
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;

/// Email and password. An `ActionForm`: without JavaScript it posts and comes back here with the
/// error (or goes on to "my page"); with JavaScript it does the same without a reload.
#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_lang().t();
    let action = ServerAction::<LogIn>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let query = leptos_router::hooks::use_query_map();
    let reset = move || query.read().get("reset").is_some();
    view! {
        <Title text=t.login_title/>
        <h1>{t.login_title}</h1>
        {move || reset().then(|| view! { <p class="notice success" role="status">{t.reset_done}</p> })}
        <p class="lead">{t.login_lead}</p>
        <ActionForm action=action attr:class="form" attr:novalidate=true>
            <FormMessage error/>
            <div class="field">
                <label for="login-email">{t.login_email}</label>
                <input id="login-email" type="email" name="email" autocomplete="username" required=true/>
                <FieldMessage error field="email"/>
            </div>
            <div class="field">
                <label for="login-password">{t.login_password}</label>
                <input id="login-password" type="password" name="password" autocomplete="current-password" required=true/>
                <FieldMessage error field="password"/>
            </div>
            <button type="submit" class="button primary">{t.login_submit}</button>
        </ActionForm>
        <p><a href="/password/forgot">{t.login_forgot}</a></p>
    }
}
