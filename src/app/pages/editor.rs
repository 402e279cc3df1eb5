//! The Markdown editor (`/editor`, `/editor/:slug`): a browser-only page for signed-in
//! authors. Nothing typed is lost: every change is copied to localStorage until the server
//! confirms the save; the copy comes back after a reload or a new sign-in; leaving with
//! unsaved changes asks first. The preview is the server's own rendering of the text.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    NavigateOptions,
    hooks::{use_navigate, use_params_map},
};

use crate::{
    api::{delete_post, post_for_editing, preview, save_post},
    app::{
        forms::{Field, FormError},
        session::{RequireUser, use_session},
    },
    model::{AppError, Post, PostDraft, PostStatus},
};

#[component]
pub fn EditorPage() -> impl IntoView {
    let session = use_session();
    // Only a change of person re-creates the editor (and its unsaved state), not a refreshed
    // account record.
    let username = Memo::new(move |_| {
        session
            .user
            .with(|user| user.as_ref().map(|user| user.username.clone()))
    });
    view! {
        <Title text="Editor" />
        <RequireUser>
            {move || match username.get() {
                Some(username) => view! { <Editor username /> }.into_any(),
                None => view! { <p>"Loading the editor…"</p> }.into_any(),
            }}
        </RequireUser>
    }
}

/// What the fields hold.
#[derive(Clone, Copy)]
struct Fields {
    title: RwSignal<String>,
    description: RwSignal<String>,
    tags: RwSignal<String>,
    body: RwSignal<String>,
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

    fn draft(&self) -> PostDraft {
        PostDraft {
            title: self.title.get(),
            description: self.description.get(),
            body: self.body.get(),
            tags: parse_tags(&self.tags.get()),
        }
    }

    fn draft_untracked(&self) -> PostDraft {
        PostDraft {
            title: self.title.get_untracked(),
            description: self.description.get_untracked(),
            body: self.body.get_untracked(),
            tags: parse_tags(&self.tags.get_untracked()),
        }
    }

    fn fill(&self, draft: &PostDraft) {
        self.title.set(draft.title.clone());
        self.description.set(draft.description.clone());
        self.tags.set(draft.tags.join(", "));
        self.body.set(draft.body.clone());
    }
}

fn parse_tags(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|tag| !tag.is_empty())
        .map(str::to_owned)
        .collect()
}

fn draft_of(post: &Post) -> PostDraft {
    PostDraft {
        title: post.summary.title.clone(),
        description: post.summary.description.clone(),
        body: post.body.clone(),
        tags: post.summary.tags.clone(),
    }
}

