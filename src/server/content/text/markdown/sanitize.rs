//! The allow-list every post's HTML passes (ammonia), the renderer's and whatever raw HTML the
//! writer typed alike: it drops `javascript:` URLs, event handlers, scripts, styles and
//! anything else a reader's browser could be made to run, and keeps only the classes and ids
//! the renderer itself writes (headings', footnotes', callouts', highlighted code's).

use std::sync::LazyLock;

use super::{
    HEADING_ID_PREFIX,
    footnotes::{NOTE_ID_PREFIX, REFERENCE_ID_PREFIX},
    highlight::HIGHLIGHT_CLASS_PREFIX,
};

pub static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| sanitizer(None));

/// The allow-list every post's HTML passes. With a `base`, relative addresses (in `href`,
/// `src` and each of a `srcset`'s) are also made absolute on it.
pub fn sanitizer(base: Option<ammonia::Url>) -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tag_attributes("span", ["class"])
        .add_tag_attributes("pre", ["class", "tabindex"])
        .add_tag_attributes("code", ["class"])
        .add_tag_attributes("a", ["class", "aria-label", "id"])
        .add_tag_attributes("li", ["id", "value"])
        .add_tag_attributes("sup", ["class"])
        .add_tag_attributes("div", ["class", "tabindex"])
        .add_tag_attributes("aside", ["class"])
        .add_tag_attributes("p", ["class"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("img", ["srcset", "sizes", "loading", "decoding"])
        .add_tags(["input"])
        .id_prefix(Some(HEADING_ID_PREFIX));
    if let Some(base) = &base {
        builder.url_relative(ammonia::UrlRelative::RewriteWithBase(base.clone()));
    }
    builder.attribute_filter(
        move |element, attribute, value| match (element, attribute) {
            ("h1" | "h2" | "h3" | "h4" | "h5" | "h6", "id") => Some(value.into()),
            ("li", "id") if value.starts_with(NOTE_ID_PREFIX) => Some(value.into()),
            ("a", "id") if value.starts_with(REFERENCE_ID_PREFIX) => Some(value.into()),
            (_, "id") => None,
            ("input", "type") => (value == "checkbox").then(|| value.into()),
            // Focusable in the page's order, never first or out of it.
            (_, "tabindex") => (value == "0").then(|| value.into()),
            (_, "class") => value
                .split_whitespace()
                .all(|class| {
                    class.starts_with(HIGHLIGHT_CLASS_PREFIX)
                        || class.starts_with("language-")
                        || matches!(
                            class,
                            "highlight"
                                | "anchor"
                                | "footnotes"
                                | "table-scroll"
                                | "footnote-ref"
                                | "footnote-back"
                                | "callout"
                                | "callout-title"
                                | "callout-note"
                                | "callout-tip"
                                | "callout-important"
                                | "callout-warning"
                                | "callout-caution"
                        )
                })
                .then(|| value.into()),
            ("img", "srcset") => match &base {
                Some(base) => Some(
                    value
                        .split(',')
                        .map(|candidate| {
                            let candidate = candidate.trim();
                            let (address, width) =
                                candidate.split_once(' ').unwrap_or((candidate, ""));
                            let address = base
                                .join(address)
                                .map_or_else(|_| address.to_owned(), String::from);
                            format!("{address} {width}").trim_end().to_owned()
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                        .into(),
                ),
                None => Some(value.into()),
            },
            _ => Some(value.into()),
        },
    );
    for heading in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        builder.add_tag_attributes(heading, ["id"]);
    }
    builder
}

/// A post's stored HTML with its relative addresses made absolute on the post's own address,
/// for readers that have no base for it (RSS and JSON Feed). The same allow-list, so nothing
/// else changes.
pub fn with_absolute_addresses(html: &str, post_url: &str) -> String {
    match ammonia::Url::parse(post_url) {
        Ok(base) => sanitizer(Some(base)).clean(html).to_string(),
        Err(_) => html.to_owned(),
    }
}
