//! What a published post's newsletter did, beside the editor's buttons: how many readers it
//! was written to and how many the relay has taken, so the author knows it went.

use leptos::prelude::*;

use super::state::EditorState;
use crate::{
    i18n::{page_locale, td_string},
    model::{NewsletterReport, PostKind, PostStatus},
    server_fns::post_newsletter,
};

/// How often, and how many times, an unfinished newsletter is asked about again.
const ASK_AGAIN_AFTER: std::time::Duration = std::time::Duration::from_secs(2);
const ASKED_AT_MOST: u32 = 30;

#[component]
pub fn NewsletterFigure(state: EditorState) -> impl IntoView {
    let locale = page_locale();
    let report = RwSignal::new(None::<NewsletterReport>);
    // Asked whenever the post is saved published (its first publication opens it), and
    // again every few seconds while its messages are still being written.
    let asked = RwSignal::new(0_u32);
    Effect::new(move |_| {
        let times = asked.get();
        let slug = state.slug.get();
        let published = state.status.get() == PostStatus::Published
            && state.kind.get() == PostKind::Post
            && state.saved_updated.get().is_some();
        if let (Some(slug), true) = (slug, published) {
            leptos::task::spawn_local(async move {
                let answer = post_newsletter(slug).await.ok().flatten();
                let unfinished = answer.as_ref().is_some_and(|report| !report.finished);
                report.try_set(answer);
                if unfinished && times < ASKED_AT_MOST {
                    set_timeout(
                        move || {
                            asked.try_update(|times| *times += 1);
                        },
                        ASK_AGAIN_AFTER,
                    );
                }
            });
        }
    });
    move || {
        report.get().map(|report| {
            let count = report.recipients.to_string();
            let delivered = report.delivered.to_string();
            let said = match (report.finished, report.outcome.as_deref()) {
                (false, _) => {
                    td_string!(locale, newsletters.sending, count = count.as_str()).to_string()
                }
                (true, Some(reason)) if reason.starts_with("not sent") => {
                    td_string!(locale, newsletters.not_sent, reason = reason).to_string()
                }
                (true, _) if report.recipients == 0 => {
                    td_string!(locale, newsletters.none).to_string()
                }
                (true, _) => td_string!(
                    locale,
                    newsletters.sent,
                    count = count.as_str(),
                    delivered = delivered.as_str()
                )
                .to_string(),
            };
            view! { <p class="hint newsletter-figure" role="status">{said}</p> }
        })
    }
}
