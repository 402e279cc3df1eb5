use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::A, hooks::use_navigate};

use crate::{
    api::register,
    app::{
        forms::{Field, FormError},
        session::use_session,
    },
    model::AppError,
};

#[component]
pub fn SignUpPage() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let username = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let action = Action::new(|(username, email, password): &(String, String, String)| {
        register(username.clone(), email.clone(), password.clone())
    });
    Effect::new(move || match action.value().get() {
        Some(Ok(signed_in)) => {
            session.signed_in(signed_in.user);
            navigate("/account", Default::default());
        }
        Some(Err(failure)) => error.set(Some(failure)),
        None => {}
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        error.set(None);
        action.dispatch((
            username.get_untracked(),
            email.get_untracked(),
            password.get_untracked(),
        ));
    };
    view! {
        <Title text="Sign up" />
        <section class="auth-page">
            <h1>"Sign up"</h1>
            <form on:submit=submit novalidate>
                <Field name="username" label="Username" autocomplete="username" value=username error=error />
                <Field name="email" label="Email" kind="email" autocomplete="email" value=email error=error />
                <Field name="password" label="Password" kind="password" autocomplete="new-password" value=password error=error />
                <p class="hint">"At least 8 characters."</p>
                <FormError error=error fields=&["username", "email", "password"] />
                <button type="submit" disabled=move || action.pending().get()>
                    {move || if action.pending().get() { "Creating your account…" } else { "Sign up" }}
                </button>
            </form>
            <p>"Have an account? " <A href="/signin">"Sign in"</A></p>
        </section>
    }
}
