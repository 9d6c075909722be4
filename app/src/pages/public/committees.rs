use crate::api::committees::{get_committee, list_committees};
use crate::api::committees::{load_committee_activity, CommitteeActivity, SetCommitteeMembership};
use crate::components::card_heading::CardHeading;
use crate::components::event_list::EventList;
use crate::components::loaded::loaded;
use crate::components::localized_text::LocalizedText;
use crate::domain::committee::Committee;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// A committee in a list; `under_section` as for `CityCard`.
#[component]
pub fn CommitteeCard(committee: Committee, #[prop(optional)] under_section: bool) -> impl IntoView {
    let lang = use_lang();
    view! {
        <article class="card committee-card">
            <CardHeading
                href=format!("/committees/{}", committee.slug)
                title=committee.name.get(lang)
                under_section
            />
            <LocalizedText text=committee.summary/>
        </article>
    }
}

#[component]
pub fn CommitteesPage() -> impl IntoView {
    let t = use_lang().t();
    let committees = Resource::new(|| (), |_| list_committees());
    loaded(committees, move |committees| {
        view! {
            <Title text=t.committees_title/>
            <h1>{t.committees_title}</h1>
            <p class="lead">{t.committees_lead}</p>
            <div class="card-grid">
                {committees.into_iter().map(|committee| view! { <CommitteeCard committee/> }).collect_view()}
            </div>
        }
    })
}

#[component]
pub fn CommitteePage() -> impl IntoView {
    let params = use_params_map();
    let committee = Resource::new(move || params.read().get("slug").unwrap_or_default(), get_committee);
    loaded(committee, |committee| view! { <CommitteeDetail committee/> })
}

#[component]
fn CommitteeDetail(committee: Committee) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let name = committee.name.get(lang);
    view! {
        <Title text=name.clone()/>
        <p class="breadcrumb"><a href="/committees">{t.committee_all_committees}</a></p>
        <article class="detail committee-detail">
            <h1>
                {name}
                <span class="other-name" lang=lang.other().code()>{committee.name.get(lang.other())}</span>
            </h1>
            <LocalizedText text=committee.summary class="lead"/>
            <h2>{t.committee_work_heading}</h2>
            <LocalizedText text=committee.description/>
        </article>
        <CommitteeActivityView slug=committee.slug.clone()/>
    }
}

#[component]
fn CommitteeActivityView(slug: String) -> impl IntoView {
    let key = slug.clone();
    let activity = Resource::new(move || key.clone(), load_committee_activity);
    loaded(activity, move |a| view! { <Activity activity=a slug=slug.clone()/> })
}

#[component]
fn Activity(activity: CommitteeActivity, slug: String) -> impl IntoView {
    let t = use_lang().t();
    let action = ServerAction::<SetCommitteeMembership>::new();
    let join_form = activity.joined.map(|joined| {
        view! {
            <ActionForm action=action attr:class="form inline">
                <input type="hidden" name="slug" value=slug.clone()/>
                <input type="hidden" name="join" value=(!joined).to_string()/>
                <span>{if joined { t.committee_you_belong } else { "" }}</span>
                <button type="submit" class="button">{if joined { t.committee_leave } else { t.committee_join }}</button>
            </ActionForm>
        }
    });
    let chairs = if activity.chairs.is_empty() { "—".to_string() } else { activity.chairs.join("、") };
    let vice_chairs = (!activity.vice_chairs.is_empty()).then(|| {
        view! { <dt>{t.committee_post_vice_chair}</dt><dd class="vice-chairs">{activity.vice_chairs.join("、")}</dd> }
    });
    view! {
        <dl class="facts">
            <dt>{t.chair_of}</dt>
            <dd class="chairs">{chairs}</dd>
            {vice_chairs}
        </dl>
        {join_form}
        <h2>{t.events_upcoming_link}</h2>
        <EventList events=activity.upcoming/>
        <h2>{t.events_past_link}</h2>
        <EventList events=activity.past/>
        {activity.members.map(|names| view! {
            <h2>{t.committee_members_heading}</h2>
            <p class="committee-members">{if names.is_empty() { "—".to_string() } else { names.join("、") }}</p>
        })}
    }
}
