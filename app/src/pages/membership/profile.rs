//! Editing one's own details.

use crate::api::membership::{load_profile_form, UpdateProfile};
use crate::components::form_errors::FormMessage;
use crate::components::loaded::loaded;
use crate::components::profile_fields::ProfileFields;
use crate::domain::member::ProfileForm;
use crate::domain::membership::{CommitteeChoice, MyMembership};
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let page = Resource::new(|| (), |_| load_profile_form());
    loaded(page, |(mine, form, committees)| view! { <ProfileEditor mine form committees/> })
}

#[component]
fn ProfileEditor(mine: MyMembership, form: ProfileForm, committees: Vec<CommitteeChoice>) -> impl IntoView {
    let t = use_lang().t();
    let action = ServerAction::<UpdateProfile>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    view! {
        <Title text=t.profile_title/>
        <h1>{t.profile_title}</h1>
        <ActionForm action=action attr:class="form wide" attr:novalidate=true>
            <FormMessage error/>
            <ProfileFields form committees error show_organisation=mine.membership_type.is_organisation
                show_household=mine.membership_type.has_household/>
            <button type="submit" class="button primary">{t.profile_submit}</button>
        </ActionForm>
        <p><a href="/account">{t.back_to_account}</a></p>
    }
}
