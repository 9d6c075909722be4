//! 退会: withdrawing from the association, confirmed with the password.

use crate::api::membership::Withdraw;
use crate::components::fields::TextField;
use crate::components::form_errors::FormMessage;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn WithdrawPage() -> impl IntoView {
    let t = use_lang().t();
    let action = ServerAction::<Withdraw>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <Title text=t.withdraw_title/>
        <h1>{t.withdraw_title}</h1>
        <p class="lead">{t.withdraw_lead}</p>
        <ActionForm action=action attr:class="form" attr:novalidate=true>
            <FormMessage error/>
            <TextField field="password" name="password".to_string() label=t.login_password kind="password" value=""
                error autocomplete="current-password" required=true/>
            <button type="submit" class="button danger">{t.withdraw_submit}</button>
        </ActionForm>
        <p><a href="/account">{t.back_to_account}</a></p>
    }
}
