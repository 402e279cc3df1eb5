//! The links emailed about an address. `/verify-email/<token>` verifies it on opening (a link
//! in a message, like any sign-up confirmation); `/undo-email/<token>`, sent to the old
//! address after a change, asks for a click first: putting the address back signs every
//! device out, which a mail scanner fetching the link must not do.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use crate::{
    app::forms::{Alert, ErrorMessage, FormError, Submission},
    i18n::{page_locale, td_string},
    model::AppError,
    server_fns::{undo_email_change, verify_email},
};

fn token() -> String {
    use_params_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default()
}

/// Whether an error is the link's own refusal (used, expired, unknown).
fn link_refused(error: &AppError) -> bool {
    error.for_field("token").is_some()
}

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let locale = page_locale();
    let token = token();
    let verified = Resource::new(|| (), move |_| verify_email(token.clone()));
    view! {
        <Title text=td_string!(locale, verification.title) />
        <Meta name="robots" content="noindex" />
        <section class="auth-page">
            <h1>{td_string!(locale, verification.title)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match verified.await {
                        Ok(email) => view! {
                            <p role="status">{td_string!(locale, verification.done, email = email.as_str()).to_string()}</p>
                        }
                        .into_any(),
                        Err(error) if link_refused(&error) => {
                            crate::app::forms::answer_with_status_of(&error);
                            view! { <Alert message=td_string!(locale, verification.used_or_expired) /> }.into_any()
                        }
                        Err(error) => view! { <ErrorMessage error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn UndoEmailPage() -> impl IntoView {
    let locale = page_locale();
    let token = token();
    view! {
        <Title text=td_string!(locale, verification.undo_title) />
        <Meta name="robots" content="noindex" />
        <section class="auth-page" data-hydrate-now="">
            <h1>{td_string!(locale, verification.undo_title)}</h1>
            <p>{td_string!(locale, verification.undo_intro)}</p>
            <UndoForm token />
        </section>
    }
}

#[island(lazy)]
fn UndoForm(token: String) -> impl IntoView {
    let locale = page_locale();
    let done = RwSignal::new(false);
    let undo = Submission::new(
        move |()| undo_email_change(token.clone()),
        move |()| done.set(true),
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        undo.submit(());
    };
    let pending = undo.pending();
    view! {
        <form method="post" on:submit=submit novalidate>
            <p class="form-error" role="alert">
                {move || undo.error.get().filter(link_refused).map(|_| td_string!(locale, verification.used_or_expired))}
            </p>
            <Show when=move || undo.error.get().is_some_and(|error| !link_refused(&error))>
                <FormError error=undo.error fields=&[] />
            </Show>
            <p role="status">{move || done.get().then(|| td_string!(locale, verification.undone))}</p>
            <button type="submit" disabled=move || pending.get() || done.get()>
                {move || {
                    if pending.get() {
                        td_string!(locale, verification.undoing)
                    } else {
                        td_string!(locale, verification.undo_button)
                    }
                }}
            </button>
        </form>
    }
}
