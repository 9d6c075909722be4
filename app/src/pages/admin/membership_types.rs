//! Membership types and fees, editable by the secretariat.

use crate::api::membership_types::{list_membership_types, UpdateMembershipType};
use crate::components::fields::TextField;
use crate::components::form_errors::FormMessage;
use crate::components::loaded::loaded;
use crate::domain::membership::MembershipType;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MembershipTypesPage() -> impl IntoView {
    let query = use_query_map();
    let types = Resource::new(move || query.read().get("saved"), |_| list_membership_types());
    loaded(types, |types| view! { <TypeForms types/> })
}

#[component]
fn TypeForms(types: Vec<MembershipType>) -> impl IntoView {
    let t = use_lang().t();
    let query = use_query_map();
    let saved = move || query.read().get("saved").is_some();
    view! {
        <Title text=t.types_title/>
        <h1>{t.types_title}</h1>
        <p class="lead">{t.types_lead}</p>
        {move || saved().then(|| view! { <p class="notice success" role="status">{t.admin_done}</p> })}
        {types.into_iter().map(|kind| view! { <TypeForm kind/> }).collect_view()}
    }
}

#[component]
fn TypeForm(kind: MembershipType) -> impl IntoView {
    let t = use_lang().t();
    let action = ServerAction::<UpdateMembershipType>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let offered_id = format!("offered-{}", kind.code);
    let offered_for = offered_id.clone();
    view! {
        <section class="form-section">
            <h2>{kind.name.ja.clone()}" / "{kind.name.en.clone()}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormMessage error/>
                <input type="hidden" name="id" value=kind.id/>
                <TextField field="name_ja" name="name_ja".to_string() label=t.types_name_ja value=kind.name.ja.clone() error/>
                <TextField field="name_en" name="name_en".to_string() label=t.types_name_en value=kind.name.en.clone() error/>
                <TextField field="annual_fee_yen" name="annual_fee_yen".to_string() label=t.types_fee
                    value=kind.annual_fee_yen.to_string() error/>
                <label class="choice" for=offered_for>
                    <input id=offered_id type="checkbox" name="offered" value="yes" checked=kind.offered/>
                    <span>{t.types_offered}</span>
                </label>
                <button type="submit" class="button primary">{t.profile_submit}</button>
            </ActionForm>
        </section>
    }
}
