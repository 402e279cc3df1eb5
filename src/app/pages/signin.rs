use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};

use crate::{
    api::login,
    app::{
        forms::{Field, FormError, safe_next},
        session::use_session,
    },
    model::AppError,
};

#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let query = use_query_map();
    let next = move || safe_next(query.read().get("next"));
    let navigate = use_navigate();
    let login_value = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let action = Action::new(|(login_value, password): &(String, String)| {
        login(login_value.clone(), password.clone())
    });
    Effect::new(move || match action.value().get() {
        Some(Ok(signed_in)) => {
            session.signed_in(signed_in.user);
            navigate(&next(), Default::default());
        }
        Some(Err(failure)) => error.set(Some(failure)),
        None => {}
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        error.set(None);
        action.dispatch((login_value.get_untracked(), password.get_untracked()));
    };
    view! {
        <Title text="Sign in" />
        <section class="auth-page">
            <h1>"Sign in"</h1>
            <form on:submit=submit novalidate>
                <Field name="login" label="Username or email" autocomplete="username" value=login_value error=error />
                <Field name="password" label="Password" kind="password" autocomplete="current-password" value=password error=error />
                <FormError error=error fields=&["login", "password"] />
                <button type="submit" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
            <p>"New here? " <A href="/signup">"Create an account"</A></p>
        </section>
    }
}