#[component]
fn Editor(username: String) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let params = use_params_map();
    let route_slug = move || params.read_untracked().get("slug");

    let fields = Fields::new();
    // The post as the server last confirmed it; `None` until loaded (or for a new post).
    let saved = RwSignal::new(None::<PostDraft>);
    // That version's `updated` time, recorded with every unsaved copy.
    let saved_updated = RwSignal::new(None::<i64>);
    // The restored copy was typed over an older version than the server now has.
    let restored_stale = RwSignal::new(false);
    let slug = RwSignal::new(route_slug());
    let status = RwSignal::new(PostStatus::Draft);
    let ready = RwSignal::new(false);
    let restored = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let notice = RwSignal::new(None::<&'static str>);
    let preview_html = RwSignal::new(String::new());

    let autosave_key = {
        let username = username.clone();
        move |slug: Option<&str>| autosave::key(&username, slug)
    };

    // Load the post (or start a new one), then bring back any copy left unsaved.
    {
        let autosave_key = autosave_key.clone();
        let initial_slug = slug.get_untracked();
        let loaded = LocalResource::new(move || {
            let slug = initial_slug.clone();
            async move {
                match slug {
                    Some(slug) => post_for_editing(slug).await.map(Some),
                    None => Ok(None),
                }
            }
        });
        Effect::new(move || {
            let Some(result) = loaded.get() else { return };
            if ready.get_untracked() {
                return;
            }
            match result {
                Ok(post) => {
                    let server_draft = post.as_ref().map(draft_of);
                    let server_updated = post.as_ref().map(|post| post.summary.updated.millis);
                    if let Some(post) = &post {
                        status.set(post.summary.status);
                    }
                    let key = autosave_key(slug.get_untracked().as_deref());
                    match (autosave::load(&key), &server_draft) {
                        (Some((local, base)), server) if Some(&local) != server.as_ref() => {
                            fields.fill(&local);
                            restored.set(true);
                            restored_stale.set(server.is_some() && base != server_updated);
                        }
                        (_, Some(server)) => fields.fill(server),
                        (_, None) => {}
                    }
                    saved.set(server_draft);
                    saved_updated.set(server_updated);
                    ready.set(true);
                }
                Err(failure) => {
                    session.check(&failure);
                    error.set(Some(failure));
                }
            }
        });
    }

    let dirty = Memo::new(move |_| {
        ready.get()
            && match saved.get() {
                Some(saved) => saved != fields.draft(),
                None => fields.draft() != PostDraft::default(),
            }
    });

    // Every change goes to localStorage; a confirmed save removes the copy.
    {
        let autosave_key = autosave_key.clone();
        Effect::new(move || {
            let draft = fields.draft();
            if !ready.get() {
                return;
            }
            let key = autosave_key(slug.get().as_deref());
            if dirty.get() {
                autosave::store(&key, &draft, saved_updated.get_untracked());
            } else {
                autosave::forget(&key);
            }
        });
    }

    // The preview follows the text, a moment after typing stops.
    let preview_generation = StoredValue::new(0u64);
    Effect::new(move || {
        let body = fields.body.get();
        let generation = preview_generation.get_value() + 1;
        preview_generation.set_value(generation);
        set_timeout(
            move || {
                if preview_generation.get_value() != generation {
                    return;
                }
                leptos::task::spawn_local(async move {
                    match preview(body).await {
                        Ok(html) if preview_generation.get_value() == generation => {
                            preview_html.set(html)
                        }
                        Ok(_) => {}
                        Err(failure) => session.check(&failure),
                    }
                });
            },
            std::time::Duration::from_millis(300),
        );
    });

    let save = Action::new(
        |(slug, draft, status): &(Option<String>, PostDraft, PostStatus)| {
            save_post(slug.clone(), draft.clone(), *status)
        },
    );
    {
        let autosave_key = autosave_key.clone();
        let navigate = navigate.clone();
        Effect::new(move || match save.value().get() {
            Some(Ok(post)) => {
                let old_key = autosave_key(slug.get_untracked().as_deref());
                autosave::forget(&old_key);
                let new_slug = post.summary.slug.clone();
                let confirmed = draft_of(&post);
                // Typing may have gone on while the save was in flight: keep that copy.
                let typed = fields.draft_untracked();
                if typed != confirmed {
                    autosave::store(
                        &autosave_key(Some(&new_slug)),
                        &typed,
                        Some(post.summary.updated.millis),
                    );
                }
                status.set(post.summary.status);
                saved_updated.set(Some(post.summary.updated.millis));
                saved.set(Some(confirmed));
                restored.set(false);
                restored_stale.set(false);
                error.set(None);
                notice.set(Some(match post.summary.status {
                    PostStatus::Draft => "Draft saved.",
                    PostStatus::Published => "Published.",
                }));
                if slug.get_untracked().as_deref() != Some(new_slug.as_str()) {
                    slug.set(Some(new_slug.clone()));
                    navigate(
                        &format!("/editor/{new_slug}"),
                        NavigateOptions {
                            replace: true,
                            scroll: false,
                            ..Default::default()
                        },
                    );
                }
            }
            Some(Err(failure)) => {
                session.check(&failure);
                notice.set(None);
                error.set(Some(failure));
            }
            None => {}
        });
    }
    let save_as = move |new_status: PostStatus| {
        // Never before the post has loaded: empty fields would overwrite it.
        if save.pending().get_untracked() || !ready.get_untracked() {
            return;
        }
        error.set(None);
        notice.set(None);
        save.dispatch((slug.get_untracked(), fields.draft(), new_status));
    };

    // Ctrl+S / Cmd+S saves, keeping the post's status.
    let keys = window_event_listener(leptos::ev::keydown, move |event| {
        let key = event.key();
        if (event.ctrl_key() || event.meta_key()) && (key == "s" || key == "S") {
            event.prevent_default();
            save_as(status.get_untracked());
        }
    });
    // Leaving with unsaved changes asks first (the copy in localStorage is kept regardless).
    let leaving = window_event_listener(leptos::ev::beforeunload, move |event| {
        if dirty.get_untracked() {
            event.prevent_default();
            event.set_return_value("You have unsaved changes.");
        }
    });
    on_cleanup(move || {
        keys.remove();
        leaving.remove();
    });

    let remove = Action::new(|slug: &String| delete_post(slug.clone()));
    {
        let autosave_key = autosave_key.clone();
        Effect::new(move || match remove.value().get() {
            Some(Ok(())) => {
                autosave::forget(&autosave_key(slug.get_untracked().as_deref()));
                saved.set(Some(fields.draft()));
                navigate("/drafts", Default::default());
            }
            Some(Err(failure)) => {
                session.check(&failure);
                error.set(Some(failure));
            }
            None => {}
        });
    }
    let confirm_delete = move |_| {
        let Some(current) = slug.get_untracked() else {
            return;
        };
        if window()
            .confirm_with_message("Delete this post for good? This cannot be undone.")
            .unwrap_or(false)
        {
            remove.dispatch(current);
        }
    };
    let discard_restored = {
        let autosave_key = autosave_key.clone();
        move |_| {
            autosave::forget(&autosave_key(slug.get_untracked().as_deref()));
            match saved.get_untracked() {
                Some(server) => fields.fill(&server),
                None => fields.fill(&PostDraft::default()),
            }
            restored.set(false);
        }
    };

    let field_error = move |name: &'static str, label: &'static str| {
        move || {
            error
                .get()
                .and_then(|error| error.for_field(name))
                .map(|message| format!("{label} {message}"))
        }
    };
    let invalid = move |name: &'static str| {
        move || {
            error
                .get()
                .and_then(|error| error.for_field(name))
                .map(|_| "true")
        }
    };
    let published = move || status.get() == PostStatus::Published;
    let saving = move || save.pending().get() || !ready.get();

    view! {
        <section class="editor" aria-labelledby="editor-heading">
            <h1 id="editor-heading">
                {move || if slug.get().is_some() { "Edit post" } else { "New post" }}
            </h1>
            <Show when=move || restored.get()>
                <p class="notice" role="status">
                    "Restored changes you had not saved yet. "
                    {move || restored_stale.get().then_some(
                        "The post was changed elsewhere after you made them: check before saving. "
                    )}
                    <button type="button" class="link-button" on:click=discard_restored.clone()>
                        "Discard them"
                    </button>
                </p>
            </Show>
            <form class="editor-form" novalidate on:submit=move |event| {
                event.prevent_default();
                save_as(status.get_untracked());
            }>
                <Field name="title" label="Title" value=fields.title error=error />
                <Field name="description" label="Description" value=fields.description error=error
                    hint="One sentence for lists and link previews." />
                <Field name="tags" label="Tags" value=fields.tags error=error error_key="tagList"
                    hint="Separated by commas, e.g. rust, web" />
                <div class="editor-panes">
                    <div class="field">
                        <label for="post-body">"Body (Markdown)"</label>
                        <textarea id="post-body" name="body" rows="20" bind:value=fields.body
                            spellcheck="true"
                            aria-invalid=invalid("body") aria-describedby="post-body-error"></textarea>
                        <p class="field-error" id="post-body-error" role="alert">{field_error("body", "Body")}</p>
                    </div>
                    <div class="preview-pane">
                        <h2 class="preview-label" id="preview-heading">"Preview"</h2>
                        <div class="prose preview" aria-labelledby="preview-heading" aria-live="off"
                            inner_html=move || preview_html.get()></div>
                    </div>
                </div>
                <FormError error=error fields=&["title", "description", "tagList", "body"] />
                <p class="save-state" role="status" aria-live="polite">
                    {move || {
                        if saving() {
                            "Saving…"
                        } else if let Some(notice) = notice.get().filter(|_| !dirty.get()) {
                            notice
                        } else if dirty.get() {
                            "Unsaved changes (a copy is kept in this browser)"
                        } else {
                            ""
                        }
                    }}
                </p>
                <div class="editor-actions">
                    <Show
                        when=published
                        fallback=move || view! {
                            <button type="button" on:click=move |_| save_as(PostStatus::Draft) disabled=saving>
                                "Save draft"
                            </button>
                            <button type="button" class="primary" on:click=move |_| save_as(PostStatus::Published) disabled=saving>
                                "Publish"
                            </button>
                        }
                    >
                        <button type="button" class="primary" on:click=move |_| save_as(PostStatus::Published) disabled=saving>
                            "Update post"
                        </button>
                        <button type="button" on:click=move |_| save_as(PostStatus::Draft) disabled=saving>
                            "Unpublish"
                        </button>
                        <a href=move || format!("/post/{}", slug.get().unwrap_or_default())>"View post"</a>
                    </Show>
                    <Show when=move || slug.get().is_some()>
                        <button type="button" class="danger" on:click=confirm_delete disabled=saving>
                            "Delete post"
                        </button>
                    </Show>
                </div>
                <p class="hint">"Ctrl+S (⌘S on a Mac) saves."</p>
            </form>
        </section>
    }
}

