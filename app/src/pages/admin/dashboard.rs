//! The secretariat's dashboard: members by status and type, new members and withdrawals per
//! fiscal year, committee sizes, dues collected against expected, events and participants per
//! partner city and year, upcoming events with places left. Charts are SVG drawn on the server.

use crate::api::overview::{load_dashboard, Dashboard};
use crate::components::bar_chart::BarChart;
use crate::components::event_list::EventList;
use crate::components::loaded::loaded;
use crate::domain::member::MemberStatus;
use crate::domain::staff::{any_allows, Duty};
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let dashboard = Resource::new(|| (), |_| load_dashboard());
    loaded(dashboard, |d| view! { <DashboardView d/> })
}

#[component]
fn DashboardView(d: Dashboard) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let statuses = d
        .by_status
        .iter()
        .map(|(code, n)| (MemberStatus::parse(code).map(|s| lang.member_status(s)).unwrap_or("").to_string(), *n))
        .collect();
    let types = d.by_type.iter().map(|(name, n)| (name.get(lang), *n)).collect();
    let committees = d.committees.iter().map(|(name, n)| (name.get(lang), *n)).collect();
    let joined = d.per_year.iter().map(|(y, joined, _)| ((t.fiscal_year)(*y), *joined)).collect();
    let left = d.per_year.iter().map(|(y, _, left)| ((t.fiscal_year)(*y), *left)).collect();
    let per_city = d
        .per_city
        .iter()
        .map(|(city, year, events, people)| {
            view! {
                <tr>
                    <td>{city.get(lang)}</td>
                    <td class="number" data-label=t.dashboard_year>{*year}</td>
                    <td class="number" data-label=t.events_title>{*events}</td>
                    <td class="number" data-label=t.dashboard_participants>{*people}</td>
                </tr>
            }
        })
        .collect_view();
    let city_bars =
        d.per_city.iter().map(|(city, year, _, people)| (format!("{} {year}", city.get(lang)), *people)).collect();
    let share = if d.dues_expected_yen > 0 { d.dues_collected_yen * 100 / d.dues_expected_yen } else { 0 };
    // Only the work the caller's roles allow (the pages behind the others would refuse them).
    let links = [
        (Duty::ReadMembers, "/admin/members", t.admin_members_title),
        (Duty::Audit, "/admin/audit", t.audit_title),
        (Duty::Imports, "/admin/imports", t.import_nav),
        (Duty::ReadSettings, "/admin/membership-types", t.types_title),
        (Duty::ReadSettings, "/admin/cities", t.cities_admin_title),
        (Duty::ReadSettings, "/admin/committees", t.committees_admin_title),
        (Duty::Outbox, "/admin/outbox", t.outbox_title),
        (Duty::PostalMail, "/admin/paper", t.paper_nav),
        (Duty::Dues, "/admin/statements", t.statements_nav),
        (Duty::Dues, "/admin/donations", t.donations_title),
        (Duty::ReadMembers, "/admin/year-end", t.year_end_nav),
        (Duty::Newsletters, "/chair/newsletters", t.newsletters_title),
        (Duty::Newsletters, "/admin/contacts", t.contacts_title),
        (Duty::Newsletters, "/admin/news", t.news_admin_title),
        (Duty::Settings, "/admin/settings", t.settings_title),
        (Duty::Staff, "/admin/staff", t.staff_title),
    ];
    let pending = d.by_status.iter().find(|(code, _)| code == "pending").map_or(0, |(_, n)| *n);
    view! {
        <Title text=t.dashboard_title/>
        <h1>{t.dashboard_title}</h1>
        {(pending > 0).then(|| view! {
            <p class="notice todo"><a href="/admin/members?status=pending">{(t.dashboard_pending_todo)(pending)}</a></p>
        })}
        <p class="actions">
            {links
                .into_iter()
                .filter(|(duty, ..)| any_allows(&d.roles, *duty))
                .map(|(_, href, label)| view! { <a class="button" href=href>{label}</a> })
                .collect_view()}
        </p>
        <section>
            <h2>{format!("{} （{}）", t.dues_heading, (t.fiscal_year)(d.fiscal_year))}</h2>
            <p class="dues-summary">
                {(t.dashboard_dues)(d.dues_paid, d.active_members, d.dues_collected_yen, d.dues_expected_yen, share)}
            </p>
            <div class="meter" role="img" aria-label=format!("{share}%")><div class="meter-fill" style=format!("width: {}%", share.min(100))></div></div>
        </section>
        <div class="chart-grid">
            <BarChart title=t.dashboard_by_status.to_string() bars=statuses/>
            <BarChart title=t.dashboard_by_type.to_string() bars=types/>
            <BarChart title=t.dashboard_joined.to_string() bars=joined/>
            <BarChart title=t.dashboard_withdrawn.to_string() bars=left/>
            <BarChart title=t.dashboard_committees.to_string() bars=committees/>
            <BarChart title=t.dashboard_city_people.to_string() bars=city_bars/>
        </div>
        <section>
            <h2>{t.dashboard_per_city}</h2>
            <table class="table cards">
                <thead><tr>
                    <th scope="col">{t.city_column}</th>
                    <th scope="col">{t.dashboard_year}</th>
                    <th scope="col">{t.events_title}</th>
                    <th scope="col">{t.dashboard_participants}</th>
                </tr></thead>
                <tbody>{per_city}</tbody>
            </table>
        </section>
        <section>
            <h2>{t.events_upcoming_link}</h2>
            <EventList events=d.upcoming/>
        </section>
    }
}
