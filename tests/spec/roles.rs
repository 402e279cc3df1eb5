//! The permission matrix: every action a role decides, tried by an admin, an editor, an
//! author and a contributor through the doors a user has (server functions, the REST API),
//! with the outcome written out row by row rather than derived from the code under test.
//! Refusals leave the post as it was. Runs on SQLite, and on PostgreSQL with
//! `BLOG_TEST_POSTGRES_URL`.

use axum::http::StatusCode;
use blog::{
    model::{Publication, Role},
    server::content::posts::{PostChanges, Scope},
};
use serde_json::{Value, json};

use crate::common::*;

/// What the caller gets.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Outcome {
    Allowed,
    /// The role does not allow it; the answer says what would.
    NotPermitted,
    /// Someone else's published post.
    Forbidden,
    /// Someone else's draft does not exist for them.
    NotFound,
}

use Outcome::*;

const ROLES: [Role; 4] = [Role::Admin, Role::Editor, Role::Author, Role::Contributor];

/// An action a role decides, by whose post it is done to.
#[derive(Debug, Clone, Copy)]
enum Action {
    /// To the actor's own post.
    Own(Own),
    /// To another author's post or comment.
    Others(Others),
    /// Not to one post.
    Site(Site),
}

#[derive(Debug, Clone, Copy)]
enum Own {
    WriteDraft,
    EditDraft,
    DeleteDraft,
    PublishDraft,
    PublishNew,
    PublishThroughApi,
    EditPublished,
    Unpublish,
    DeletePublished,
    ScheduleDraft,
    EditScheduled,
    ReadHistory,
    RestorePublished,
}

#[derive(Debug, Clone, Copy)]
enum Others {
    ReadDraft,
    EditDraft,
    PublishDraft,
    EditPublished,
    Unpublish,
    DeletePost,
    DeleteComment,
    ScheduleDraft,
    ReadHistory,
    RestorePost,
}

#[derive(Debug, Clone, Copy)]
enum Site {
    UploadImage,
    ListOthersDrafts,
    ListAccounts,
    ChangeRole,
}

/// Every action, and what an admin, an editor, an author and a contributor get, in order.
const MATRIX: [(Action, [Outcome; 4]); 27] = [
    (
        Action::Own(Own::WriteDraft),
        [Allowed, Allowed, Allowed, Allowed],
    ),
    (
        Action::Own(Own::EditDraft),
        [Allowed, Allowed, Allowed, Allowed],
    ),
    (
        Action::Own(Own::DeleteDraft),
        [Allowed, Allowed, Allowed, Allowed],
    ),
    (
        Action::Own(Own::PublishDraft),
        [Allowed, Allowed, Allowed, NotPermitted],
    ),
    (
        Action::Own(Own::PublishNew),
        [Allowed, Allowed, Allowed, NotPermitted],
    ),
    (
        Action::Own(Own::PublishThroughApi),
        [Allowed, Allowed, Allowed, NotPermitted],
    ),
    (
        Action::Own(Own::EditPublished),
        [Allowed, Allowed, Allowed, NotPermitted],
    ),
    (
        Action::Own(Own::Unpublish),
        [Allowed, Allowed, Allowed, NotPermitted],
    ),
    (
        Action::Own(Own::DeletePublished),
        [Allowed, Allowed, Allowed, NotPermitted],
    ),
    (
        Action::Others(Others::ReadDraft),
        [Allowed, Allowed, NotFound, NotFound],
    ),
    (
        Action::Others(Others::EditDraft),
        [Allowed, Allowed, NotFound, NotFound],
    ),
    (
        Action::Others(Others::PublishDraft),
        [Allowed, Allowed, NotFound, NotFound],
    ),
    (
        Action::Others(Others::EditPublished),
        [Allowed, Allowed, Forbidden, Forbidden],
    ),
    (
        Action::Others(Others::Unpublish),
        [Allowed, Allowed, Forbidden, Forbidden],
    ),
    (
        Action::Others(Others::DeletePost),
        [Allowed, Allowed, Forbidden, Forbidden],
    ),
    (
        Action::Others(Others::DeleteComment),
        [Allowed, Allowed, Forbidden, Forbidden],
    ),
    (
        Action::Own(Own::ScheduleDraft),
        [Allowed, Allowed, Allowed, NotPermitted],
    ),
    (
        Action::Own(Own::EditScheduled),
        [Allowed, Allowed, Allowed, NotPermitted],
    ),
    (
        Action::Others(Others::ScheduleDraft),
        [Allowed, Allowed, NotFound, NotFound],
    ),
    (
        Action::Site(Site::UploadImage),
        [Allowed, Allowed, Allowed, Allowed],
    ),
    (
        Action::Own(Own::ReadHistory),
        [Allowed, Allowed, Allowed, Allowed],
    ),
    (
        Action::Own(Own::RestorePublished),
        [Allowed, Allowed, Allowed, NotPermitted],
    ),
    (
        Action::Others(Others::ReadHistory),
        [Allowed, Allowed, Forbidden, Forbidden],
    ),
    (
        Action::Others(Others::RestorePost),
        [Allowed, Allowed, Forbidden, Forbidden],
    ),
    (
        Action::Site(Site::ListOthersDrafts),
        [Allowed, Allowed, NotPermitted, NotPermitted],
    ),
    (
        Action::Site(Site::ListAccounts),
        [Allowed, NotPermitted, NotPermitted, NotPermitted],
    ),
    (
        Action::Site(Site::ChangeRole),
        [Allowed, NotPermitted, NotPermitted, NotPermitted],
    ),
];

