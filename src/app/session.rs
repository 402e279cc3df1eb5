//! Who is signed in, as this tab knows it. The server renders every page signed out (the
//! access token lives in localStorage, which it cannot see). In the browser, one session is
//! shared by every island of the page: the first island that asks finds out (who the stored
//! token belongs to, or, with no token but the session marker cookie, a renewal), and the
//! session follows other tabs through `storage` events.

use leptos::prelude::*;

use crate::model::{AppError, User};

/// What the page knows about who is signed in, shared by all its islands.
#[derive(Clone, Copy)]
struct Shared {
    user: RwSignal<Option<User>>,
    known: RwSignal<bool>,
    /// The user signed out on this page, which is now on its way elsewhere: a page only the
    /// signed-in see does not send them to sign in again meanwhile.
    leaving: RwSignal<bool>,
}

/// The session as one island sees it. Until the island has hydrated it reads as the server
/// rendered it (unknown, signed out), so hydration finds exactly the server's HTML even when
/// another island found out who is signed in first.
#[derive(Clone, Copy)]
pub struct Session {
    shared: Shared,
    /// The signed-in user; `None` while unknown or signed out.
    pub user: Signal<Option<User>>,
    /// Whether the tab has found out (false on the server and until the answer comes).
    pub known: Signal<bool>,
}

impl Shared {
    fn new() -> Self {
        Self {
            user: RwSignal::new(None),
            known: RwSignal::new(false),
            leaving: RwSignal::new(false),
        }
    }

    fn signed_in(&self, user: User) {
        self.user.set(Some(user));
        self.known.set(true);
    }

    fn end(&self) {
        #[cfg(feature = "hydrate")]
        crate::client::token_store::clear();
        self.known_signed_out();
    }

    /// Nobody is signed in: the page shows its sign-in prompts again (the boot script hid
    /// them, see `wire::SESSION_BOOT_SCRIPT`).
    fn known_signed_out(&self) {
        #[cfg(feature = "hydrate")]
        if let Some(root) = document().document_element() {
            let _ = root.remove_attribute("data-session");
        }
        self.user.set(None);
        self.known.set(true);
    }

    fn check(&self, error: &AppError) {
        if matches!(error, AppError::SignInRequired) {
            self.end();
        }
    }

    #[cfg(feature = "hydrate")]
    async fn load(self) {
        let answer = if crate::client::token_store::load().is_some() {
            crate::server_fns::current_user().await
        } else if has_session_cookie() {
            crate::server_fns::refresh().await
        } else {
            self.known_signed_out();
            return;
        };
        match answer {
            Ok(user) => self.signed_in(user),
            // Over (rule 3), or unreachable: either way this page shows a visitor's.
            Err(error) => {
                self.check(&error);
                self.known_signed_out();
            }
        }
    }

    /// Finds out who is signed in, and keeps following other tabs.
    #[cfg(feature = "hydrate")]
    fn start(self) {
        leptos::task::spawn_local(self.load());
        let listener = window_event_listener(leptos::ev::storage, move |event| {
            if event.key().as_deref() != Some(crate::client::token_store::ACCESS_TOKEN_KEY) {
                return;
            }
            if event.new_value().is_none() {
                // Signed out in another tab.
                self.known_signed_out();
            } else if self.user.get_untracked().is_none() {
                // Signed in in another tab.
                leptos::task::spawn_local(self.load());
            }
        });
        // The session lives as long as the page.
        std::mem::forget(listener);
    }
}

impl Session {
    pub fn signed_in(&self, user: User) {
        self.shared.signed_in(user);
    }

    /// Forgets the user and the stored token: after sign-out, or when the server says the
    /// session is over (rule 3).
    pub fn end(&self) {
        self.shared.end();
    }

    /// The user signed out: also forget the comments they were typing, which nobody else
    /// using this browser should find.
    pub fn signed_out(&self) {
        self.shared.leaving.set(true);
        if let Some(user) = self.shared.user.get_untracked() {
            crate::app::persisted::forget_all_under(&crate::model::wire::unsaved_comments_of(
                &user.username,
            ));
        }
        self.end();
    }

    /// Ends the session if an error says it is over; islands that need a user then go to
    /// the sign-in page.
    pub fn check(&self, error: &AppError) {
        self.shared.check(error);
    }
}

/// Whether the server said (with its session marker cookie, which carries no secret)
/// that this browser holds a refresh cookie.
#[cfg(feature = "hydrate")]
fn has_session_cookie() -> bool {
    use wasm_bindgen::JsCast;
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|document| document.cookie().ok())
        .is_some_and(|cookies| crate::model::wire::has_session_marker(&cookies))
}

/// The page's session. In the browser it is one for all islands, made (and loaded) by the
/// first island that asks; its signals belong to an owner that lives as long as the page.
/// On the server every render is signed out.
pub fn use_session() -> Session {
    #[cfg(feature = "hydrate")]
    let shared = {
        thread_local! {
            static SHARED: Shared = {
                // A root of its own: no island's owner may take the session with it.
                let owner = Owner::new_root(None);
                let shared = owner.with(Shared::new);
                std::mem::forget(owner);
                shared.start();
                shared
            };
        }
        SHARED.with(|shared| *shared)
    };
    #[cfg(not(feature = "hydrate"))]
    let shared = Shared::new();
    // Effects run once hydration is done: only then does the island show what it knows.
    let hydrated = RwSignal::new(false);
    Effect::new(move || hydrated.set(true));
    Session {
        shared,
        user: Signal::derive(move || {
            if hydrated.get() {
                shared.user.get()
            } else {
                None
            }
        }),
        known: Signal::derive(move || hydrated.get() && shared.known.get()),
    }
}

/// Shows `children` to a signed-in user; anyone else goes to the sign-in page, which brings
/// them back here afterwards (`here` is this page's path and query).
#[component]
pub fn RequireUser(#[prop(into)] here: String, children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    // Only the yes/no answer is tracked, so a refreshed user does not re-render the page.
    let leaving = session.shared.leaving;
    let must_sign_in = Memo::new(move |_| {
        session.known.get() && session.user.with(Option::is_none) && !leaving.get()
    });
    Effect::new(move || {
        if must_sign_in.get() {
            go_to(&crate::model::routes::sign_in_href(&here), true);
        }
    });
    move || (!must_sign_in.get()).then(|| children())
}

/// Goes to another page of the site (a full page load: pages are rendered by the server).
/// `replace` keeps the current page out of the history.
pub fn go_to(path: &str, replace: bool) {
    #[cfg(feature = "hydrate")]
    {
        let location = window().location();
        let _ = if replace {
            location.replace(path)
        } else {
            location.set_href(path)
        };
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (path, replace);
}

/// Puts `path` in the address bar without leaving the page (the editor once a post has an
/// address, the search page as the query changes), so a reload or a shared link shows the same.
pub fn show_address(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}
