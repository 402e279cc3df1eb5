//! The second step of a sign-in: the code from an authenticator app, or a recovery code,
//! sent with the challenge the password step left. The sign-in and the password-reset forms
//! both end here when the account has a second factor.

use leptos::prelude::*;

use super::{
    forms::{Field, FormError, Submission},
    session::{go_to, use_session},
};
use crate::{
    i18n::{page_locale, td_string},
    model::{AppError, SignedIn},
    server_fns::login_second_factor,
};

/// Asks for the code while `challenge` holds one. A challenge that ended (too late, or used)
/// is dropped, and its error handed to `back_error`, the password step's.
#[component]
pub fn SecondStepForm(
    challenge: RwSignal<Option<String>>,
    /// Where to go once signed in (a path on this site).
    next: String,
    back_error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let code = RwSignal::new(String::new());
    let verify = Submission::new(
        |(challenge, code): (String, String)| login_second_factor(challenge, code),
        move |signed_in: SignedIn| {
            session.signed_in(signed_in.user);
            go_to(&next, false);
        },
    );
    Effect::new(move || {
        if let Some(ended @ AppError::SignInChallengeEnded) = verify.error.get() {
            back_error.set(Some(ended));
            challenge.set(None);
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if let Some(current) = challenge.get_untracked() {
            verify.submit((current, code.get_untracked()));
        }
    };
    let pending = verify.pending();
    view! {
        <form method="post" on:submit=submit novalidate class="second-step">
            <p>{td_string!(locale, second_step.prompt)}</p>
            <Field
                name="code"
                label=td_string!(locale, second_step.code)
                autocomplete="one-time-code"
                hint=td_string!(locale, second_step.hint)
                value=code
                error=verify.error
            />
            <FormError error=verify.error fields=&["code"] />
            <button type="submit" disabled=move || pending.get()>
                {move || {
                    if pending.get() {
                        td_string!(locale, second_step.verifying)
                    } else {
                        td_string!(locale, second_step.verify)
                    }
                }}
            </button>
        </form>
    }
}
