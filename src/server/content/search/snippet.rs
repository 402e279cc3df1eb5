//! Where a query shows in a text: the marks readers see in titles and the excerpt around the
//! first match in a body. Made from the stored plain text, the same on every database.

use super::terms::{Needle, SearchQuery, is_unspaced};
use crate::model::TextPart;

/// The most characters of a body looked through for an excerpt: a match further on is not
/// quoted, and the excerpt starts at the beginning.
const SCANNED_CHARS: usize = 50_000;

/// `text` whole, with every match of the query marked.
pub fn marked(text: &str, query: &SearchQuery) -> Vec<TextPart> {
    let chars: Vec<char> = text.chars().collect();
    let matches = matches_in(&chars, query);
    parts(&chars, 0, chars.len(), &matches)
}

/// About `length` characters of `text` around its first match, marked; from the start when
/// nothing matches. "…" stands for what is left out.
pub fn excerpt(text: &str, query: &SearchQuery, length: usize) -> Vec<TextPart> {
    let chars: Vec<char> = text.chars().take(SCANNED_CHARS).collect();
    let all = matches_in(&chars, query);
    let first = all.first().map_or(0, |(start, _)| *start);
    // A third of the excerpt leads up to the match.
    let mut start = first.saturating_sub(length / 3);
    // Begin at a word, when one starts shortly after.
    if start > 0
        && let Some(space) = chars[start..first].iter().position(|c| c.is_whitespace())
        && space < 20
    {
        start += space + 1;
    }
    let end = (start + length).min(chars.len());
    let ellipsis = || TextPart {
        text: "…".to_owned(),
        marked: false,
    };
    let mut excerpt = Vec::new();
    if start > 0 {
        excerpt.push(ellipsis());
    }
    excerpt.extend(parts(&chars, start, end, &all));
    let cut_short = chars.len() == SCANNED_CHARS && text.chars().nth(SCANNED_CHARS).is_some();
    if end < chars.len() || cut_short {
        excerpt.push(ellipsis());
    }
    excerpt
}

/// Matches of every part of the query, as sorted, non-overlapping character ranges. Linear
/// in the text for each part (`str::match_indices`), whatever the text and the query repeat.
fn matches_in(chars: &[char], query: &SearchQuery) -> Vec<(usize, usize)> {
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let text: String = lower.iter().collect();
    // Where each character starts, to turn the byte offsets of matches into characters.
    let starts: Vec<usize> = text.char_indices().map(|(byte, _)| byte).collect();
    let char_at = |byte: usize| starts.binary_search(&byte).unwrap_or_else(|index| index);
    let boundary = |at: usize| {
        at == 0
            || at >= lower.len()
            || !lower[at].is_alphanumeric()
            || is_unspaced(lower[at])
            || is_unspaced(lower[at - 1])
            || !lower[at - 1].is_alphanumeric()
    };
    let mut found = Vec::new();
    for part in &query.parts {
        let (needle, word, whole) = match &part.needle {
            Needle::Word { text, whole } => (text.as_str(), true, *whole),
            Needle::Unspaced(text) => (text.as_str(), false, false),
        };
        if needle.is_empty() {
            continue;
        }
        let length = needle.chars().count();
        for (byte, _) in text.match_indices(needle) {
            let at = char_at(byte);
            let end = at + length;
            if !word || (boundary(at) && (!whole || boundary(end))) {
                found.push((at, end));
            }
        }
    }
    found.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(found.len());
    for (start, end) in found {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// `chars[start..end]` cut into plain and marked parts.
fn parts(chars: &[char], start: usize, end: usize, matches: &[(usize, usize)]) -> Vec<TextPart> {
    let mut parts = Vec::new();
    let mut at = start;
    let mut push = |from: usize, to: usize, marked: bool| {
        if from < to {
            parts.push(TextPart {
                text: chars[from..to].iter().collect(),
                marked,
            });
        }
    };
    for &(match_start, match_end) in matches {
        if match_end <= start || match_start >= end {
            continue;
        }
        let (match_start, match_end) = (match_start.max(at), match_end.min(end));
        push(at, match_start, false);
        push(match_start, match_end, true);
        at = match_end;
    }
    push(at, end, false);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(parts: &[TextPart]) -> String {
        parts
            .iter()
            .map(|part| {
                if part.marked {
                    format!("[{}]", part.text)
                } else {
                    part.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn whole_words_are_marked_and_the_last_word_as_a_prefix() {
        let query = SearchQuery::parse("rust borrow").unwrap();
        assert_eq!(
            render(&marked("Rust: trusting the borrower", &query)),
            "[Rust]: trusting the [borrow]er"
        );
    }

    #[test]
    fn chinese_is_marked_anywhere() {
        let query = SearchQuery::parse("搜索").unwrap();
        assert_eq!(render(&marked("全文搜索引擎", &query)), "全文[搜索]引擎");
    }

    #[test]
    fn a_repeated_character_is_matched_in_linear_time() {
        let text = format!("{}索", "搜".repeat(49_800));
        let query = SearchQuery::parse(&format!("{}索", "搜".repeat(199))).unwrap();
        let marked: Vec<TextPart> = excerpt(&text, &query, 180)
            .into_iter()
            .filter(|part| part.marked)
            .collect();
        // Found once, at the end: the window shows its beginning.
        assert_eq!(marked.len(), 1);
        assert!(marked[0].text.starts_with('搜'));
    }

    #[test]
    fn an_excerpt_starts_near_the_first_match() {
        let text = format!("{} needle and more text after", "filler ".repeat(40));
        let query = SearchQuery::parse("needle").unwrap();
        let excerpt = render(&excerpt(&text, &query, 60));
        assert!(excerpt.starts_with('…'), "{excerpt}");
        assert!(excerpt.contains("[needle]"), "{excerpt}");
        assert!(excerpt.ends_with("after"), "{excerpt}");
    }
}
