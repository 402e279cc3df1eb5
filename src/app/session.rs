//! Who is signed in, as this tab knows it. The server renders every page signed out (the
//! access token lives in localStorage, which it cannot see); once hydrated, the tab asks the
//! server who the stored token belongs to, and follows other tabs through `storage` events.
//! A tab without a stored token but with the session marker cookie (localStorage cleared,
//! the refresh cookie still good) renews its session instead of showing itself signed out.

use leptos::prelude::*;

use crate::model::{AppError, User};

#[derive(Clone, Copy)]
pub struct Session {
    /// The signed-in user; `None` while unknown or signed out.
    pub user: RwSignal<Option<User>>,
    /// Whether the tab has found out (false during server rendering and hydration).
    pub known: RwSignal<bool>,
}

impl Session {
    pub fn signed_in(&self, user: User) {
        self.user.set(Some(user));
        self.known.set(true);
    }

    /// Forgets the user and the stored token: after sign-out, or when the server says the
    /// session is over (rule 3).
    pub fn end(&self) {
        #[cfg(feature = "hydrate")]
        crate::client::token_store::clear();
        self.user.set(None);
        self.known.set(true);
    }

    /// The user signed out: also forget the comments they were typing, which nobody else
    /// using this browser should find.
    pub fn signed_out(&self) {
        if let Some(user) = self.user.get_untracked() {
            crate::app::persisted::forget_all_under(
                &crate::model::storage_keys::unsaved_comments_of(&user.username),
            );
        }
        self.end();
    }

    /// Ends the session if an error says it is over; pages with a `RequireUser` then go to
    /// the sign-in page.
    pub fn check(&self, error: &AppError) {
        if matches!(error, AppError::SignInRequired) {
            self.end();
        }
    }

    #[cfg(feature = "hydrate")]
    async fn load(self) {
        let answer = if crate::client::token_store::load().is_some() {
            crate::api::current_user().await
        } else if has_session_cookie() {
            crate::api::refresh().await
        } else {
            self.user.set(None);
            self.known.set(true);
            return;
        };
        match answer {
            Ok(user) => self.signed_in(user),
            Err(error) => {
                self.check(&error);
                self.known.set(true);
            }
        }
    }
}

/// Whether the server said (with its `blog_session` marker cookie, which carries no secret)
/// that this browser holds a refresh cookie.
#[cfg(feature = "hydrate")]
fn has_session_cookie() -> bool {
    use wasm_bindgen::JsCast;
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|document| document.cookie().ok())
        .is_some_and(|cookies| {
            cookies
                .split(';')
                .any(|cookie| cookie.trim().trim_start_matches("__Host-") == "blog_session=1")
        })
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Creates the session for the app; in the browser, loads it and follows other tabs.
pub fn provide_session() -> Session {
    let session = Session {
        user: RwSignal::new(None),
        known: RwSignal::new(false),
    };
    provide_context(session);
    #[cfg(feature = "hydrate")]
    Effect::new(move || {
        leptos::task::spawn_local(session.load());
        let _ = window_event_listener(leptos::ev::storage, move |event| {
            if event.key().as_deref() != Some(crate::client::token_store::ACCESS_TOKEN_KEY) {
                return;
            }
            if event.new_value().is_none() {
                // Signed out in another tab.
                session.user.set(None);
            } else if session.user.get_untracked().is_none() {
                // Signed in in another tab.
                leptos::task::spawn_local(session.load());
            }
        });
    });
    session
}

/// Shows `children` to a signed-in user; anyone else goes to the sign-in page, which brings
/// them back here afterwards.
#[component]
pub fn RequireUser(children: ChildrenFn) -> impl IntoView {
    use leptos_router::{components::Redirect, hooks::use_location};
    let session = use_session();
    let location = use_location();
    // Only the yes/no answer is tracked, so a refreshed user does not re-render the page.
    let must_sign_in =
        Memo::new(move |_| session.known.get() && session.user.with(Option::is_none));
    move || {
        if must_sign_in.get() {
            let here = format!(
                "{}{}",
                location.pathname.get_untracked(),
                location.search.get_untracked()
            );
            let next = percent_encode(&here);
            view! { <Redirect path=format!("/signin?next={next}") /> }.into_any()
        } else {
            children().into_any()
        }
    }
}

/// Percent-encodes a path for use as a query value, keeping its slashes readable.
fn percent_encode(path: &str) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    const QUERY_VALUE: &percent_encoding::AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~')
        .remove(b'/');
    utf8_percent_encode(path, QUERY_VALUE).to_string()
}
