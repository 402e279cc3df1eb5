//! What the editor holds: the fields being typed, and the version of the post the server
//! last confirmed, from which "unsaved changes" follows.

use leptos::prelude::*;

use crate::model::{Post, PostDraft, PostKind, PostStatus};

/// The four fields, one signal each.
#[derive(Clone, Copy)]
pub struct Fields {
    pub title: RwSignal<String>,
    pub description: RwSignal<String>,
    pub tags: RwSignal<String>,
    pub body: RwSignal<String>,
}

impl Fields {
    fn new() -> Self {
        Self {
            title: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            tags: RwSignal::new(String::new()),
            body: RwSignal::new(String::new()),
        }
    }

    /// The fields as a draft; tracked, so a memo or effect follows every keystroke.
    pub fn draft(&self) -> PostDraft {
        PostDraft {
            title: self.title.get(),
            description: self.description.get(),
            body: self.body.get(),
            tags: parse_tags(&self.tags.get()),
        }
    }

    pub fn draft_untracked(&self) -> PostDraft {
        PostDraft {
            title: self.title.get_untracked(),
            description: self.description.get_untracked(),
            body: self.body.get_untracked(),
            tags: parse_tags(&self.tags.get_untracked()),
        }
    }

    pub fn fill(&self, draft: &PostDraft) {
        self.title.set(draft.title.clone());
        self.description.set(draft.description.clone());
        self.tags.set(draft.tags.join(", "));
        self.body.set(draft.body.clone());
    }
}

/// The editor's state: the fields and what the server knows of the post.
#[derive(Clone, Copy)]
pub struct EditorState {
    pub fields: Fields,
    /// The post's address; `None` until the first save.
    pub slug: RwSignal<Option<String>>,
    /// A post or a standalone page: chosen for a new one, loaded with an existing one.
    pub kind: RwSignal<PostKind>,
    pub status: RwSignal<PostStatus>,
    /// When the draft is scheduled to publish itself, as the server last confirmed.
    pub publish_at: RwSignal<Option<i64>>,
    /// The post as the server last confirmed it; `None` for a post never saved.
    pub saved: RwSignal<Option<PostDraft>>,
    /// That version's `updated` time, recorded with every unsaved copy.
    pub saved_updated: RwSignal<Option<i64>>,
    /// Whether the post (or the empty new one) has loaded; nothing is saved before.
    pub ready: RwSignal<bool>,
    /// Whether the fields hold a copy brought back from the browser.
    pub restored: RwSignal<bool>,
    /// That copy was typed over an older version than the server now has.
    pub restored_stale: RwSignal<bool>,
    pub dirty: Memo<bool>,
}

impl EditorState {
    pub fn new(slug: Option<String>, kind: PostKind) -> Self {
        let fields = Fields::new();
        let saved = RwSignal::new(None::<PostDraft>);
        let ready = RwSignal::new(false);
        let dirty = Memo::new(move |_| {
            ready.get()
                && match saved.get() {
                    Some(saved) => saved != fields.draft(),
                    None => fields.draft() != PostDraft::default(),
                }
        });
        Self {
            fields,
            slug: RwSignal::new(slug),
            kind: RwSignal::new(kind),
            status: RwSignal::new(PostStatus::Draft),
            publish_at: RwSignal::new(None),
            saved,
            saved_updated: RwSignal::new(None),
            ready,
            restored: RwSignal::new(false),
            restored_stale: RwSignal::new(false),
            dirty,
        }
    }

    /// Records what the server confirmed: it is now the saved version.
    pub fn confirmed(&self, post: &Post) {
        self.kind.set(post.kind);
        self.status.set(post.summary.status);
        self.publish_at
            .set(post.summary.scheduled.as_ref().map(|moment| moment.millis));
        self.saved_updated.set(Some(post.summary.updated.millis));
        self.saved.set(Some(draft_of(post)));
        self.restored.set(false);
        self.restored_stale.set(false);
    }
}

impl EditorState {
    /// The scheduled post was published by the server: it is live now, and the server's
    /// version is this one. Typing in the fields is left as it is (and stays unsaved).
    pub fn went_public(&self, post: &Post) {
        self.status.set(post.summary.status);
        self.publish_at.set(None);
        self.saved_updated.set(Some(post.summary.updated.millis));
        self.saved.set(Some(draft_of(post)));
    }
}

pub fn draft_of(post: &Post) -> PostDraft {
    PostDraft {
        title: post.summary.title.clone(),
        description: post.summary.description.clone(),
        body: post.body.clone(),
        tags: post.summary.tags.clone(),
    }
}

fn parse_tags(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|tag| !tag.is_empty())
        .map(str::to_owned)
        .collect()
}
