//! The office's form of a member's record (`/admin/members/{id}/edit`): the same details a member
//! keeps on their own profile, for members with or without a login, plus the office's remarks, how
//! mailings reach the member and, without a login, the contact email.

use crate::api::member_records::{load_member_record_form, EditMember, RecordForm};
use crate::components::fields::TextField;
use crate::components::form_errors::{FieldMessage, FormMessage};
use crate::components::loaded::loaded;
use crate::components::profile_fields::ProfileFields;
use crate::domain::committee::CommitteePost;
use crate::domain::member::ContactBy;
use crate::domain::membership::CommitteeChoice;
use crate::error::AppError;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use std::collections::BTreeMap;

#[component]
pub fn MemberRecordPage() -> impl IntoView {
    let params = use_params_map();
    let form = Resource::new(
        move || params.read().get("id"),
        |id| async move {
            let id = id.and_then(|id| id.parse().ok()).ok_or(AppError::NotFound)?;
            load_member_record_form(id).await
        },
    );
    loaded(form, |form| view! { <RecordEditor form/> })
}

#[component]
fn RecordEditor(form: RecordForm) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let action = ServerAction::<EditMember>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let id = form.membership.member_id;
    let title = (t.record_edit_title)(&form.membership.profile.full_name);
    let chosen = ContactBy::parse(&form.contact_by).unwrap_or_default();
    let contact_choices = ContactBy::ALL
        .into_iter()
        .map(|choice| {
            let input_id = format!("f-office-contact_by-{}", choice.code());
            let label_for = input_id.clone();
            view! {
                <label class="choice" for=label_for>
                    <input id=input_id type="radio" name="office[contact_by]" value=choice.code() checked=choice == chosen/>
                    <span>{lang.contact_by(choice)}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <Title text=title.clone()/>
        <p><a href=format!("/admin/members/{id}")>{t.record_back}</a></p>
        <h1>{title}</h1>
        <ActionForm action=action attr:class="form wide" attr:novalidate=true>
            <FormMessage error/>
            <input type="hidden" name="id" value=id.to_string()/>
            <ProfileFields form=form.profile committees=form.committees.clone() error
                show_organisation=form.membership.membership_type.is_organisation
                show_household=form.membership.membership_type.has_household/>
            <section class="form-section">
                <h2>{t.record_office_heading}</h2>
                {form.email.map(|email| view! {
                    <TextField field="office.email" name="office[email]".to_string() kind="email" label=t.record_contact_email
                        hint=t.record_contact_email_hint value=email error/>
                })}
                <fieldset class="field" aria-describedby="f-office-contact_by-hint">
                    <legend>{t.record_contact_by}</legend>
                    <p class="hint" id="f-office-contact_by-hint">{t.record_contact_by_hint}</p>
                    {contact_choices}
                    <FieldMessage error field="office.contact_by"/>
                </fieldset>
                <TextField field="office.units" name="office[units]".to_string() kind="text" label=t.units_label
                    hint=t.record_units_hint value=form.units.clone() error/>
                <CommitteePosts committees=form.committees.clone() posts=form.posts.clone() error/>
                <div class="field">
                    <label for="f-office-notes">{t.record_notes}</label>
                    <textarea id="f-office-notes" name="office[notes]" rows="4" aria-describedby="f-office-notes-hint">{form.notes}</textarea>
                    <p class="hint" id="f-office-notes-hint">{t.record_notes_hint}</p>
                    <FieldMessage error field="office.notes"/>
                </div>
            </section>
            <button type="submit" class="button primary">{t.profile_submit}</button>
        </ActionForm>
    }
}

/// One choice per committee on offer: no post, vice-chair or chair (as the association records it;
/// the right to organise events is appointed on the member's page).
#[component]
fn CommitteePosts(
    committees: Vec<CommitteeChoice>,
    posts: BTreeMap<String, String>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let rows = committees
        .into_iter()
        .map(|committee| {
            let field = format!("office.posts.{}", committee.slug);
            let id = format!("f-office-posts-{}", committee.slug);
            let chosen = posts.get(&committee.slug).and_then(|code| CommitteePost::parse(code)).unwrap_or_default();
            let options = CommitteePost::ALL
                .into_iter()
                .map(|post| view! { <option value=post.code() selected=post == chosen>{lang.committee_post(post)}</option> })
                .collect_view();
            view! {
                <div class="field">
                    <label for=id.clone()>{committee.name.choose(lang).text.to_string()}</label>
                    <select id=id name=format!("office[posts][{}]", committee.slug)>{options}</select>
                    <FieldMessage error field=field/>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="field" aria-describedby="f-office-posts-hint">
            <legend>{t.record_posts}</legend>
            <p class="hint" id="f-office-posts-hint">{t.record_posts_hint}</p>
            {rows}
        </fieldset>
    }
}