/// An admin who sets things up, an author whose posts are "another's", a reader who
/// comments, and the actor in the role under test.
struct Cast {
    app: TestApp,
    boss: SignedIn,
    owner: SignedIn,
    reader: SignedIn,
    actor: SignedIn,
}

impl Cast {
    async fn new(role: Role) -> Self {
        let app = TestApp::new().await;
        let boss = app.account("boss", Role::Admin).await;
        let owner = app.user("owner").await;
        let reader = app.user("reader").await;
        let actor = app.account("actor", role).await;
        Self {
            app,
            boss,
            owner,
            reader,
            actor,
        }
    }

    async fn draft_by(&self, who: &SignedIn, title: &str) -> String {
        let post = self.app.write_draft(who, title, "First words.", &[]).await;
        post.summary.slug
    }

    /// A published post of `who`'s: published by the admin, so a contributor has one too.
    async fn published_by(&self, who: &SignedIn, title: &str) -> String {
        let slug = self.draft_by(who, title).await;
        let changes = PostChanges {
            publication: Some(Publication::Published),
            ..PostChanges::default()
        };
        let post = self
            .app
            .state
            .posts
            .update(self.boss.id, &slug, Scope::WithDrafts, changes);
        post.await.expect("the admin publishes").summary.slug
    }

    /// The post's title and status as its author reads it, `None` once deleted.
    async fn state_of(&self, author: &SignedIn, slug: &str) -> Option<(String, String)> {
        let reply = self.app.rpc().by(author).get_post(slug).await;
        (reply.status == StatusCode::OK).then(|| {
            let summary = &reply.body["summary"];
            (
                summary["title"].as_str().unwrap().to_owned(),
                summary["status"].as_str().unwrap().to_owned(),
            )
        })
    }

