//! The post server functions as the editor and the reader lists call them.

use serde_json::{Value, json};

use super::{Client, Reply, ServerFunctions};

/// What the editor sends: a title, a description derived from it, a body and tags.
pub fn draft(title: &str, body: &str, tags: &[&str]) -> Value {
    json!({
        "title": title,
        "description": format!("All about {title}"),
        "body": body,
        "tags": tags,
    })
}

/// The slug of a post as the server functions return it.
pub fn slug_of(post: &Value) -> String {
    post["summary"]["slug"].as_str().expect("a slug").to_owned()
}

/// The titles of a list of posts, in order.
pub fn titles(posts: &Value) -> Vec<String> {
    posts
        .as_array()
        .expect("a list of posts")
        .iter()
        .map(|post| post["title"].as_str().unwrap().to_owned())
        .collect()
}

impl Client<'_, ServerFunctions> {
    /// Creates a post (`slug` `None`) or saves over one, as `"draft"` or `"published"`.
    pub async fn save(self, slug: Option<&str>, draft: Value, status: &str) -> Reply {
        let arguments = json!({ "slug": slug, "draft": draft, "publication": { "kind": status } });
        self.call("posts/save", arguments).await
    }

    /// Saves a draft scheduled to publish itself at `publish_at` (Unix milliseconds).
    pub async fn schedule(self, slug: Option<&str>, draft: Value, publish_at: i64) -> Reply {
        let publication = json!({ "kind": "scheduled", "at": publish_at });
        let arguments = json!({ "slug": slug, "draft": draft, "publication": publication });
        self.call("posts/save", arguments).await
    }

    /// Creates a standalone page, as `"draft"` or `"published"`.
    pub async fn new_page(self, title: &str, body: &str, status: &str) -> Reply {
        let arguments = json!({
            "slug": null,
            "kind": "page",
            "draft": draft(title, body, &[]),
            "publication": { "kind": status },
        });
        self.call("posts/save", arguments).await
    }

    pub async fn get_post(self, slug: &str) -> Reply {
        self.call("posts/get", json!({ "slug": slug })).await
    }

    pub async fn delete_post(self, slug: &str) -> Reply {
        self.call("posts/delete", json!({ "slug": slug })).await
    }

    /// The caller's own drafts, first page.
    pub async fn drafts(self) -> Reply {
        self.call("posts/drafts", json!({ "page": 1 })).await
    }

    /// The titles of the published posts `posts/list` gives for `query`, in order.
    pub async fn listed_titles(self, query: Value) -> Vec<String> {
        let page = self
            .call("posts/list", json!({ "query": query }))
            .await
            .ok();
        titles(&page["posts"])
    }
}
