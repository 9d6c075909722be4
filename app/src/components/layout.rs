use crate::api::account::current_account;
use crate::api::association::load_association_contact;
use crate::components::contact::ContactDetails;
use crate::components::lang_switch::LangSwitch;
use crate::domain::association::AssociationContact;
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// The association's name and contact details, read once per page (header, footer, title).
#[derive(Clone, Copy)]
pub struct Association(pub Resource<Result<AssociationContact, AppError>>);

impl Association {
    /// Loads the association's public details and offers them to every part of the page.
    pub fn provide() -> Association {
        let association = Association(Resource::new(|| (), |_| load_association_contact()));
        provide_context(association);
        association
    }

    /// The association's name in `lang`, once read (empty before, or if it cannot be read).
    pub fn name(self, lang: Lang) -> String {
        self.0.get().and_then(Result::ok).map(|c| c.name.get(lang)).unwrap_or_default()
    }
}

/// Header with the association's name, language switch and main menu; the page; the footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let lang = use_lang();
    let t = lang.t();
    let association = use_context::<Association>().unwrap_or_else(Association::provide);
    let name = move || Suspend::new(async move { association.0.await.map(|c| c.name.get(lang)).unwrap_or_default() });
    view! {
        <a class="skip-link" href="#main">{t.skip_to_content}</a>
        <header class="site-header">
            <div class="header-inner">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"絆"</span>
                    <span class="brand-text">
                        <span class="brand-name"><Suspense fallback=|| ()>{name}</Suspense></span>
                        <span class="brand-app">{t.app_name}</span>
                    </span>
                </a>
                <LangSwitch/>
            </div>
            <nav class="site-nav" aria-label=t.nav_label>
                <ul>
                    <li><A href="/" exact=true>{t.nav_home}</A></li>
                    <li><A href="/cities">{t.nav_cities}</A></li>
                    <li><A href="/committees">{t.nav_committees}</A></li>
                    <li><A href="/events">{t.nav_events}</A></li>
                    <li><A href="/join">{t.nav_join}</A></li>
                    <AccountLinks/>
                </ul>
            </nav>
        </header>
        <main id="main" class="site-main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p class="footer-name"><Suspense fallback=|| ()>{name}</Suspense></p>
            <p>{t.footer_about}</p>
            <p>{t.footer_secretariat}</p>
            <p><a href="/news">{t.news_title}</a>" · "<a href="/newsletters">{t.archive_title}</a></p>
            <FooterContact association/>
        </footer>
    }
}

/// "Log in", or "my page" once logged in, and for the secretariat the way to its own pages. Asked
/// again on every navigation, so the menu follows a login or logout made without a page reload.
#[component]
fn AccountLinks() -> impl IntoView {
    let t = use_lang().t();
    let location = use_location();
    let account = Resource::new(move || location.pathname.get(), |_| current_account());
    let login = move || view! { <li><A href="/login">{t.nav_login}</A></li> };
    view! {
        <Suspense fallback=login>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(Some(account)) => view! {
                        {account.is_staff().then(|| view! { <li><A href="/admin">{t.nav_admin}</A></li> })}
                        <li><A href="/account">{t.nav_account}</A></li>
                    }
                    .into_any(),
                    _ => login().into_any(),
                }
            })}
        </Suspense>
    }
}

/// The secretariat's contact details at the foot of every page (nothing if they cannot be read:
/// a footer never turns a page into an error).
#[component]
fn FooterContact(association: Association) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                association.0.await.ok().map(|contact| view! { <ContactDetails contact/> })
            })}
        </Suspense>
    }
}