    fn rpc(&self) -> Client<'_, ServerFunctions> {
        self.app.rpc().by(&self.actor)
    }

    /// Tries the action as the actor; returns the reply and, where a post is at stake, what
    /// it must look like afterwards if the action was refused (and if it was allowed).
    async fn attempt(&self, action: Action) -> (Reply, Check) {
        match action {
            Action::Own(Own::WriteDraft) => self.own_write_draft().await,
            Action::Own(Own::EditDraft) => self.own_edit_draft().await,
            Action::Own(Own::DeleteDraft) => self.own_delete_draft().await,
            Action::Own(Own::PublishDraft) => self.own_publish_draft().await,
            Action::Own(Own::PublishNew) => self.own_publish_new().await,
            Action::Own(Own::PublishThroughApi) => self.own_publish_through_api().await,
            Action::Own(Own::EditPublished) => self.own_edit_published().await,
            Action::Own(Own::Unpublish) => self.own_unpublish().await,
            Action::Own(Own::DeletePublished) => self.own_delete_published().await,
            Action::Others(Others::ReadDraft) => self.others_read_draft().await,
            Action::Others(Others::EditDraft) => self.others_edit_draft().await,
            Action::Others(Others::PublishDraft) => self.others_publish_draft().await,
            Action::Others(Others::EditPublished) => self.others_edit_published().await,
            Action::Others(Others::Unpublish) => self.others_unpublish().await,
            Action::Others(Others::DeletePost) => self.others_delete_post().await,
            Action::Others(Others::DeleteComment) => self.others_delete_comment().await,
            Action::Own(Own::ScheduleDraft) => self.own_schedule_draft().await,
            Action::Own(Own::EditScheduled) => self.own_edit_scheduled().await,
            Action::Others(Others::ScheduleDraft) => self.others_schedule_draft().await,
            Action::Site(Site::UploadImage) => self.site_upload_image().await,
            Action::Own(Own::ReadHistory) => self.own_read_history().await,
            Action::Own(Own::RestorePublished) => self.own_restore_published().await,
            Action::Others(Others::ReadHistory) => self.others_read_history().await,
            Action::Others(Others::RestorePost) => self.others_restore_post().await,
            Action::Site(Site::ListOthersDrafts) => self.site_list_others_drafts().await,
            Action::Site(Site::ListAccounts) => self.site_list_accounts().await,
            Action::Site(Site::ChangeRole) => self.site_change_role().await,
        }
    }

    /// Write a draft.
    async fn own_write_draft(&self) -> (Reply, Check) {
        let reply = self.rpc().save(None, changed("Mine"), "draft").await;
        (reply, Check::None)
    }

    /// Edit own draft.
    async fn own_edit_draft(&self) -> (Reply, Check) {
        let slug = self.draft_by(&self.actor, "Mine").await;
        let reply = self.rpc().save(Some(&slug), changed("Mine"), "draft").await;
        (reply, Check::Body(slug, "Changed words.", "First words."))
    }

    /// Delete own draft.
    async fn own_delete_draft(&self) -> (Reply, Check) {
        let slug = self.draft_by(&self.actor, "Mine").await;
        let reply = self.rpc().delete_post(&slug).await;
        (reply, Check::Deleted(slug, true))
    }

    /// Publish own draft.
    async fn own_publish_draft(&self) -> (Reply, Check) {
        let slug = self.draft_by(&self.actor, "Mine").await;
        let reply = self
            .rpc()
            .save(Some(&slug), changed("Mine"), "published")
            .await;
        (reply, Check::Status(slug, true, "published", "draft"))
    }

    /// Publish a new post.
    async fn own_publish_new(&self) -> (Reply, Check) {
        let reply = self.rpc().save(None, changed("Mine"), "published").await;
        (reply, Check::NothingListed)
    }

    /// Publish through the API.
    async fn own_publish_through_api(&self) -> (Reply, Check) {
        let article = json!({ "article": {
            "title": "Mine", "description": "d", "body": "b", "tagList": []
        }});
        let reply = self
            .app
            .api()
            .by(&self.actor)
            .post("/api/articles", article)
            .await;
        (reply, Check::NothingListed)
    }

    /// Edit own published post.
    async fn own_edit_published(&self) -> (Reply, Check) {
        let slug = self.published_by(&self.actor, "Mine").await;
        let reply = self
            .rpc()
            .save(Some(&slug), changed("Mine"), "published")
            .await;
        (reply, Check::Body(slug, "Changed words.", "First words."))
    }

    /// Unpublish own post.
    async fn own_unpublish(&self) -> (Reply, Check) {
        let slug = self.published_by(&self.actor, "Mine").await;
        let reply = self.rpc().save(Some(&slug), changed("Mine"), "draft").await;
        (reply, Check::Status(slug, true, "draft", "published"))
    }

    /// Delete own published post.
    async fn own_delete_published(&self) -> (Reply, Check) {
        let slug = self.published_by(&self.actor, "Mine").await;
        let reply = self.rpc().delete_post(&slug).await;
        (reply, Check::Deleted(slug, true))
    }

    /// Read another's draft.
    async fn others_read_draft(&self) -> (Reply, Check) {
        let slug = self.draft_by(&self.owner, "Theirs").await;
        (self.rpc().get_post(&slug).await, Check::None)
    }

    /// Edit another's draft.
    async fn others_edit_draft(&self) -> (Reply, Check) {
        let slug = self.draft_by(&self.owner, "Theirs").await;
        let reply = self
            .rpc()
            .save(Some(&slug), changed("Theirs"), "draft")
            .await;
        (reply, Check::Body(slug, "Changed words.", "First words."))
    }

    /// Publish another's draft.
    async fn others_publish_draft(&self) -> (Reply, Check) {
        let slug = self.draft_by(&self.owner, "Theirs").await;
        let reply = self
            .rpc()
            .save(Some(&slug), changed("Theirs"), "published")
            .await;
        (reply, Check::Status(slug, false, "published", "draft"))
    }

    /// Edit another's published post.
    async fn others_edit_published(&self) -> (Reply, Check) {
        let slug = self.published_by(&self.owner, "Theirs").await;
        let reply = self
            .rpc()
            .save(Some(&slug), changed("Theirs"), "published")
            .await;
        (reply, Check::Body(slug, "Changed words.", "First words."))
    }

    /// Unpublish another's post.
    async fn others_unpublish(&self) -> (Reply, Check) {
        let slug = self.published_by(&self.owner, "Theirs").await;
        let reply = self
            .rpc()
            .save(Some(&slug), changed("Theirs"), "draft")
            .await;
        (reply, Check::Status(slug, false, "draft", "published"))
    }

    /// Delete another's post.
    async fn others_delete_post(&self) -> (Reply, Check) {
        let slug = self.published_by(&self.owner, "Theirs").await;
        let reply = self.rpc().delete_post(&slug).await;
        (reply, Check::Deleted(slug, false))
    }

    /// Delete another's comment.
    async fn others_delete_comment(&self) -> (Reply, Check) {
        let slug = self.published_by(&self.owner, "Theirs").await;
        let comment = self
            .app
            .rpc()
            .by(&self.reader)
            .call("comments/add", json!({ "slug": slug, "body": "Hello." }))
            .await
            .ok();
        let arguments = json!({ "slug": slug, "id": comment["id"] });
        let reply = self.rpc().call("comments/delete", arguments).await;
        (reply, Check::Comments(slug))
    }

    /// Schedule own draft.
    async fn own_schedule_draft(&self) -> (Reply, Check) {
        let slug = self.draft_by(&self.actor, "Mine").await;
        let reply = self
            .rpc()
            .schedule(Some(&slug), changed("Mine"), self.in_an_hour())
            .await;
        (reply, Check::Scheduled(slug, true))
    }

    /// Edit own scheduled post.
    async fn own_edit_scheduled(&self) -> (Reply, Check) {
        let slug = self.draft_by(&self.actor, "Mine").await;
        // Scheduled by the admin, as an editor does for a contributor.
        self.app
            .rpc()
            .by(&self.boss)
            .schedule(Some(&slug), changed("Mine"), self.in_an_hour())
            .await
            .ok();
        let edit = draft("Mine", "Edited after review.", &[]);
        let reply = self
            .rpc()
            .schedule(Some(&slug), edit, self.in_an_hour())
            .await;
        (
            reply,
            Check::Body(slug, "Edited after review.", "Changed words."),
        )
    }

    /// Schedule another's draft.
    async fn others_schedule_draft(&self) -> (Reply, Check) {
        let slug = self.draft_by(&self.owner, "Theirs").await;
        let reply = self
            .rpc()
            .schedule(Some(&slug), changed("Theirs"), self.in_an_hour())
            .await;
        (reply, Check::Scheduled(slug, false))
    }

    /// Upload an image.
    async fn site_upload_image(&self) -> (Reply, Check) {
        let bytes = crate::common::images::png(8, 8);
        let reply = self
            .app
            .api()
            .by(&self.actor)
            .upload("a.png", "image/png", &bytes)
            .await;
        (reply, Check::None)
    }

    /// Read own post's history.
    async fn own_read_history(&self) -> (Reply, Check) {
        let slug = self.draft_by(&self.actor, "Mine").await;
        let reply = self
            .rpc()
            .call("revisions/list", json!({ "slug": slug, "page": 1 }))
            .await;
        (reply, Check::None)
    }

    /// Restore own published post.
    async fn own_restore_published(&self) -> (Reply, Check) {
        let slug = self.published_by(&self.actor, "Mine").await;
        let first = self.first_revision(&slug).await;
        self.app
            .rpc()
            .by(&self.boss)
            .save(Some(&slug), changed("Mine"), "published")
            .await
            .ok();
        let reply = self
            .rpc()
            .call("revisions/restore", json!({ "slug": slug, "id": first }))
            .await;
        (reply, Check::Body(slug, "First words.", "Changed words."))
    }

    /// Read another's history.
    async fn others_read_history(&self) -> (Reply, Check) {
        let slug = self.published_by(&self.owner, "Theirs").await;
        let reply = self
            .rpc()
            .call("revisions/list", json!({ "slug": slug, "page": 1 }))
            .await;
        (reply, Check::None)
    }

    /// Restore another's post.
    async fn others_restore_post(&self) -> (Reply, Check) {
        let slug = self.published_by(&self.owner, "Theirs").await;
        let first = self.first_revision(&slug).await;
        self.app
            .rpc()
            .by(&self.boss)
            .save(Some(&slug), changed("Theirs"), "published")
            .await
            .ok();
        let reply = self
            .rpc()
            .call("revisions/restore", json!({ "slug": slug, "id": first }))
            .await;
        (reply, Check::Body(slug, "First words.", "Changed words."))
    }

    /// List others' drafts.
    async fn site_list_others_drafts(&self) -> (Reply, Check) {
        self.draft_by(&self.owner, "Theirs").await;
        let reply = self.rpc().call("posts/review", json!({ "page": 1 })).await;
        (reply, Check::Reviewed)
    }

    /// List accounts.
    async fn site_list_accounts(&self) -> (Reply, Check) {
        let reply = self
            .rpc()
            .call("admin/members", json!({ "query": {} }))
            .await;
        (reply, Check::Members)
    }

    /// Change a role.
    async fn site_change_role(&self) -> (Reply, Check) {
        let arguments = json!({ "username": "owner", "role": "editor" });
        let reply = self.rpc().call("admin/role", arguments).await;
        (reply, Check::RoleOfOwner)
    }

    /// Whether what the user would see afterwards matches the outcome.
    async fn verify(&self, check: Check, allowed: bool, context: &str) {
        match check {
            Check::None => {}
            Check::Body(slug, after, before) => {
                let author = self.author_of(&slug);
                let post = self.app.rpc().by(author).get_post(&slug).await.ok();
                let expected = if allowed { after } else { before };
                assert_eq!(post["body"], expected, "{context}");
            }
            Check::Status(slug, own, after, before) => {
                let author = if own { &self.actor } else { &self.owner };
                let (_, status) = self.state_of(author, &slug).await.expect("still there");
                let expected = if allowed { after } else { before };
                assert_eq!(status, expected, "{context}");
            }
            Check::Deleted(slug, own) => {
                let author = if own { &self.actor } else { &self.owner };
                let kept = self.state_of(author, &slug).await.is_some();
                assert_eq!(kept, !allowed, "{context}");
            }
            Check::NothingListed => {
                let listed = self.app.rpc().listed_titles(json!({ "page": 1 })).await;
                let expected: &[&str] = if allowed { &["Mine"] } else { &[] };
                assert_eq!(listed, expected, "{context}");
            }
            Check::Comments(slug) => {
                let comments = self
                    .app
                    .rpc()
                    .call("comments/list", json!({ "slug": slug, "page": 1 }))
                    .await
                    .ok();
                let left = comments["comments"].as_array().map_or(0, Vec::len);
                assert_eq!(left, usize::from(!allowed), "{context}: {comments}");
            }
            Check::Scheduled(slug, own) => {
                let author = if own { &self.actor } else { &self.owner };
                let post = self.app.rpc().by(author).get_post(&slug).await.ok();
                let scheduled = post["summary"]["scheduled"] != Value::Null;
                assert_eq!(scheduled, allowed, "{context}");
            }
            Check::Reviewed => {}
            Check::Members => {}
            Check::RoleOfOwner => {
                let role = self.app.state.accounts.role(self.owner.id).await.unwrap();
                let expected = if allowed { Role::Editor } else { Role::Author };
                assert_eq!(role, expected, "{context}");
            }
        }
    }

    fn in_an_hour(&self) -> i64 {
        self.app.state.clock.now_millis() + 60 * 60 * 1000
    }

    /// The id of the post's first revision, as its admin reads the history.
    async fn first_revision(&self, slug: &str) -> Value {
        let history = self
            .app
            .rpc()
            .by(&self.boss)
            .call("revisions/list", json!({ "slug": slug, "page": 1 }))
            .await
            .ok();
        let revisions = history["revisions"].as_array().unwrap();
        revisions.last().unwrap()["id"].clone()
    }

    fn author_of(&self, slug: &str) -> &SignedIn {
        if slug.starts_with("mine") {
            &self.actor
        } else {
            &self.owner
        }
    }
}

