//! What a search answers: the posts found, best first, with where the query shows in each.

use serde::{Deserialize, Serialize};

use super::PostSummary;

/// A piece of text, `marked` where it matches the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextPart {
    pub text: String,
    pub marked: bool,
}

/// One post found, its title and an excerpt of its text marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    pub post: PostSummary,
    pub title: Vec<TextPart>,
    pub excerpt: Vec<TextPart>,
}

/// A page of results.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    /// How many published posts match, on every page.
    pub total: i64,
    pub per_page: i64,
}
