//! Where a Markdown body points, and pointing it elsewhere: `blog import` makes a post's local
//! images the site's (`cat.jpg` becomes `/media/…`), `blog export` makes the site's images
//! files beside the Markdown (`/media/…` becomes `media/…`). Links are found by the Markdown
//! parser, not by pattern, so text that merely looks like a link is left alone; only the
//! destination inside each link changes, everything else stays byte for byte.

use pulldown_cmark::{Event, Options, Parser, Tag};

/// What a link shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Image,
    Link,
}

/// Each inline link and image destination in `markdown`, in order.
pub fn destinations(markdown: &str) -> Vec<(LinkKind, String)> {
    Parser::new_ext(markdown, Options::all())
        .filter_map(|event| match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                Some((LinkKind::Image, dest_url.into_string()))
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                Some((LinkKind::Link, dest_url.into_string()))
            }
            _ => None,
        })
        .collect()
}

/// `markdown` with each destination `replace` gives a new one for replaced. A destination
/// written differently from how it reads (escaped characters) is left as it is.
pub fn rewrite(
    markdown: &str,
    mut replace: impl FnMut(LinkKind, &str) -> Option<String>,
) -> String {
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, Options::all()).into_offset_iter() {
        let (kind, dest) = match &event {
            Event::Start(Tag::Image { dest_url, .. }) => (LinkKind::Image, dest_url),
            Event::Start(Tag::Link { dest_url, .. }) => (LinkKind::Link, dest_url),
            _ => continue,
        };
        let Some(new) = replace(kind, dest) else {
            continue;
        };
        // The destination follows the last `](` of the link's source text.
        let source = &markdown[range.clone()];
        let Some(opening) = source.rfind("](") else {
            continue;
        };
        let Some(offset) = source[opening..].find(dest.as_ref()) else {
            continue;
        };
        let start = range.start + opening + offset;
        edits.push((start..start + dest.len(), new));
    }
    // A link around an image starts first but ends last: by position, then from the end, so
    // each edit leaves the ranges before it where they were.
    edits.sort_by_key(|(range, _)| range.start);
    edits.dedup_by(|later, earlier| later.0.start < earlier.0.end);
    let mut rewritten = markdown.to_owned();
    for (range, new) in edits.into_iter().rev() {
        rewritten.replace_range(range, &new);
    }
    rewritten
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_around_images_keeps_its_shape() {
        let markdown = "[![a](small.jpg)](big.jpg) [![b](x.png) ![c](y.png)](z.png)";
        let rewritten = rewrite(markdown, |_, dest| Some(format!("/m/{dest}")));
        assert_eq!(
            rewritten,
            "[![a](/m/small.jpg)](/m/big.jpg) [![b](/m/x.png) ![c](/m/y.png)](/m/z.png)"
        );
    }

    #[test]
    fn only_link_destinations_change() {
        let markdown = "![A cat](cat.jpg \"Tom\") and [cat.jpg](cat.jpg) but `![x](cat.jpg)` \
                        and ![dog](<dog one.png>)\n";
        let rewritten = rewrite(markdown, |kind, dest| {
            (kind == LinkKind::Image).then(|| format!("/media/{}", dest.replace(' ', "-")))
        });
        assert_eq!(
            rewritten,
            "![A cat](/media/cat.jpg \"Tom\") and [cat.jpg](cat.jpg) but `![x](cat.jpg)` \
             and ![dog](</media/dog-one.png>)\n"
        );
        assert_eq!(
            destinations(markdown),
            [
                (LinkKind::Image, "cat.jpg".to_owned()),
                (LinkKind::Link, "cat.jpg".to_owned()),
                (LinkKind::Image, "dog one.png".to_owned()),
            ]
        );
    }
}
