use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="" />
        <Meta name="description" content="The latest posts" />
        <section class="home">
            <h1>"Latest posts"</h1>
            <p class="empty">"Nothing has been published yet."</p>
        </section>
    }
}
