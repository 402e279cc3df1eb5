//! Characters no document the blog writes may hold: XML 1.0 forbids the C0 controls but tab,
//! line feed and carriage return, and U+FFFE and U+FFFF, and a feed reader that meets one
//! rejects the whole feed. They mean nothing a reader could see, so text that people type is
//! stripped of them on the way in (titles, descriptions, tags, bodies, bios, comments), and
//! the feed writers strip them again on the way out.

use std::borrow::Cow;

/// Whether XML 1.0 allows `c` in a document.
pub fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `text` without the characters XML forbids; the same string when it has none.
pub fn xml_safe(text: &str) -> Cow<'_, str> {
    if text.chars().all(allowed_in_xml) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|c| allowed_in_xml(*c)).collect())
    }
}

/// As [`xml_safe`], for an owned string.
pub fn strip_forbidden(text: String) -> String {
    match xml_safe(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(clean) => clean,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_go_and_everything_else_stays() {
        assert_eq!(xml_safe("Hi\u{1}x\u{b}\u{ffff}"), "Hix");
        let kept = "tab\tline\nreturn\r 中文 🚀 \u{e000}";
        assert!(matches!(xml_safe(kept), Cow::Borrowed(_)));
    }
}
