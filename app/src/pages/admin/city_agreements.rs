//! A city's agreements on its editor page: the list with each one's history, a form to move one
//! forward (concluded, ended), and a form to add one.

use crate::api::cities_admin::{city_agreement_register, AddCityAgreement, AgreementRegister, ChangeAgreementStatus};
use crate::components::agreements::AgreementList;
use crate::components::fields::{SelectField, TextField};
use crate::components::form_errors::{errors_of, FormMessage};
use crate::components::loaded::loaded;
use crate::domain::city::CityStatus;
use crate::domain::city_agreement::{Agreement, AgreementKind, AgreementStep};
use crate::domain::dates::{format_date, format_datetime};
use crate::i18n::use_lang;
use leptos::prelude::*;

#[component]
pub fn AgreementsSection(slug: String) -> impl IntoView {
    let t = use_lang().t();
    let register = Resource::new(
        {
            let slug = slug.clone();
            move || slug.clone()
        },
        city_agreement_register,
    );
    view! {
        <section class="form-section" id="agreements">
            <h2>{t.agreements_heading}</h2>
            {loaded(register, move |register| view! { <Register register slug=slug.clone()/> })}
        </section>
    }
}

#[component]
fn Register(register: AgreementRegister, slug: String) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let AgreementRegister { agreements, history } = register;
    // The agreements that can still move forward, for the one form that moves them.
    let movable: Vec<(String, String)> = agreements
        .iter()
        .filter(|a| a.status.may_become(CityStatus::Ended))
        .map(|a| (a.id.to_string(), (t.agreement_choice)(lang.agreement_kind(a.kind), lang.agreement_status(a.status))))
        .collect();
    let list = agreements
        .into_iter()
        .map(|agreement| {
            let steps: Vec<AgreementStep> =
                history.iter().filter(|s| s.agreement_id == agreement.id).cloned().collect();
            view! { <OneAgreement agreement steps/> }
        })
        .collect_view();
    view! {
        {list}
        {(!movable.is_empty()).then(|| view! {
            <h3>{t.agreement_move_heading}</h3>
            <MoveAgreement slug=slug.clone() movable/>
        })}
        <h3>{t.agreement_add_heading}</h3>
        <AddAgreement slug/>
    }
}

#[component]
fn OneAgreement(agreement: Agreement, steps: Vec<AgreementStep>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    view! {
        <div class="agreement">
            <AgreementList agreements=vec![agreement]/>
            <details>
                <summary>{t.agreement_history}</summary>
                <ol class="history">
                    {steps
                        .into_iter()
                        .map(|s| {
                            let on = s.effective_on.map(|d| format_date(lang, d)).unwrap_or_default();
                            let by = s.recorded_by.unwrap_or_default();
                            view! {
                                <li>
                                    {lang.agreement_status(s.status)}" "{on}
                                    <span class="hint">" — "{format_datetime(lang, s.recorded_at)}" "{by}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </details>
        </div>
    }
}

/// Concluded or ended, on a day: one form for every agreement that can still move.
#[component]
fn MoveAgreement(slug: String, movable: Vec<(String, String)>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let action = ServerAction::<ChangeAgreementStatus>::new();
    let error = errors_of(action);
    let next: Vec<(String, String)> = [CityStatus::Concluded, CityStatus::Ended]
        .into_iter()
        .map(|s| (s.code().to_string(), lang.agreement_status(s).to_string()))
        .collect();
    let first = movable.first().map(|(id, _)| id.clone()).unwrap_or_default();
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <FormMessage error/>
            <input type="hidden" name="slug" value=slug/>
            <SelectField field="agreement" name="id".to_string() label=t.agreement_which options=movable selected=first error/>
            <SelectField field="move_status" name="status".to_string() label=t.agreement_move_label options=next
                selected="concluded".to_string() error/>
            <TextField field="move_on" name="on".to_string() label=t.agreement_move_on value="" error
                hint=t.agreement_move_on_hint/>
            <button type="submit" class="button">{t.agreement_move_button}</button>
        </ActionForm>
    }
}

#[component]
fn AddAgreement(slug: String) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let action = ServerAction::<AddCityAgreement>::new();
    let error = errors_of(action);
    let kinds: Vec<(String, String)> =
        AgreementKind::ALL.into_iter().map(|k| (k.code().to_string(), lang.agreement_kind(k).to_string())).collect();
    let statuses: Vec<(String, String)> = [CityStatus::InPreparation, CityStatus::Concluded]
        .into_iter()
        .map(|s| (s.code().to_string(), lang.agreement_status(s).to_string()))
        .collect();
    let name = |f: &str| format!("agreement[{f}]");
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <FormMessage error/>
            <input type="hidden" name="slug" value=slug/>
            <SelectField field="agreement_kind" name=name("kind") label=t.agreement_kind_label options=kinds
                selected="disaster_aid".to_string() error required=true/>
            <SelectField field="agreement_status" name=name("status") label=t.city_status_label options=statuses
                selected="concluded".to_string() error required=true/>
            <TextField field="concluded_on" name=name("concluded_on") label=t.agreement_concluded_label value="" error
                hint=t.agreement_concluded_hint/>
            <TextField field="counterpart_ja" name=name("counterpart_ja") label=t.agreement_counterpart_ja value="" error
                hint=t.agreement_counterpart_hint/>
            <TextField field="counterpart_en" name=name("counterpart_en") label=t.agreement_counterpart_en value="" error/>
            <TextField field="note_ja" name=name("note_ja") label=t.agreement_note_ja value="" error/>
            <TextField field="note_en" name=name("note_en") label=t.agreement_note_en value="" error/>
            <button type="submit" class="button primary">{t.agreement_add_button}</button>
        </ActionForm>
    }
}
