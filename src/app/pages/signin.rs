//! `/signin`: username or email and password, then the second factor's code when the account
//! has one; afterwards back to where the reader was.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    app::{
        forms::{Field, FormError, Submission, safe_next},
        second_step::SecondStepForm,
        session::{go_to, use_session},
    },
    i18n::{page_locale, td_string},
    model::SignInStep,
    server_fns::login,
};

#[component]
pub fn SignInPage() -> impl IntoView {
    let next = safe_next(use_query_map().read_untracked().get("next"));
    let locale = page_locale();
    view! {
        <Title text=td_string!(locale, signin.title) />
        <section class="auth-page" data-hydrate-now="">
            <h1>{td_string!(locale, signin.title)}</h1>
            <SignInForm next />
            <p><a href="/forgot-password">{td_string!(locale, recovery.forgot_link)}</a></p>
            <p>
                {td_string!(locale, signin.new_here)}
                <a href="/signup">{td_string!(locale, signin.create_account)}</a>
            </p>
        </section>
    }
}

/// `next`: where to go once signed in (a path on this site).
#[island(lazy)]
fn SignInForm(next: String) -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let login_value = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let challenge = RwSignal::new(None::<String>);
    let after_password = next.clone();
    let sign_in = Submission::new(
        |(login_value, password): (String, String)| login(login_value, password),
        move |step| match step {
            SignInStep::SignedIn(signed_in) => {
                session.signed_in(signed_in.user);
                go_to(&after_password, false);
            }
            SignInStep::SecondFactorRequired {
                second_factor_required,
            } => challenge.set(Some(second_factor_required.challenge)),
        },
    );
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        sign_in.submit((login_value.get_untracked(), password.get_untracked()));
    };
    let pending = sign_in.pending();
    let password_step = move || {
        view! {
            <form method="post" on:submit=submit novalidate>
                <Field name="login" label=td_string!(locale, signin.login) autocomplete="username" value=login_value error=sign_in.error />
                <Field name="password" label=td_string!(locale, signin.password) kind="password" autocomplete="current-password" value=password error=sign_in.error />
                <FormError error=sign_in.error fields=&["login", "password"] />
                <button type="submit" disabled=move || pending.get()>
                    {move || {
                        if pending.get() {
                            td_string!(locale, signin.signing_in)
                        } else {
                            td_string!(locale, signin.title)
                        }
                    }}
                </button>
            </form>
        }
    };
    view! {
        <Show when=move || challenge.read().is_some() fallback=password_step>
            <SecondStepForm challenge next=next.clone() back_error=sign_in.error />
        </Show>
    }
}
