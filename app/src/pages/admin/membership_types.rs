//! Membership classes and their fees per unit, as the articles define them: kept by the admins.

use crate::api::membership_types::{
    list_membership_types, ClassesPage, CreateMembershipType, SetMembershipFee, UpdateMembershipType,
};
use crate::components::fields::{SelectField, TextField};
use crate::components::form_errors::{errors_of, FormMessage};
use crate::components::loaded::loaded;
use crate::domain::membership::{FeeFrom, MembershipType};
use crate::domain::membership_class::{Holder, MemberCategory};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MembershipTypesPage() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new(move || query.read().get("saved"), |_| list_membership_types());
    loaded(page, |page| view! { <Classes page/> })
}

#[component]
fn Classes(page: ClassesPage) -> impl IntoView {
    let t = use_lang().t();
    let query = use_query_map();
    let saved = move || query.read().get("saved").is_some();
    let year = page.current_fiscal_year;
    let classes = page
        .types
        .into_iter()
        .map(|kind| {
            let fees: Vec<FeeFrom> = page.fees.iter().filter(|f| f.type_id == kind.id).cloned().collect();
            view! { <ClassSection kind fees year/> }
        })
        .collect_view();
    view! {
        <Title text=t.types_title/>
        <p><a href="/admin">{t.dashboard_title}</a></p>
        <h1>{t.types_title}</h1>
        <p class="lead">{t.types_lead}</p>
        {move || saved().then(|| view! { <p class="notice success" role="status">{t.admin_done}</p> })}
        {classes}
        <NewClass/>
    }
}

fn category_options(lang: Lang) -> Vec<(String, String)> {
    let t = lang.t();
    MemberCategory::ALL
        .into_iter()
        .map(|c| {
            let label = match c {
                MemberCategory::Full => t.category_full,
                MemberCategory::Supporting => t.category_supporting,
            };
            (c.code().to_string(), label.to_string())
        })
        .collect()
}

fn holder_options(lang: Lang) -> Vec<(String, String)> {
    let t = lang.t();
    Holder::ALL
        .into_iter()
        .map(|h| {
            let label = match h {
                Holder::Individual => t.holder_individual,
                Holder::Organisation => t.holder_organisation,
                Holder::Household => t.holder_household,
            };
            (h.code().to_string(), label.to_string())
        })
        .collect()
}

/// Names, class, holder, vote and "offered" of one class; a checkbox pair with its own ids.
#[component]
fn ClassFields(
    prefix: String,
    name_ja: String,
    name_en: String,
    category: String,
    holder: String,
    votes: bool,
    offered: bool,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let field = |f: &str| format!("class[{f}]");
    let (votes_id, votes_for) = (format!("{prefix}-votes"), format!("{prefix}-votes"));
    let (offered_id, offered_for) = (format!("{prefix}-offered"), format!("{prefix}-offered"));
    view! {
        <TextField field="name_ja" name=field("name_ja") label=t.types_name_ja value=name_ja error required=true
            scope=prefix.clone()/>
        <TextField field="name_en" name=field("name_en") label=t.types_name_en value=name_en error required=true
            scope=prefix.clone()/>
        <SelectField field="category" name=field("category") label=t.types_category options=category_options(lang)
            selected=category error scope=prefix.clone()/>
        <SelectField field="holder" name=field("holder") label=t.types_holder options=holder_options(lang)
            selected=holder error scope=prefix.clone()/>
        <label class="choice" for=votes_for>
            <input id=votes_id type="checkbox" name=field("votes") value="yes" checked=votes/>
            <span>{t.types_votes}</span>
        </label>
        <label class="choice" for=offered_for>
            <input id=offered_id type="checkbox" name=field("offered") value="yes" checked=offered/>
            <span>{t.types_offered}</span>
        </label>
    }
}

#[component]
fn ClassSection(kind: MembershipType, fees: Vec<FeeFrom>, year: i32) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let update = ServerAction::<UpdateMembershipType>::new();
    let update_error = errors_of(update);
    let fee = ServerAction::<SetMembershipFee>::new();
    let fee_error = errors_of(fee);
    let years: Vec<(String, String)> = (year..=year + 2).map(|y| (y.to_string(), (t.fiscal_year)(y))).collect();
    let title = kind.name.get(lang);
    let anchor = format!("class-{}", kind.code);
    let (id, fee_now, offered, votes) = (kind.id, kind.fee_per_unit_yen, kind.offered, kind.votes);
    let (category, holder) = (kind.category.code().to_string(), kind.holder().code().to_string());
    let MembershipType { code, name, .. } = kind;
    let scope = format!("{code}-fee");
    view! {
        <section class="form-section" id=anchor>
            <h2>{title}</h2>
            {(!offered).then(|| view! { <p class="hint">{t.types_retired}</p> })}
            <ActionForm action=update attr:class="form" attr:novalidate=true>
                <FormMessage error=update_error/>
                <input type="hidden" name="id" value=id/>
                <ClassFields prefix=code name_ja=name.ja name_en=name.en category holder votes offered error=update_error/>
                <button type="submit" class="button primary">{t.profile_submit}</button>
            </ActionForm>
            <h3>{t.types_history}</h3>
            <ul class="fee-history">
                {fees.into_iter().map(|f| view! { <li>{(t.fee_from)(f.from_fiscal_year, f.fee_per_unit_yen)}</li> }).collect_view()}
            </ul>
            <h3>{t.types_fee_heading}</h3>
            <p class="hint">{t.types_fee_hint}</p>
            <ActionForm action=fee attr:class="form" attr:novalidate=true>
                <FormMessage error=fee_error/>
                <input type="hidden" name="id" value=id/>
                <TextField field="fee_per_unit_yen" name="fee_per_unit_yen".to_string() label=t.types_fee
                    value=fee_now.to_string() error=fee_error scope=scope.clone()/>
                <SelectField field="from_year" name="from_year".to_string() label=t.types_from_year options=years
                    selected=(year + 1).to_string() error=fee_error scope=scope.clone()/>
                <button type="submit" class="button">{t.types_set_fee}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn NewClass() -> impl IntoView {
    let t = use_lang().t();
    let action = ServerAction::<CreateMembershipType>::new();
    let error = errors_of(action);
    view! {
        <section class="form-section" id="new-class">
            <h2>{t.types_new_heading}</h2>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormMessage error/>
                <ClassFields prefix="add-class".to_string() name_ja=String::new() name_en=String::new()
                    category="full".to_string() holder="individual".to_string() votes=true offered=true error/>
                <TextField field="fee_per_unit_yen" name="fee_per_unit_yen".to_string() label=t.types_fee
                    value="" error required=true scope="add-class"/>
                <button type="submit" class="button primary">{t.types_add}</button>
            </ActionForm>
        </section>
    }
}
