//! The HTML shell and the routes. Pages live in `pages/`, one module per area.

use crate::components::error_view::ErrorView;
use crate::components::layout::{Association, Layout};
use crate::error::AppError;
use crate::i18n;
use crate::pages::account::{login::LoginPage, my_page::MyPage};
use crate::pages::admin::cities::{CitiesAdminPage, CityEditorPage};
use crate::pages::admin::committees::{CommitteeEditorPage, CommitteesAdminPage};
use crate::pages::admin::contacts::ContactListsPageView;
use crate::pages::admin::dues_payment::DuesPaymentPage;
use crate::pages::admin::news::NewsAdminPageView;
use crate::pages::admin::paper::PaperPage;
use crate::pages::admin::year_end::YearEndPage;
use crate::pages::admin::{audit::AuditPage, dashboard::DashboardPage, import::ImportPage, imports::ImportsPage};
use crate::pages::admin::{donations::DonationsPageView, statement::StatementPage, statements::StatementsPage};
use crate::pages::admin::{
    member::MemberPage, member_record::MemberRecordPage, members::MembersPage, membership_types::MembershipTypesPage,
    outbox::OutboxPage, settings::SettingsPage, staff::StaffAdminPage,
};
use crate::pages::chair::{editor::EventEditorPage, event::ChairEventPage, list::OrganiserPage};
use crate::pages::chair::{newsletter::NewsletterPageView, newsletters::NewslettersPageView};
use crate::pages::events::{detail::EventPage, list::EventsPage, my_signups::MySignupsPage};
use crate::pages::membership::{join::*, password::*, profile::ProfilePage, withdraw::WithdrawPage};
use crate::pages::public::news::{NewsPage, NewsPostPage};
use crate::pages::public::newsletters::{ArchivedNewsletterPage, NewsletterArchivePage};
use crate::pages::public::unsubscribe::{UnsubscribeDonePage, UnsubscribePage};
use crate::pages::public::{cities::*, committees::*, home::HomePage};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The document around the app, rendered on the server only. Pages are HTML that works without
/// JavaScript; the few parts that run in the browser are islands (`#[island]`), and only a page
/// that has one loads the wasm bundle.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = i18n::provide_lang();
    // Only pages with an island load the bundle (components/hydration.rs), from their body.
    provide_context(options.clone());
    // Islands mode: nothing outside an island is hydrated, so no resource's data is written into
    // the page for the browser (an island turns this on for itself). `HydrationScripts` does this
    // from the head; pages without islands do not render it, so the shell does it for all.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.ico" sizes="any"/>
                <HashedStylesheet options=options.clone()/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = i18n::provide_lang();
    let association = Association::provide();
    // Pages render completely on the server before anything is sent (SsrMode::Async): they work
    // without JavaScript, and a missing record can still answer with a real 404 status.
    view! {
        <Title formatter=move |page: String| match association.name(lang) {
            site if site.is_empty() => page,
            site => format!("{page} | {site}"),
        }/>
        <Router>
            <Layout>
                <Routes fallback=|| view! { <ErrorView error=AppError::NotFound/> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/cities") view=CitiesPage ssr=SsrMode::Async/>
                    <Route path=path!("/cities/:slug") view=CityPage ssr=SsrMode::Async/>
                    <Route path=path!("/committees") view=CommitteesPage ssr=SsrMode::Async/>
                    <Route path=path!("/committees/:slug") view=CommitteePage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=MyPage ssr=SsrMode::Async/>
                    <Route path=path!("/events") view=EventsPage ssr=SsrMode::Async/>
                    <Route path=path!("/events/:id") view=EventPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/signups") view=MySignupsPage ssr=SsrMode::Async/>
                    <Route path=path!("/chair") view=OrganiserPage ssr=SsrMode::Async/>
                    <Route path=path!("/chair/events/new") view=EventEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/chair/events/:id") view=ChairEventPage ssr=SsrMode::Async/>
                    <Route path=path!("/chair/events/:id/edit") view=EventEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/chair/newsletters") view=NewslettersPageView ssr=SsrMode::Async/>
                    <Route path=path!("/chair/newsletters/:id") view=NewsletterPageView ssr=SsrMode::Async/>
                    <Route path=path!("/admin/contacts") view=ContactListsPageView ssr=SsrMode::Async/>
                    <Route path=path!("/news") view=NewsPage ssr=SsrMode::Async/>
                    <Route path=path!("/news/:id") view=NewsPostPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/news") view=NewsAdminPageView ssr=SsrMode::Async/>
                    <Route path=path!("/newsletters") view=NewsletterArchivePage ssr=SsrMode::Async/>
                    <Route path=path!("/newsletters/:id") view=ArchivedNewsletterPage ssr=SsrMode::Async/>
                    <Route path=path!("/unsubscribe") view=UnsubscribePage ssr=SsrMode::Async/>
                    <Route path=path!("/unsubscribe/done") view=UnsubscribeDonePage ssr=SsrMode::Async/>
                    <Route path=path!("/join") view=JoinPage ssr=SsrMode::Async/>
                    <Route path=path!("/join/received") view=JoinReceivedPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/profile") view=ProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/account/withdraw") view=WithdrawPage ssr=SsrMode::Async/>
                    <Route path=path!("/password/forgot") view=ForgotPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/password/reset") view=ResetPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/email/confirm") view=ConfirmEmailPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/members") view=MembersPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/members/:id") view=MemberPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/members/:id/edit") view=MemberRecordPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/members/:id/dues/:payment") view=DuesPaymentPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/outbox") view=OutboxPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/paper") view=PaperPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/year-end") view=YearEndPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/membership-types") view=MembershipTypesPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/settings") view=SettingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/staff") view=StaffAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/cities") view=CitiesAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin") view=DashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/audit") view=AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/imports") view=ImportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/imports/:id") view=ImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/statements") view=StatementsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/donations") view=DonationsPageView ssr=SsrMode::Async/>
                    <Route path=path!("/admin/statements/:id") view=StatementPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/cities/new") view=CityEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/committees") view=CommitteesAdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/committees/new") view=CommitteeEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/committees/:slug/edit") view=CommitteeEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/cities/:slug/edit") view=CityEditorPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
