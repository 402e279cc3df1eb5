//! Removing a member's two-step sign-in from their row, for someone who lost their app and
//! their recovery codes: after a confirmation, and recorded in the audit log by the server.

use leptos::prelude::*;

use crate::{
    app::{forms::ErrorMessage, session::use_session},
    i18n::{page_locale, td_string},
    server_fns::remove_member_second_factor,
};

#[component]
pub fn RemoveSecondFactor(
    username: String,
    changed: RwSignal<u32>,
    news: RwSignal<Option<String>>,
) -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let name = username.clone();
    let remove = leptos::prelude::Action::new(move |_: &()| {
        let name = name.clone();
        async move { remove_member_second_factor(name).await }
    });
    let name = username.clone();
    Effect::new(move || match remove.value().get() {
        Some(Ok(())) => {
            news.set(Some(td_string!(
                locale,
                admin.second_factor_removed_now,
                name = name.clone()
            )));
            changed.update(|n| *n += 1);
        }
        Some(Err(error)) => session.check(&error),
        None => {}
    });
    let name = username.clone();
    let ask = move |_| {
        let confirmed = window()
            .confirm_with_message(&td_string!(
                locale,
                admin.confirm_remove_second_factor,
                name = name.clone()
            ))
            .unwrap_or(false);
        if confirmed {
            remove.dispatch(());
        }
    };
    let error = move || {
        remove
            .value()
            .get()
            .and_then(Result::err)
            .map(|error| view! { <ErrorMessage error inline=true /> })
    };
    let label = td_string!(locale, admin.remove_second_factor_of, name = username);
    view! {
        <button type="button" aria-label=label disabled=move || remove.pending().get() on:click=ask>
            {td_string!(locale, admin.remove_second_factor)}
        </button>
        " "{error}
    }
}
