//! The UI, built for both targets: the HTML shell, the router and the pages.

mod components;
mod forms;
mod layout;
mod pages;
mod persisted;
pub mod session;
mod theme;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::model::{SiteInfo, THEME_BOOT_SCRIPT};
use layout::SiteHeader;
use pages::{
    AccountPage, DraftsPage, EditorPage, HomePage, NotFoundPage, PostPage, ProfilePage, SignInPage,
    SignUpPage, TagPage,
};
use session::provide_session;

/// The document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use leptos_meta::HashedStylesheet;
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <script inner_html=THEME_BOOT_SCRIPT></script>
                <AutoReload options=options.clone() />
                <HydrationScripts options=options.clone() />
                <HashedStylesheet options id="leptos" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The site's title, read from the settings on the server and handed to the browser with the
/// page, so `<title>` is complete in the first byte of HTML.
#[derive(Clone)]
pub struct SiteTitle(pub String);

/// On the server, the router provides it as context; in the browser, it arrives with the page.
fn site_info() -> SiteInfo {
    use_context::<SiteInfo>().unwrap_or_default()
}

/// leptos_meta 0.8 writes the server-rendered `<title>` text into the HTML as it is, so a
/// post titled `</title><script>…` would run in every reader's browser. The server escapes it;
/// the browser sets `document.title`, which takes plain text.
fn escape_title_for_html(title: String) -> String {
    if cfg!(feature = "ssr") {
        title
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    } else {
        title
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_session();
    let site = SharedValue::new(site_info).into_inner();
    let title = site.title.clone();
    provide_context(SiteTitle(site.title));

    view! {
        <Title formatter=move |page: String| {
            let full = if page.is_empty() { title.clone() } else { format!("{page} · {title}") };
            escape_title_for_html(full)
        } />
        <Router>
            <a class="skip-link" href="#content">"Skip to content"</a>
            <SiteHeader />
            <main id="content">
                <Routes fallback=NotFoundPage>
                    // Reader pages wait for their data on the server, so the HTML is complete
                    // (and its <head> has the page's meta tags) without JavaScript.
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/tag/:tag") view=TagPage ssr=SsrMode::Async />
                    <Route path=path!("/profile/:username") view=ProfilePage ssr=SsrMode::Async />
                    <Route path=path!("/post/:slug") view=PostPage ssr=SsrMode::Async />
                    // One route for new and existing posts, so the editor stays mounted (and
                    // keeps the caret) when the first save gives the post its address.
                    <Route path=path!("/editor/:slug?") view=EditorPage />
                    <Route path=path!("/drafts") view=DraftsPage />
                    <Route path=path!("/signin") view=SignInPage />
                    <Route path=path!("/signup") view=SignUpPage />
                    <Route path=path!("/settings") view=AccountPage />
                    <Route path=path!("/account") view=AccountPage />
                </Routes>
            </main>
        </Router>
    }
}
