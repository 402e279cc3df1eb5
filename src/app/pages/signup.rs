//! `/signup`: a new account, signed in at once.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    app::{
        forms::{Field, FormError, Submission},
        session::{go_to, use_session},
    },
    i18n::{page_locale, td_string},
    model::{Registration, SignedIn, SiteInfo, routes},
    server_fns::register,
};

#[component]
pub fn SignUpPage() -> impl IntoView {
    let locale = page_locale();
    let invitation = leptos_router::hooks::use_query_map()
        .with_untracked(|query| query.get(routes::query::INVITATION))
        .filter(|token| !token.is_empty());
    let registration = use_context::<SiteInfo>()
        .map(|site| site.registration)
        .unwrap_or(Registration::Open);
    // Without an invitation, a site that takes no sign-ups says so instead of a form that
    // would be refused.
    let form = match (&invitation, registration) {
        (Some(_), _) | (None, Registration::Open) => {
            view! {
                {invitation.is_some().then(|| view! { <p class="notice">{td_string!(locale, signup.invited)}</p> })}
                <SignUpForm invitation />
            }
            .into_any()
        }
        (None, Registration::Invitation) => {
            view! { <p class="notice">{td_string!(locale, signup.invitation_only)}</p> }.into_any()
        }
        (None, Registration::Closed) => {
            view! { <p class="notice">{td_string!(locale, signup.closed)}</p> }.into_any()
        }
    };
    view! {
        <Title text=td_string!(locale, signup.title) />
        <section class="auth-page" data-hydrate-now="">
            <h1>{td_string!(locale, signup.title)}</h1>
            {form}
            <p>
                {td_string!(locale, signup.have_account)}
                <a href="/signin">{td_string!(locale, signup.sign_in)}</a>
            </p>
        </section>
    }
}

#[island(lazy)]
fn SignUpForm(invitation: Option<String>) -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let sign_up = Submission::new(
        move |(username, email, password): (String, String, String)| {
            register(username, email, password, invitation.clone())
        },
        move |signed_in| {
            session.signed_in(signed_in.user);
            // The account page greets a new account and leads it on.
            go_to("/account?welcome", false);
        },
    );
    view! {
        <NewAccountForm
            submission=sign_up
            button=td_string!(locale, signup.title)
            busy=td_string!(locale, signup.creating)
        />
    }
}

/// A new account's fields and the button that sends them: sign-up and the owner's setup form
/// differ only in where the fields go and in the button's words.
#[component]
pub(super) fn NewAccountForm(
    submission: Submission<(String, String, String), SignedIn>,
    button: &'static str,
    busy: &'static str,
) -> impl IntoView {
    let locale = page_locale();
    let username = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        submission.submit((
            username.get_untracked(),
            email.get_untracked(),
            password.get_untracked(),
        ));
    };
    let pending = submission.pending();
    view! {
        <form method="post" on:submit=submit novalidate>
            <Field name="username" label=td_string!(locale, signup.username) autocomplete="username" value=username error=submission.error />
            <Field name="email" label=td_string!(locale, signup.email) kind="email" autocomplete="email" value=email error=submission.error />
            <Field name="password" label=td_string!(locale, signup.password) kind="password" autocomplete="new-password" value=password error=submission.error />
            <p class="hint">{td_string!(locale, signup.password_hint)}</p>
            <FormError error=submission.error fields=&["username", "email", "password"] />
            <button type="submit" disabled=move || pending.get()>
                {move || if pending.get() { busy } else { button }}
            </button>
        </form>
    }
}