/// A post's text after the actor changes it.
fn changed(title: &str) -> Value {
    draft(title, "Changed words.", &[])
}

enum Check {
    None,
    /// The post's body afterwards: if allowed, if refused.
    Body(String, &'static str, &'static str),
    /// The post (the actor's own?) and its status afterwards: if allowed, if refused.
    Status(String, bool, &'static str, &'static str),
    /// The post (the actor's own?) is gone if allowed.
    Deleted(String, bool),
    /// The public list holds the new post only if allowed.
    NothingListed,
    /// The reader's comment is gone if allowed.
    Comments(String),
    /// The post (the actor's own?) is scheduled if allowed.
    Scheduled(String, bool),
    Reviewed,
    Members,
    RoleOfOwner,
}

#[track_caller]
fn assert_outcome(reply: &Reply, expected: Outcome, context: &str) {
    match expected {
        Allowed => assert!(reply.status.is_success(), "{context}: {reply:?}"),
        NotPermitted => {
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{context}: {reply:?}");
            // Both doors say why: the server functions as `NotPermitted`, the API under
            // the resource's key.
            let reason = reply.body["NotPermitted"]
                .as_str()
                .or_else(|| reply.body["errors"]["article"][0].as_str())
                .unwrap_or_default();
            assert!(
                reason.contains("editor") || reason.contains("admin"),
                "{context}: {reply:?}"
            );
        }
        Forbidden => {
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{context}: {reply:?}");
            assert_eq!(reply.body, json!("Forbidden"), "{context}");
        }
        NotFound => {
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{context}: {reply:?}");
        }
    }
}

