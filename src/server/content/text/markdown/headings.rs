//! Heading ids: readable (`h-getting-started`) and unique within a post.

use std::collections::{HashMap, HashSet};

use super::HEADING_ID_PREFIX;

/// Ids for headings: readable (`h-getting-started`) and unique within the post.
#[derive(Default)]
pub struct HeadingIds {
    seen: HashSet<String>,
    counts: HashMap<String, usize>,
}

impl HeadingIds {
    pub fn next_for(&mut self, text: &str) -> String {
        let base = match slug::slugify(text) {
            slug if slug.is_empty() => "section".to_owned(),
            slug => slug,
        };
        let mut id = format!("{HEADING_ID_PREFIX}{base}");
        while self.seen.contains(&id) {
            let count = self.counts.entry(base.clone()).or_insert(1);
            *count += 1;
            id = format!("{HEADING_ID_PREFIX}{base}-{count}");
        }
        self.seen.insert(id.clone());
        id
    }
}
