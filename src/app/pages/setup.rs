//! `/setup/<token>`: the site's first start. The owner opens the setup link the server
//! printed and creates their account here, the site's first admin; a link that was used or
//! has expired says so and how to get another.

use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use crate::{
    app::{
        forms::{Alert, Submission, answer_with_status_of},
        pages::signup::NewAccountForm,
        session::{go_to, use_session},
    },
    i18n::{Locale, page_locale, td_string},
    model::{AppError, SetupLinkRefusal},
    server_fns::{check_setup_link, claim_site},
};

#[component]
pub fn SetupPage() -> impl IntoView {
    let locale = page_locale();
    let token = use_params_map()
        .read_untracked()
        .get("token")
        .unwrap_or_default();
    let link = {
        let token = token.clone();
        Resource::new(|| (), move |_| check_setup_link(token.clone()))
    };
    view! {
        <Title text=td_string!(locale, setup.title) />
        // The address holds a secret: no search engine keeps it.
        <Meta name="robots" content="noindex" />
        <section class="auth-page" data-hydrate-now="">
            <h1>{td_string!(locale, setup.title)}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match link.await {
                            Ok(()) => view! {
                                <p>{td_string!(locale, setup.intro)}</p>
                                <SetupForm token />
                            }
                            .into_any(),
                            Err(error) => refusal(locale, &error).into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// Why this link makes no owner, in the reader's language.
fn refusal(locale: Locale, error: &AppError) -> impl IntoView + use<> {
    answer_with_status_of(error);
    let message = match error {
        AppError::SetupLink(SetupLinkRefusal::UsedOrExpired) => {
            td_string!(locale, setup.used_or_expired).to_owned()
        }
        AppError::SetupLink(SetupLinkRefusal::SiteHasOwner) => {
            td_string!(locale, setup.has_owner).to_owned()
        }
        other => other.to_string(),
    };
    view! {
        <Alert message />
        <p><a href="/signin">{td_string!(locale, signin.title)}</a></p>
    }
}

#[island(lazy)]
fn SetupForm(token: String) -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let claim = Submission::new(
        move |(username, email, password): (String, String, String)| {
            claim_site(token.clone(), username, email, password)
        },
        move |signed_in| {
            session.signed_in(signed_in.user);
            go_to("/admin", false);
        },
    );
    view! {
        <NewAccountForm
            submission=claim
            button=td_string!(locale, setup.button)
            busy=td_string!(locale, setup.creating)
        />
    }
}
