//! Code blocks highlighted by syntect, as CSS classes, so the light and dark themes colour
//! them; unknown languages come out as escaped plain text.

use std::sync::LazyLock;

use syntect::{
    html::{ClassStyle, ClassedHTMLGenerator},
    parsing::SyntaxSet,
    util::LinesWithEndings,
};

/// Class prefix of highlighted tokens; the stylesheet colours `hl-*` classes.
pub const HIGHLIGHT_CLASS_PREFIX: &str = "hl-";

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// `<pre><code>` with syntect's classes; unknown languages come out as escaped plain text.
/// The block takes keyboard focus, so a reader without a mouse can scroll a long line.
pub fn highlight(code: &str, language: &str) -> String {
    let syntax = SYNTAXES
        .find_syntax_by_token(language)
        .unwrap_or_else(|| SYNTAXES.find_syntax_plain_text());
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        &SYNTAXES,
        ClassStyle::SpacedPrefixed {
            prefix: HIGHLIGHT_CLASS_PREFIX,
        },
    );
    let highlighted = LinesWithEndings::from(code)
        .try_for_each(|line| generator.parse_html_for_line_which_includes_newline(line));
    let inner = match highlighted {
        Ok(()) => generator.finalize(),
        Err(_) => html_escape::encode_text(code).into_owned(),
    };
    let language_class = language
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '_' | '#'))
        .then(|| format!(" class=\"language-{}\"", language.to_ascii_lowercase()))
        .filter(|_| !language.is_empty())
        .unwrap_or_default();
    format!("<pre class=\"highlight\" tabindex=\"0\"><code{language_class}>{inner}</code></pre>\n")
}
