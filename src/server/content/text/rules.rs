//! What a post may hold: its text fields and its tags, checked the same way for the editor,
//! the REST API and `blog import`. Pure functions, bounded before they do any work that
//! grows with the input: a request with sixty thousand tags is refused after looking at
//! its length, not after comparing every tag with every other.

use std::collections::HashSet;

use crate::{
    model::Publication,
    server::{
        characters::{strip_forbidden, xml_safe},
        error::{DomainError, DomainResult},
    },
};

pub const TITLE_MAX_CHARS: usize = 200;
pub const DESCRIPTION_MAX_CHARS: usize = 500;
pub const BODY_MAX_CHARS: usize = 200_000;
pub const TAG_MAX_CHARS: usize = 40;
pub const MAX_TAGS: usize = 10;
/// More tags than a post may hold are refused as sent, before any cleaning (even when some
/// would turn out blank or repeated): the API document says so, and the work stays bounded.
const MAX_TAGS_SENT: usize = MAX_TAGS;

/// A post's text, checked. A draft may be unfinished; a published post needs a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostText {
    pub title: String,
    pub description: String,
    pub body: String,
}

impl PostText {
    /// Checks a post's text for `publication`: a post that goes public (now or on schedule)
    /// must be complete.
    pub fn validate(
        title: String,
        description: String,
        body: String,
        publication: Publication,
    ) -> DomainResult<Self> {
        check_length("title", &title, TITLE_MAX_CHARS)?;
        check_length("description", &description, DESCRIPTION_MAX_CHARS)?;
        check_length("body", &body, BODY_MAX_CHARS)?;
        let title = strip_forbidden(title).trim().to_owned();
        let description = strip_forbidden(description).trim().to_owned();
        let body = strip_forbidden(body);
        if title.is_empty() {
            return Err(DomainError::invalid("title", "can't be blank"));
        }
        if publication.goes_public() && body.trim().is_empty() {
            return Err(DomainError::invalid("body", "can't be blank"));
        }
        Ok(Self {
            title,
            description,
            body,
        })
    }
}

/// Refuses text longer than `max` characters; bytes are checked first, so an oversized
/// value is refused without being walked.
pub fn check_length(field: &'static str, value: &str, max: usize) -> DomainResult<()> {
    // A character is at most four bytes: within `max` bytes nothing needs counting.
    let too_long = value.len() > max && (value.len() > max * 4 || value.chars().count() > max);
    if too_long {
        Err(DomainError::too_long(field, max))
    } else {
        Ok(())
    }
}

/// Trims tags, folds runs of spaces, drops empty and repeated ones (case-insensitively), in
/// one pass.
pub fn clean_tags(tags: Vec<String>) -> DomainResult<Vec<String>> {
    if tags.len() > MAX_TAGS_SENT {
        return Err(too_many_tags());
    }
    let mut seen = HashSet::with_capacity(tags.len());
    let mut cleaned = Vec::with_capacity(tags.len().min(MAX_TAGS));
    for tag in tags {
        if tag.len() > TAG_MAX_CHARS * 8 {
            return Err(tag_too_long());
        }
        let tag = xml_safe(&tag)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if tag.is_empty() {
            continue;
        }
        if tag.chars().count() > TAG_MAX_CHARS {
            return Err(tag_too_long());
        }
        if tag.contains('/') {
            return Err(DomainError::invalid("tags", "tags cannot contain '/'"));
        }
        if seen.insert(tag.to_lowercase()) {
            cleaned.push(tag);
        }
        if cleaned.len() > MAX_TAGS {
            return Err(too_many_tags());
        }
    }
    Ok(cleaned)
}

fn too_many_tags() -> DomainError {
    DomainError::invalid("tags", format!("has too many tags (maximum is {MAX_TAGS})"))
}

fn tag_too_long() -> DomainError {
    DomainError::invalid(
        "tags",
        format!("has a tag longer than {TAG_MAX_CHARS} characters"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Vec<String> {
        list.iter().map(|tag| (*tag).to_owned()).collect()
    }

    #[test]
    fn tags_are_trimmed_folded_and_deduplicated_in_any_case() {
        assert_eq!(
            clean_tags(tags(&[" Rust ", "rust", "web  dev", "", "RUST"])).unwrap(),
            tags(&["Rust", "web dev"])
        );
    }

    #[test]
    fn a_flood_of_tags_is_refused_before_any_cleaning() {
        let flood = vec!["x".to_owned(); 60_000];
        assert!(matches!(
            clean_tags(flood),
            Err(DomainError::Invalid { field: "tags", .. })
        ));
        let eleven: Vec<String> = (0..11).map(|n| format!("t{n}")).collect();
        assert!(clean_tags(eleven).is_err());
    }

    #[test]
    fn text_loses_the_characters_no_feed_may_hold() {
        let text = PostText::validate(
            "Hi\u{1}x".into(),
            "d\u{8}".into(),
            "body\u{0}".into(),
            Publication::Published,
        )
        .unwrap();
        assert_eq!(
            (text.title.as_str(), text.description.as_str()),
            ("Hix", "d")
        );
        assert_eq!(text.body, "body");
        assert_eq!(clean_tags(tags(&["ru\u{1f}st"])).unwrap(), tags(&["rust"]));
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert!(check_length("title", &"语".repeat(TITLE_MAX_CHARS), TITLE_MAX_CHARS).is_ok());
        assert!(check_length("title", &"语".repeat(TITLE_MAX_CHARS + 1), TITLE_MAX_CHARS).is_err());
    }
}
