//! Two revisions side by side: which fields changed, and the body line by line.

use leptos::prelude::*;

use crate::{
    i18n::{page_locale, td_string},
    model::{LineChange, RevisionDiff, TextChange},
};

#[component]
pub fn Difference(diff: RevisionDiff) -> impl IntoView {
    let locale = page_locale();
    let field = |label: &'static str, change: Option<TextChange>| {
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
