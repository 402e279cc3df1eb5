//! Uploaded images as the editor, the media page and the REST API see them.

use serde::{Deserialize, Serialize};

use super::{Moment, PostLink, PostStatus};

/// An image stored on the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upload {
    /// Its address on this site, `/media/<name>`: what a post's Markdown links to.
    pub url: String,
    /// The file name under `/media/`: `<content hash>-<width>x<height>.<ext>`.
    pub name: String,
    /// The name the file had on the uploader's machine, for the media page.
    pub file_name: String,
    pub content_type: String,
    pub width: u32,
    pub height: u32,
    /// Size of the stored file (metadata removed), in bytes.
    pub bytes: u64,
    /// Widths of the smaller copies served through `srcset`.
    pub variants: Vec<u32>,
    /// When this uploader uploaded it.
    pub uploaded: Moment,
}

impl Upload {
    /// The Markdown that shows the image, with `alt` as its description.
    pub fn markdown(&self, alt: &str) -> String {
        let alt: String = alt
            .chars()
            .filter(|c| !matches!(c, '[' | ']' | '\n' | '\r'))
            .collect();
        format!("![{}]({})", alt.trim(), self.url)
    }

    /// The smallest copy's address, for a thumbnail.
    pub fn thumbnail_url(&self) -> String {
        match self.variants.iter().min() {
            Some(width) => variant_url(&self.url, *width),
            None => self.url.clone(),
        }
    }
}

/// The address of the `width`-pixel-wide copy of the image at `url`
/// (`/media/<hash>-<w>x<h>.<ext>` becomes `/media/<hash>-<w>x<h>-<width>w.<ext>`).
pub fn variant_url(url: &str, width: u32) -> String {
    match url.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}-{width}w.{extension}"),
        None => url.to_owned(),
    }
}

/// A post that shows an upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaUse {
    pub post: PostLink,
    pub status: PostStatus,
}

/// One of an author's uploads, with where it is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaItem {
    pub upload: Upload,
    /// The posts showing it that the viewer may see, at most a few.
    pub used_in: Vec<MediaUse>,
}

/// A page of an author's uploads, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaPage {
    pub items: Vec<MediaItem>,
    pub more: bool,
}
