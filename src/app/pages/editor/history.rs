//! The post's history beside the editor: every revision with who made it, when and what it
//! changed; any two compared line by line; any one restored (as a new revision). Restoring
//! over unsaved typing first keeps the typing as an autosave, so nothing typed is lost.

use leptos::prelude::*;

use super::state::{EditorState, draft_of};
use crate::{
    app::{local_time, session::use_session},
    i18n::{Locale, page_locale, td_string},
    model::{
        LineChange, Post, PostStatus, RevisionDiff, RevisionKind, RevisionPage, RevisionSummary,
    },
    server_fns::{autosave_post, compare_revisions, post_revisions, restore_revision},
};

#[component]
pub fn History(state: EditorState, on_restored: Callback<Post>) -> impl IntoView {
    let locale = page_locale();
    let session = use_session();
    let open = RwSignal::new(false);
    let page = RwSignal::new(None::<RevisionPage>);
    let error = RwSignal::new(None::<String>);
    let from = RwSignal::new(None::<i64>);
    let to = RwSignal::new(None::<i64>);
    let diff = RwSignal::new(None::<RevisionDiff>);

    // Pages of the history shown so far: the newest first, older ones on request.
    let pages = RwSignal::new(1_i64);
    let load = move || {
        let Some(slug) = state.slug.get_untracked() else {
            return;
        };
        let shown = pages.get_untracked();
        leptos::task::spawn_local(async move {
            let mut loaded = RevisionPage::default();
            for number in 1..=shown {
                match post_revisions(slug.clone(), number).await {
                    Ok(more) => {
                        loaded.revisions.extend(more.revisions);
                        loaded.more = more.more;
                    }
                    Err(failure) => {
                        session.check(&failure);
                        error.set(Some(failure.to_string()));
                        return;
                    }
                }
            }
            // The two newest are compared unless the author picks others.
            if shown == 1 {
                let ids: Vec<i64> = loaded
                    .revisions
                    .iter()
                    .map(|revision| revision.id)
                    .collect();
                to.set(ids.first().copied());
                from.set(ids.get(1).copied());
            }
            page.set(Some(loaded));
            error.set(None);
        });
    };
    let older = move |_| {
        pages.update(|pages| *pages += 1);
        load();
    };
    // A save changes the history: reload it while it is open.
    Effect::new(move || {
        state.saved_updated.track();
        if open.get() {
            load();
        }
    });

    let compare = move |_| {
        let (Some(slug), Some(first), Some(second)) =
            (state.slug.get_untracked(), from.get(), to.get())
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            match compare_revisions(slug, first, second).await {
                Ok(found) => diff.set(Some(found)),
                Err(failure) => {
                    session.check(&failure);
                    error.set(Some(failure.to_string()));
                }
            }
        });
    };

    let restore = move |revision: RevisionSummary| {
        let Some(slug) = state.slug.get_untracked() else {
            return;
        };
        let question = if state.dirty.get_untracked() {
            td_string!(locale, history.confirm_restore_unsaved)
        } else {
            td_string!(locale, history.confirm_restore)
        };
        if !window().confirm_with_message(question).unwrap_or(false) {
            return;
        }
        let unsaved = state
            .dirty
            .get_untracked()
            .then(|| state.fields.draft_untracked());
        leptos::task::spawn_local(async move {
            if let Some(typed) = unsaved
                && let Err(failure) = autosave_post(slug.clone(), typed).await
            {
                session.check(&failure);
                error.set(Some(failure.to_string()));
                return;
            }
            match restore_revision(slug, revision.id).await {
                Ok(post) => {
                    diff.set(None);
                    state.fields.fill(&draft_of(&post));
                    on_restored.run(post);
                }
                Err(failure) => {
                    session.check(&failure);
                    error.set(Some(failure.to_string()));
                }
            }
        });
    };

    view! {
        <Show when=move || state.slug.get().is_some()>
            <details class="history" on:toggle=move |_| open.update(|open| *open = !*open)>
                <summary>{td_string!(locale, history.title)}</summary>
                {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
                {move || page.get().map(|page| view! {
                    <ol class="revisions">
                        {page.revisions.into_iter().map(|revision| {
                            let id = revision.id;
                            let shown = revision.clone();
                            view! {
                                <li class="revision" data-kind=kind_name(shown.kind)>
                                    <label class="pick" title=td_string!(locale, history.compare_from)>
                                        <input type="radio" name="revision-from" value=id
                                            aria-label=td_string!(locale, history.compare_from)
                                            prop:checked=move || from.get() == Some(id)
                                            on:change=move |_| from.set(Some(id)) />
                                    </label>
                                    <label class="pick" title=td_string!(locale, history.compare_to)>
                                        <input type="radio" name="revision-to" value=id
                                            aria-label=td_string!(locale, history.compare_to)
                                            prop:checked=move || to.get() == Some(id)
                                            on:change=move |_| to.set(Some(id)) />
                                    </label>
                                    <span class="revision-line">
                                        <time datetime=shown.created.iso.clone()>{local_time::shown(shown.created.millis, locale)}</time>
                                        " · "{kind_label(locale, shown.kind)}
                                        " · "{shown.editor.clone().unwrap_or_else(|| td_string!(locale, history.by_schedule).to_owned())}
                                        <span class="muted">" · "{summary(locale, &shown)}</span>
                                    </span>
                                    <button type="button" class="link-button"
                                        on:click=move |_| restore(revision.clone())>
                                        {td_string!(locale, history.restore)}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    {page.more.then(|| view! {
                        <button type="button" class="link-button" on:click=older>
                            {td_string!(locale, history.older)}
                        </button>
                    })}
                    <button type="button" on:click=compare
                        disabled=move || from.get().is_none() || to.get().is_none() || from.get() == to.get()>
                        {td_string!(locale, history.compare)}
                    </button>
                })}
                {move || diff.get().map(|diff| view! { <Difference diff /> })}
            </details>
        </Show>
    }
}

#[component]
fn Difference(diff: RevisionDiff) -> impl IntoView {
    let locale = page_locale();
    let field = |label: &'static str, change: Option<crate::model::TextChange>| {
        change.map(|change| {
            view! {
                <p class="diff-field">
                    <strong>{label}</strong>" "
                    <del>{change.before}</del>" → "<ins>{change.after}</ins>
                </p>
            }
        })
    };
    let same = diff.title.is_none()
        && diff.description.is_none()
        && diff.tags.is_none()
        && diff.body.is_empty();
    view! {
        <section class="diff" aria-label=td_string!(locale, history.difference)>
            {field(td_string!(locale, editor.field_title), diff.title)}
            {field(td_string!(locale, editor.field_description), diff.description)}
            {field(td_string!(locale, editor.field_tags), diff.tags)}
            {same.then(|| view! { <p class="muted">{td_string!(locale, history.no_difference)}</p> })}
            {diff.body_approximate.then(|| view! { <p class="muted">{td_string!(locale, history.approximate)}</p> })}
            {(!diff.body.is_empty()).then(|| view! {
                <pre class="diff-body">
                    {diff.body.into_iter().map(|line| {
                        let (class, mark) = match line.change {
                            LineChange::Same => ("diff-same", " "),
                            LineChange::Added => ("diff-added", "+"),
                            LineChange::Removed => ("diff-removed", "-"),
                            LineChange::Skipped => ("diff-skipped", "…"),
                        };
                        view! { <span class=class>{mark}" "{line.text}"\n"</span> }
                    }).collect_view()}
                </pre>
            })}
        </section>
    }
}

fn kind_name(kind: RevisionKind) -> &'static str {
    match kind {
        RevisionKind::Save => "save",
        RevisionKind::Autosave => "autosave",
        RevisionKind::Restore => "restore",
        RevisionKind::Import => "import",
        RevisionKind::Scheduled => "scheduled",
    }
}

fn kind_label(locale: Locale, kind: RevisionKind) -> &'static str {
    match kind {
        RevisionKind::Save => td_string!(locale, history.kind_save),
        RevisionKind::Autosave => td_string!(locale, history.kind_autosave),
        RevisionKind::Restore => td_string!(locale, history.kind_restore),
        RevisionKind::Import => td_string!(locale, history.kind_import),
        RevisionKind::Scheduled => td_string!(locale, history.kind_scheduled),
    }
}

/// What a revision changed, in a few words: "title, tags, +3 −1 lines, published".
fn summary(locale: Locale, revision: &RevisionSummary) -> String {
    let changes = &revision.changes;
    if changes.first {
        return td_string!(locale, history.first).to_owned();
    }
    let mut parts: Vec<String> = Vec::new();
    if changes.title {
        parts.push(td_string!(locale, history.changed_title).to_owned());
    }
    if changes.description {
        parts.push(td_string!(locale, history.changed_description).to_owned());
    }
    if changes.tags {
        parts.push(td_string!(locale, history.changed_tags).to_owned());
    }
    if changes.lines_added > 0 || changes.lines_removed > 0 {
        parts.push(format!(
            "+{} −{}",
            changes.lines_added, changes.lines_removed
        ));
    }
    match changes.status {
        Some(PostStatus::Published) => {
            parts.push(td_string!(locale, history.now_published).to_owned())
        }
        Some(PostStatus::Draft) => parts.push(td_string!(locale, history.now_draft).to_owned()),
        None => {}
    }
    if changes.schedule && changes.status.is_none() {
        parts.push(td_string!(locale, history.changed_schedule).to_owned());
    }
    if parts.is_empty() {
        td_string!(locale, history.nothing_changed).to_owned()
    } else {
        parts.join(", ")
    }
}
