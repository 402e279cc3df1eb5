//! Callouts as GitHub writes them: a quote that starts `> [!NOTE]` (or TIP, IMPORTANT,
//! WARNING, CAUTION) is set apart with its kind as a title, as GitHub, Obsidian and many
//! static sites show it.

use pulldown_cmark::BlockQuoteKind;

/// Ends a callout.
pub const END: &str = "</aside>";

/// Opens a callout of `kind`, with its title.
pub fn start(kind: BlockQuoteKind) -> String {
    let (class, title) = match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    };
    format!("<aside class=\"callout callout-{class}\"><p class=\"callout-title\">{title}</p>")
}