/// localStorage in the browser; nothing on the server, which never runs the editor.
mod autosave {
    use crate::model::PostDraft;

    /// The unsaved text and the `updated` time of the version it was typed over.
    pub type Copy = (PostDraft, Option<i64>);

    pub fn key(username: &str, slug: Option<&str>) -> String {
        #[cfg(feature = "hydrate")]
        return crate::client::draft_store::key(username, slug);
        #[cfg(not(feature = "hydrate"))]
        return format!("{username}/{}", slug.unwrap_or(":new"));
    }

    pub fn load(key: &str) -> Option<Copy> {
        #[cfg(feature = "hydrate")]
        return crate::client::unsaved::load::<crate::client::draft_store::UnsavedCopy>(key)
            .map(|copy| (copy.draft, copy.base_updated));
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = key;
            None
        }
    }

    pub fn store(key: &str, draft: &PostDraft, base_updated: Option<i64>) {
        #[cfg(feature = "hydrate")]
        crate::client::unsaved::store(
            key,
            &crate::client::draft_store::UnsavedCopy {
                draft: draft.clone(),
                base_updated,
            },
        );
        #[cfg(not(feature = "hydrate"))]
        let _ = (key, draft, base_updated);
    }

    pub fn forget(key: &str) {
        #[cfg(feature = "hydrate")]
        crate::client::unsaved::forget(key);
        #[cfg(not(feature = "hydrate"))]
        let _ = key;
    }
}
