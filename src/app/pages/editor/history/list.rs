//! The revisions as a table: a "from" and a "to" column to pick the two to compare, when,
//! how, by whom and what changed, and a Restore button on every revision but the current
//! one (the post's text already).

use leptos::prelude::*;

use super::{
    Timeline,
    words::{kind_label, kind_name, summary},
};
use crate::{
    app::local_time,
    i18n::{page_locale, td_string},
    model::{RevisionKind, RevisionPage, RevisionSummary},
};

#[component]
pub(super) fn RevisionList(page: RevisionPage, timeline: Timeline) -> impl IntoView {
    let locale = page_locale();
    let (from, to) = (timeline.from, timeline.to);
    // The post's text is its newest revision that is not an autosave.
    let current = page
        .revisions
        .iter()
        .find(|revision| revision.kind != RevisionKind::Autosave)
        .map(|revision| revision.id);
    view! {
        <table class="revisions">
            <thead>
                <tr>
                    <th scope="col">{td_string!(locale, history.from)}</th>
                    <th scope="col">{td_string!(locale, history.to)}</th>
                    <th scope="col">{td_string!(locale, history.revision)}</th>
                    <th scope="col"><span class="visually-hidden">{td_string!(locale, history.restore)}</span></th>
                </tr>
            </thead>
            <tbody>
                {page.revisions.into_iter().map(|revision| {
                    let is_current = Some(revision.id) == current;
                    view! { <RevisionRow revision is_current timeline /> }
                }).collect_view()}
            </tbody>
        </table>
        {page.more.then(|| view! {
            <button type="button" class="link-button" on:click=move |_| timeline.older()>
                {td_string!(locale, history.older)}
            </button>
        })}
        <button type="button" on:click=move |_| timeline.compare()
            disabled=move || from.get().is_none() || to.get().is_none() || from.get() == to.get()>
            {td_string!(locale, history.compare)}
        </button>
    }
}

#[component]
fn RevisionRow(revision: RevisionSummary, is_current: bool, timeline: Timeline) -> impl IntoView {
    let locale = page_locale();
    let id = revision.id;
    let (from, to) = (timeline.from, timeline.to);
    let by = revision
        .editor
        .clone()
        .unwrap_or_else(|| td_string!(locale, history.by_schedule).to_owned());
    let shown = revision.clone();
    view! {
        <tr class="revision" data-kind=kind_name(revision.kind) aria-current=is_current.then_some("true")>
            <td class="pick">
                <input type="radio" name="revision-from" value=id
                    aria-label=td_string!(locale, history.compare_from)
                    prop:checked=move || from.get() == Some(id)
                    on:change=move |_| from.set(Some(id)) />
            </td>
            <td class="pick">
                <input type="radio" name="revision-to" value=id
                    aria-label=td_string!(locale, history.compare_to)
                    prop:checked=move || to.get() == Some(id)
                    on:change=move |_| to.set(Some(id)) />
            </td>
            <td class="revision-line">
                <time datetime=revision.created.iso.clone()>{local_time::shown(revision.created.millis, locale)}</time>
                " · "{kind_label(locale, revision.kind)}" · "{by}
                <span class="muted">" · "{summary(locale, &revision)}</span>
            </td>
            <td class="revision-action">
                {if is_current {
                    view! { <span class="muted">{td_string!(locale, history.current)}</span> }.into_any()
                } else {
                    view! {
                        <button type="button" class="link-button" on:click=move |_| timeline.restore(shown.clone())>
                            {td_string!(locale, history.restore)}
                        </button>
                    }.into_any()
                }}
            </td>
        </tr>
    }
}
