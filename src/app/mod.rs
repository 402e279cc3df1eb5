//! The UI, built for both targets: the HTML shell, the router and the pages.

mod components;
mod errors;
mod forms;
pub mod island_loader;
mod layout;
mod local_time;
mod pages;
mod persisted;
mod second_step;
pub mod seo;
pub mod session;
mod theme;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    ParamSegment, SsrMode, StaticSegment,
    components::{Route, Router, Routes},
    path,
};

use crate::{
    i18n::{page_locale, td_string},
    model::{
        SiteInfo, THEME_BOOT_SCRIPT,
        routes::{param, segment},
    },
};
use island_loader::IslandLoader;
use layout::SiteHeader;
use pages::{
    AccountPage, AdminPage, AuditPage, ConfirmSubscriptionPage, DraftsPage, EditorPage,
    EmailAdminPage, FollowingPage, ForgotPasswordPage, HomePage, MediaLibraryPage, ModerationPage,
    NotFoundPage, PagesPage, PostPage, ProfileFavoritesPage, ProfilePage, ResetPasswordPage,
    SearchPage, SetupPage, SignInPage, SignUpPage, SiteSettingsPage, StandalonePage, SubscribePage,
    TagPage, UndoEmailPage, UnsubscribePage, VerifyEmailPage,
};

/// The document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use leptos_meta::HashedStylesheet;
    let locale = page_locale();
    let site = site_info();
    let icon = (!site.icon.is_empty()).then(|| site.icon.clone());
    view! {
        <!DOCTYPE html>
        <html lang=crate::i18n::tag(locale) data-code-theme=site.code_theme.name()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <script inner_html=THEME_BOOT_SCRIPT></script>
                <script inner_html=crate::model::wire::SESSION_BOOT_SCRIPT></script>
                <AutoReload options=options.clone() />
                <HashedStylesheet options=options.clone() id="leptos" />
                // The owner's accent colour and CSS, after the theme's.
                {site.stylesheet.map(|href| view! { <link rel="stylesheet" href=href /> })}
                {match icon {
                    Some(href) => view! { <link rel="icon" href=href /> }.into_any(),
                    None => view! { <link rel="icon" href="/favicon.svg" type="image/svg+xml" /> }.into_any(),
                }}
                <MetaTags />
            </head>
            <body>
                <App />
                <IslandLoader options />
            </body>
        </html>
    }
}

/// The text of the development server's live-reload script, as the shell writes it (only
/// under `cargo leptos watch`), so the Content-Security-Policy can allow it by its hash.
#[cfg(feature = "ssr")]
pub fn live_reload_script(options: &LeptosOptions) -> Option<String> {
    use leptos::tachys::view::RenderHtml;
    let options = options.clone();
    let html = Owner::new().with(|| view! { <AutoReload options /> }.to_html());
    let text = &html[html.find("<script")?..];
    let text = &text[text.find('>')? + 1..];
    Some(text[..text.find("</script>")?].to_owned())
}

/// The site's title, read from the settings, so `<title>` is complete in the first byte.
#[derive(Clone)]
pub struct SiteTitle(pub String);

/// The router provides it as context.
pub(crate) fn site_info() -> SiteInfo {
    use_context::<SiteInfo>().unwrap_or_default()
}

/// leptos_meta 0.8 writes the server-rendered `<title>` text into the HTML as it is, so a
/// post titled `</title><script>…` would run in every reader's browser. The server escapes it.
fn escape_title_for_html(title: String) -> String {
    html_escape::encode_text(&title).into_owned()
}

/// The app, rendered on the server only: pages are the server's, and the parts that answer
/// a click or a keystroke are islands (`#[island]`), which the browser wakes when needed
/// (`island_loader`). Every page is a full page load.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let site = site_info();
    let locale = page_locale();
    let title = site.title.clone();
    provide_context(SiteTitle(site.title.clone()));
    provide_context(site);

    view! {
        <Title formatter=move |page: String| {
            let full = if page.is_empty() { title.clone() } else { format!("{page} · {title}") };
            escape_title_for_html(full)
        } />
        <seo::SiteFeeds />
        <Router>
            <a class="skip-link" href="#content">{td_string!(locale, layout.skip_to_content)}</a>
            <SiteHeader />
            <main id="content">
                <Routes fallback=NotFoundPage>
                    // Reader pages wait for their data on the server, so the HTML is complete
                    // (and its <head> has the page's meta tags) without JavaScript. Their
                    // addresses come from `model::routes`, which the page cache reads too.
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=(StaticSegment(segment::TAG), ParamSegment(param::TAG)) view=TagPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment(segment::PROFILE), ParamSegment(param::USERNAME)) view=ProfilePage ssr=SsrMode::Async />
                    <Route path=(StaticSegment(segment::PROFILE), ParamSegment(param::USERNAME), StaticSegment(segment::FAVORITES)) view=ProfileFavoritesPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment(segment::POST), ParamSegment(param::SLUG)) view=PostPage ssr=SsrMode::Async />
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async />
                    <Route path=path!("/editor/:slug?") view=EditorPage />
                    <Route path=path!("/drafts") view=DraftsPage />
                    <Route path=path!("/media") view=MediaLibraryPage />
                    <Route path=path!("/following") view=FollowingPage />
                    <Route path=path!("/signin") view=SignInPage />
                    <Route path=path!("/signup") view=SignUpPage />
                    <Route path=path!("/forgot-password") view=ForgotPasswordPage />
                    <Route path=path!("/reset-password/:token") view=ResetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/verify-email/:token") view=VerifyEmailPage ssr=SsrMode::Async />
                    <Route path=path!("/undo-email/:token") view=UndoEmailPage />
                    <Route path=path!("/subscribe") view=SubscribePage />
                    <Route path=path!("/subscribe/confirm/:token") view=ConfirmSubscriptionPage ssr=SsrMode::Async />
                    <Route path=path!("/unsubscribe/:token") view=UnsubscribePage ssr=SsrMode::Async />
                    <Route path=path!("/settings") view=AccountPage />
                    <Route path=path!("/account") view=AccountPage />
                    <Route path=path!("/admin") view=AdminPage />
                    <Route path=path!("/admin/settings") view=SiteSettingsPage />
                    <Route path=path!("/admin/audit") view=AuditPage />
                    <Route path=path!("/admin/email") view=EmailAdminPage />
                    <Route path=path!("/moderation") view=ModerationPage />
                    <Route path=path!("/setup/:token") view=SetupPage ssr=SsrMode::Async />
                    <Route path=path!("/pages") view=PagesPage />
                    // Last: a single segment no route above takes is a standalone page's.
                    <Route path=(ParamSegment(param::SLUG),) view=StandalonePage ssr=SsrMode::Async />
                </Routes>
            </main>
        </Router>
    }
}
