//! The partner-city register: the list with edit links, and one form for a new or existing city.

use crate::api::cities::{get_partner_city, list_partner_cities};
use crate::api::cities_admin::{load_city_form, SavePartnerCity};
use crate::components::fields::{SelectField, TextField};
use crate::components::form_errors::{FieldMessage, FormMessage};
use crate::components::loaded::loaded;
use crate::components::photo::PhotoForm;
use crate::domain::city_form::CityForm;
use crate::i18n::use_lang;
use crate::pages::admin::city_agreements::AgreementsSection;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CitiesAdminPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    // The city form's loader checks that the caller is an admin; the list itself is public.
    let cities = Resource::new(
        || (),
        |_| async move {
            load_city_form(String::new()).await?;
            list_partner_cities().await
        },
    );
    loaded(cities, move |cities| {
        let rows = cities
            .into_iter()
            .map(|c| {
                view! {
                    <tr>
                        <td><a href=format!("/cities/{}", c.slug)>{c.name.get(lang)}</a></td>
                        <td>{lang.city_kind(c.kind)}</td>
                        <td>{lang.city_status(c.status)}</td>
                        <td><a class="button" href=format!("/admin/cities/{}/edit", c.slug)>{t.event_edit}</a></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <Title text=t.cities_admin_title/>
            <h1>{t.cities_admin_title}</h1>
            <p><a class="button primary" href="/admin/cities/new">{t.city_new}</a></p>
            <table class="table">
                <thead><tr>
                    <th scope="col">{t.city_column}</th>
                    <th scope="col">{t.city_kind_label}</th>
                    <th scope="col">{t.city_status_label}</th>
                    <th scope="col"><span class="visually-hidden">{t.event_edit}</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    })
}

#[component]
pub fn CityEditorPage() -> impl IntoView {
    let params = use_params_map();
    let form = Resource::new(move || params.read().get("slug").unwrap_or_default(), load_city_form);
    loaded(form, |form| view! { <CityEditor form/> })
}

fn name(field: &str) -> String {
    format!("city[{field}]")
}

#[component]
fn CityEditor(form: CityForm) -> impl IntoView {
    let t = use_lang().t();
    let action = ServerAction::<SavePartnerCity>::new();
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let original = form.slug.clone();
    let kinds = vec![
        ("sister".to_string(), t.city_kind_sister.to_string()),
        ("friendship".to_string(), t.city_kind_friendship.to_string()),
    ];
    let statuses = vec![
        ("in_preparation".to_string(), t.city_status_in_preparation.to_string()),
        ("concluded".to_string(), t.city_status_concluded.to_string()),
        ("ended".to_string(), t.city_status_ended.to_string()),
    ];
    let text = move |field: &'static str, label: &'static str, value: &str| {
        view! { <TextField field=field name=name(field) label=label value=value.to_string() error/> }
    };
    let area = move |field: &'static str, label: &'static str, value: &str| {
        let id = format!("f-{field}");
        let label_for = id.clone();
        view! {
            <div class="field">
                <label for=label_for>{label}</label>
                <textarea id=id name=name(field) rows="4">{value.to_string()}</textarea>
                <FieldMessage error field=field/>
            </div>
        }
    };
    let title = if original.is_empty() { t.city_new } else { t.event_edit };
    // A new city gets its photo once it is saved.
    let photo = (!original.is_empty()).then(|| view! { <PhotoSection slug=original.clone()/> });
    let agreements = (!original.is_empty()).then(|| view! { <AgreementsSection slug=original.clone()/> });
    view! {
        <Title text=title/>
        <p class="breadcrumb"><a href="/admin/cities">{t.cities_admin_title}</a></p>
        <h1>{title}</h1>
        <ActionForm action=action attr:class="form wide" attr:novalidate=true>
            <FormMessage error/>
            <input type="hidden" name="original" value=original/>
            <TextField field="slug" name=name("slug") label=t.city_slug value=form.slug.clone() error hint=t.city_slug_hint required=true/>
            <TextField field="name_ja" name=name("name_ja") label=t.types_name_ja value=form.name_ja.clone() error required=true/>
            <TextField field="name_en" name=name("name_en") label=t.types_name_en value=form.name_en.clone() error required=true/>
            {text("name_reading", t.profile_name_reading, &form.name_reading)}
            <SelectField field="kind" name=name("kind") label=t.city_kind_label options=kinds selected=form.kind.clone() error required=true/>
            <SelectField field="status" name=name("status") label=t.city_status_label options=statuses selected=form.status.clone() error required=true/>
            <TextField field="agreed_on" name=name("agreed_on") label=t.city_agreed_label value=form.agreed_on.clone() error hint=t.city_agreed_hint/>
            {text("region_ja", t.city_region_ja, &form.region_ja)}
            {text("region_en", t.city_region_en, &form.region_en)}
            {text("country_ja", t.city_country_ja, &form.country_ja)}
            {text("country_en", t.city_country_en, &form.country_en)}
            {text("summary_ja", t.city_summary_ja, &form.summary_ja)}
            {text("summary_en", t.city_summary_en, &form.summary_en)}
            {area("description_ja", t.event_description_ja, &form.description_ja)}
            {area("description_en", t.event_description_en, &form.description_en)}
            <TextField field="official_url" name=name("official_url") label=t.city_official_site kind="url" value=form.official_url.clone() error/>
            <button type="submit" class="button primary">{t.event_save}</button>
        </ActionForm>
        {agreements}
        {photo}
    }
}

/// The city's photo: the one shown now, and the upload form (`POST /admin/cities/{slug}/photo`,
/// served by the server crate's photos.rs).
#[component]
fn PhotoSection(slug: String) -> impl IntoView {
    let city = Resource::new(
        {
            let slug = slug.clone();
            move || slug.clone()
        },
        get_partner_city,
    );
    let action = format!("/admin/cities/{slug}/photo");
    loaded(city, move |city| view! { <PhotoForm action=action.clone() current=city.photo/> })
}
