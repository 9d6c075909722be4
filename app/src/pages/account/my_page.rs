use crate::api::account::{my_account, ChangePassword, LogOut};
use crate::components::form_errors::{FieldMessage, FormMessage};
use crate::components::loaded::loaded;
use crate::domain::account::AccountSummary;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MyPage() -> impl IntoView {
    let query = use_query_map();
    // Keyed on the query, so the page reloads its data after a change that comes back here.
    let account = Resource::new(move || query.read().get("password"), |_| my_account());
    loaded(account, |account| view! { <MyAccount account/> })
}

#[component]
fn MyAccount(account: AccountSummary) -> impl IntoView {
    let t = use_lang().t();
    let query = use_query_map();
    let changed = move || query.read().get("password").as_deref() == Some("changed");
    let log_out = ServerAction::<LogOut>::new();
    let role = if account.is_admin { t.account_role_admin } else { t.account_role_member };
    view! {
        <Title text=t.account_title/>
        <h1>{t.account_title}</h1>
        {move || changed().then(|| view! { <p class="notice success" role="status">{t.password_changed}</p> })}
        {account.must_change_password.then(|| view! { <p class="notice" role="status">{t.account_must_change_password}</p> })}
        <dl class="facts">
            <dt>{t.account_email}</dt>
            <dd>{account.email}</dd>
            <dt>{t.account_role}</dt>
            <dd>{role}</dd>
        </dl>
        <ActionForm action=log_out>
            <button type="submit" class="button">{t.logout_submit}</button>
        </ActionForm>
        <PasswordForm/>
    }
}

#[component]
fn PasswordForm() -> impl IntoView {
    let t = use_lang().t();
    let action = ServerAction::<ChangePassword>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <section class="form-section">
            <h2>{t.password_heading}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormMessage error/>
                <div class="field">
                    <label for="current-password">{t.password_current}</label>
                    <input id="current-password" type="password" name="current_password" autocomplete="current-password"/>
                    <FieldMessage error field="current_password"/>
                </div>
                <div class="field">
                    <label for="new-password">{t.password_new}</label>
                    <input
                        id="new-password"
                        type="password"
                        name="new_password"
                        autocomplete="new-password"
                        aria-describedby="new-password-hint"
                    />
                    <p class="hint" id="new-password-hint">{t.password_new_hint}</p>
                    <FieldMessage error field="new_password"/>
                </div>
                <button type="submit" class="button primary">{t.password_submit}</button>
            </ActionForm>
        </section>
    }
}
