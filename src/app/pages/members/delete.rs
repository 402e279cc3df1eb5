//! Deleting an account from its row: a small form that asks what becomes of its posts
//! (handed to another author, or deleted with it) before anything is deleted.

use leptos::prelude::*;

use crate::{
    app::forms::ErrorMessage,
    app::session::use_session,
    i18n::{page_locale, td_string},
    model::TheirPosts,
    server_fns::delete_member,
};

#[component]
pub fn DeleteMember(
    username: String,
    changed: RwSignal<u32>,
    news: RwSignal<Option<String>>,
) -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let open = RwSignal::new(false);
    let hand_over = RwSignal::new(true);
    let heir = RwSignal::new(String::new());
    let name = username.clone();
    let delete = leptos::prelude::Action::new(move |their_posts: &TheirPosts| {
        let (name, their_posts) = (name.clone(), their_posts.clone());
        async move { delete_member(name, their_posts).await }
    });
    let name = username.clone();
    Effect::new(move || match delete.value().get() {
        Some(Ok(posts)) => {
            news.set(Some(td_string!(
                locale,
                admin.deleted_now,
                name = name.clone(),
                count = posts
            )));
            changed.update(|n| *n += 1);
        }
        Some(Err(error)) => session.check(&error),
        None => {}
    });
    let error = move || {
        delete
            .value()
            .get()
            .and_then(Result::err)
            .map(|error| view! { <ErrorMessage error inline=true /> })
    };
    let id = |part: &str| format!("delete-{part}-{username}");
    let (heir_id, hand_id, drop_id) = (id("heir"), id("hand"), id("drop"));
    let open_label = td_string!(locale, admin.delete_one, name = username.clone());
    let confirm_label = td_string!(locale, admin.confirm_delete, name = username.clone());
    view! {
        <button type="button" class="danger" aria-label=open_label aria-expanded=move || open.get().to_string()
            on:click=move |_| open.update(|open| *open = !*open)>
            {td_string!(locale, admin.delete)}
        </button>
        <Show when=move || open.get()>
            <form class="delete-member" on:submit=move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                let their_posts = if hand_over.get_untracked() {
                    TheirPosts::HandTo(heir.get_untracked())
                } else {
                    TheirPosts::Delete
                };
                delete.dispatch(their_posts);
            }>
                <fieldset>
                    <legend>{td_string!(locale, admin.their_posts)}</legend>
                    <div>
                        <input type="radio" id=hand_id.clone() name=format!("posts-{hand_id}") checked=true
                            on:change=move |_| hand_over.set(true) />
                        <label for=hand_id.clone()>{td_string!(locale, admin.hand_to)}</label>
                        " "
                        <label class="visually-hidden" for=heir_id.clone()>{td_string!(locale, admin.heir)}</label>
                        <input type="text" id=heir_id.clone() autocomplete="off" prop:value=heir
                            disabled=move || !hand_over.get()
                            on:input=move |event| heir.set(event_target_value(&event)) />
                    </div>
                    <div>
                        <input type="radio" id=drop_id.clone() name=format!("posts-{hand_id}")
                            on:change=move |_| hand_over.set(false) />
                        <label for=drop_id.clone()>{td_string!(locale, admin.delete_posts)}</label>
                    </div>
                </fieldset>
                <button type="submit" class="danger" disabled=move || delete.pending().get()>{confirm_label.clone()}</button>
                " "{error}
            </form>
        </Show>
    }
}
