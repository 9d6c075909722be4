use crate::api::account::{my_account, LogOut};
use crate::components::loaded::loaded;
use crate::domain::account::AccountSummary;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn MyPage() -> impl IntoView {
    let account = Resource::new(|| (), |_| my_account());
    loaded(account, |account| view! { <MyAccount account/> })
}

#[component]
fn MyAccount(account: AccountSummary) -> impl IntoView {
    let t = use_lang().t();
    let log_out = ServerAction::<LogOut>::new();
    let role = if account.is_admin { t.account_role_admin } else { t.account_role_member };
    view! {
        <Title text=t.account_title/>
        <h1>{t.account_title}</h1>
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
    }
}
