//! The HTML shell and the routes. Pages live in `pages/`, one module per area.

use crate::components::error_view::ErrorView;
use crate::components::layout::Layout;
use crate::error::AppError;
use crate::i18n::{self, Texts};
use crate::pages::account::{login::LoginPage, my_page::MyPage};
use crate::pages::in_preparation::InPreparation;
use crate::pages::public::{cities::*, committees::*, home::HomePage};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = i18n::provide_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.ico" sizes="any"/>
                <link rel="stylesheet" href=format!("/pkg/{}.css", options.output_name)/>
                <HydrationScripts options/>
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
    let site = lang.t().association_name;
    // Pages render completely on the server before anything is sent (SsrMode::Async): they work
    // without JavaScript, and a missing record can still answer with a real 404 status.
    let placeholder = |title: fn(&Texts) -> &'static str| move || view! { <InPreparation title/> };
    view! {
        <Title formatter=move |page: String| format!("{page} | {site}")/>
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
                    <Route path=path!("/events") view=placeholder(|t| t.events_title) ssr=SsrMode::Async/>
                    <Route path=path!("/join") view=placeholder(|t| t.join_title) ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
