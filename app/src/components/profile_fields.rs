//! The personal part of the join form, also the profile form: name and reading, contact,
//! address, languages, committees of interest, household, photo consent. Posted as `profile[…]`.

use crate::components::fields::{CheckboxGroup, SelectField, TextField};
use crate::domain::address::DEFAULT_PREFECTURE;
use crate::domain::member::{HouseholdForm, ProfileForm, HOUSEHOLD_ROWS};
use crate::domain::membership::CommitteeChoice;
use crate::error::AppError;
use crate::i18n::use_lang;
use leptos::prelude::*;

fn name(field: &str) -> String {
    format!("profile[{field}]")
}

#[component]
pub fn ProfileFields(
    form: ProfileForm,
    committees: Vec<CommitteeChoice>,
    error: Signal<Option<AppError>>,
    /// Show the organisation-name field (supporting members; on the join form, always, marked).
    show_organisation: bool,
    /// Show the household rows (family members; on the join form, always, marked).
    show_household: bool,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let prefecture = if form.prefecture.is_empty() { DEFAULT_PREFECTURE.to_string() } else { form.prefecture.clone() };
    let prefectures = lang.prefectures().map(|(code, name)| (code.to_string(), name.to_string())).collect();
    let languages = lang.languages().map(|(code, name)| (code.to_string(), name.to_string())).collect();
    let committees = committees.into_iter().map(|c| (c.slug.clone(), c.name.choose(lang).text.to_string())).collect();
    let mut household = form.household.clone();
    household.resize(HOUSEHOLD_ROWS.max(household.len()), HouseholdForm::default());
    view! {
        <fieldset class="form-group">
            <legend>{t.profile_person_heading}</legend>
            <TextField field="full_name" name=name("full_name") label=t.profile_full_name value=form.full_name.clone()
                error autocomplete="name" hint=t.profile_full_name_hint required=true/>
            <TextField field="name_reading" name=name("name_reading") label=t.profile_name_reading
                value=form.name_reading.clone() error hint=t.profile_name_reading_hint required=true/>
            <TextField field="name_romaji" name=name("name_romaji") label=t.profile_name_romaji
                value=form.name_romaji.clone() error hint=t.profile_name_romaji_hint/>
            // On the join form these two parts show only once a type that needs them is chosen
            // (`.only-organisation`, `.only-household` in the stylesheet, by :has(), no script).
            {show_organisation.then(|| view! {
                <div class="only-organisation">
                    <TextField field="organisation_name" name=name("organisation_name") label=t.profile_organisation_name
                        value=form.organisation_name.clone() error autocomplete="organization" hint=t.profile_organisation_hint/>
                </div>
            })}
            <TextField field="birth_date" name=name("birth_date") label=t.profile_birth_date kind="date"
                value=form.birth_date.clone() error autocomplete="bday" hint=t.profile_optional/>
        </fieldset>
        <fieldset class="form-group">
            <legend>{t.profile_address_heading}</legend>
            <TextField field="phone" name=name("phone") label=t.profile_phone kind="tel" value=form.phone.clone()
                error autocomplete="tel" hint=t.profile_phone_hint required=true/>
            <TextField field="postal_code" name=name("postal_code") label=t.profile_postal_code
                value=form.postal_code.clone() error autocomplete="postal-code" hint=t.profile_postal_code_hint required=true/>
            <SelectField field="prefecture" name=name("prefecture") label=t.profile_prefecture options=prefectures
                selected=prefecture error required=true/>
            <TextField field="city" name=name("city") label=t.profile_city value=form.city.clone() error
                autocomplete="address-level2" required=true/>
            <TextField field="street" name=name("street") label=t.profile_street value=form.street.clone() error
                autocomplete="address-line1" required=true/>
        </fieldset>
        <fieldset class="form-group">
            <legend>{t.profile_interests_heading}</legend>
            <CheckboxGroup field="languages" name=name("languages") legend=t.profile_languages options=languages
                checked=form.languages.clone() error/>
            <CheckboxGroup field="committees" name=name("committees") legend=t.profile_committees options=committees
                checked=form.committees.clone() error/>
        </fieldset>
        {show_household.then(|| {
            // One row at first; the others behind "add another", open when one is filled in or
            // has a problem (the form came back).
            let more = household.split_off(1);
            let in_use = more.iter().any(|row| !row.is_blank());
            let more_error = move || {
                error.get().is_some_and(|e| e.field_errors().iter().any(|f| {
                    f.field.strip_prefix("household.").is_some_and(|rest| !rest.starts_with("0."))
                }))
            };
            // Open when one is filled in or a refusal names one of its rows.
            let more_open = in_use || more_error();
            view! {
                <fieldset class="form-group only-household">
                    <legend>{t.profile_household_heading}</legend>
                    <p class="hint">{t.profile_household_lead}</p>
                    {household.into_iter().map(|row| view! { <HouseholdRow i=0 row error/> }).collect_view()}
                    <details class="more-rows" open=more_open>
                        <summary>{t.household_add_another}</summary>
                        {more.into_iter().enumerate().map(|(n, row)| view! { <HouseholdRow i=n + 1 row error/> }).collect_view()}
                    </details>
                </fieldset>
            }
        })}
        <div class="field choices">
            <label class="choice" for="f-photo_consent">
                <input id="f-photo_consent" type="checkbox" name=name("photo_consent") value="yes"
                    checked=form.photo_consent.is_some()/>
                <span>{t.profile_photo_consent}</span>
            </label>
        </div>
    }
}

#[component]
fn HouseholdRow(i: usize, row: HouseholdForm, error: Signal<Option<AppError>>) -> impl IntoView {
    let t = use_lang().t();
    let field = |part: &str| format!("household.{i}.{part}");
    let name = |part: &str| format!("profile[household][{i}][{part}]");
    view! {
        <fieldset class="household-row">
            <legend>{(t.household_person)(i + 1)}</legend>
            <TextField field=field("full_name") name=name("full_name") label=t.profile_full_name value=row.full_name error/>
            <TextField field=field("name_reading") name=name("name_reading") label=t.profile_name_reading
                value=row.name_reading error/>
            <TextField field=field("relationship") name=name("relationship") label=t.household_relationship
                value=row.relationship error hint=t.household_relationship_hint/>
            <TextField field=field("birth_date") name=name("birth_date") label=t.profile_birth_date kind="date"
                value=row.birth_date error/>
        </fieldset>
    }
}