#[tokio::test]
async fn every_role_may_do_what_the_matrix_says_and_nothing_more() {
    for (index, role) in ROLES.into_iter().enumerate() {
        // One blog per role, so each row starts from what it set up.
        let cast = Cast::new(role).await;
        for (action, outcomes) in MATRIX {
            let expected = outcomes[index];
            let context = format!("{role} may {action:?}? expected {expected:?}");
            let (reply, check) = cast.attempt(action).await;
            assert_outcome(&reply, expected, &context);
            cast.verify(check, expected == Allowed, &context).await;
            // Undo what an allowed row published, so the next row's lists start empty.
            for slug in published_now(&cast).await {
                cast.app
                    .state
                    .posts
                    .delete(cast.boss.id, &slug, Scope::WithDrafts)
                    .await
                    .unwrap();
            }
        }
    }
}

async fn published_now(cast: &Cast) -> Vec<String> {
    let page = cast
        .app
        .rpc()
        .call("posts/list", json!({ "query": { "page": 1 } }))
        .await
        .ok();
    page["posts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|post: &Value| post["slug"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_last_admin_keeps_the_role_and_a_demotion_takes_effect_at_once() {
    let app = TestApp::new().await;
    let boss = app.account("boss", Role::Admin).await;
    let editor = app.account("eve", Role::Editor).await;
    let writer = app.user("writer").await;
    let theirs = app
        .publish(&writer, "Theirs", "Words.", &[])
        .await
        .summary
        .slug;

    let step_down = json!({ "username": "boss", "role": "author" });
    let reply = app.rpc().by(&boss).call("admin/role", step_down).await;
    reply.assert_invalid("role");
    assert!(reply.body.to_string().contains("last admin"), "{reply:?}");
    assert_eq!(app.state.accounts.role(boss.id).await.unwrap(), Role::Admin);

    // The editor edits another's post; once made a contributor, the very next try is refused.
    let edit = |title: &str| draft(title, "Words.", &[]);
    let reply = app
        .rpc()
        .by(&editor)
        .save(Some(&theirs), edit("Edited"), "published");
    assert_eq!(reply.await.status, StatusCode::OK);
    let demote = json!({ "username": "EVE", "role": "contributor" });
    let reply = app.rpc().by(&boss).call("admin/role", demote).await;
    assert_eq!(reply.ok(), json!("contributor"));
    let reply = app
        .rpc()
        .by(&editor)
        .save(Some(&theirs), edit("Again"), "published");
    assert_eq!(reply.await.status, StatusCode::FORBIDDEN);
    let me = app.rpc().by(&editor).call("auth/me", json!({})).await.ok();
    assert_eq!(me["role"], "contributor");

    // A second admin lets the first step down.
    let promote = json!({ "username": "writer", "role": "admin" });
    app.rpc().by(&boss).call("admin/role", promote).await.ok();
    let step_down = json!({ "username": "boss", "role": "editor" });
    assert_eq!(
        app.rpc().by(&boss).call("admin/role", step_down).await.ok(),
        json!("editor")
    );

    let unknown = json!({ "username": "nobody", "role": "editor" });
    let reply = app.rpc().by(&writer).call("admin/role", unknown).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let bad_role = json!({ "username": "eve", "role": "owner" });
    let reply = app.rpc().by(&writer).call("admin/role", bad_role).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{reply:?}");
}

#[tokio::test]
async fn the_admin_page_lists_accounts_with_their_roles() {
    let app = TestApp::new().await;
    let boss = app.account("boss", Role::Admin).await;
    app.account("eve", Role::Editor).await;
    let writer = app.user("writer").await;
    app.publish(&writer, "One", "Words.", &[]).await;

    let members = app
        .rpc()
        .by(&boss)
        .call("admin/members", json!({ "query": { "sort": "oldest" } }))
        .await
        .ok();
    let rows: Vec<(String, String, i64)> = members["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|member| {
            (
                member["username"].as_str().unwrap().to_owned(),
                member["role"].as_str().unwrap().to_owned(),
                member["published_posts"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("boss".into(), "admin".into(), 0),
            ("eve".into(), "editor".into(), 0),
            ("writer".into(), "author".into(), 1),
        ]
    );
    assert_eq!(members["has_more"], false);
    // The page itself is the app's (the list arrives once it wakes); it exists for everyone.
    app.page("/admin").await;
}

#[tokio::test]
async fn sign_ups_get_the_configured_role() {
    let app = TestApp::with_settings(|settings| {
        settings.site.new_account_role = Role::Contributor;
    })
    .await;
    let first = sign_up(&app, "first").await;
    let second = sign_up(&app, "second").await;
    assert_eq!(
        first["role"], "contributor",
        "the very first sign-up is no admin: the owner claims the site with a setup link"
    );
    assert_eq!(second["role"], "contributor");
}

async fn sign_up(app: &TestApp, username: &str) -> Value {
    let fields = [
        ("username", username),
        ("email", &format!("{username}@example.com")),
        ("password", PASSWORD),
    ];
    let reply = app.rpc().form("auth/register", &fields).await;
    reply.ok()["user"].clone()
}
