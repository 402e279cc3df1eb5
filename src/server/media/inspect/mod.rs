//! What an uploaded file really is, decided from its bytes alone (never its name or the type
//! the client declared), before any decoding: the format from its signature, the end of the
//! image from the format's own structure, the size from its header. Refused here: anything
//! but PNG, JPEG, GIF and WebP (SVG by name, since it can carry scripts), a damaged file, an
//! image with something after its end or a web page or archive inside it (a polyglot, which
//! some program could be made to read as that other thing), and one with more pixels than
//! decoding may allocate. Each check costs one pass over the bytes at most.

mod layout;

use std::io::Cursor;

use memchr::memmem;

use layout::{gif_layout, jpeg_is_bare, jpeg_layout, png_layout, webp_layout};

/// The formats an upload may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    Png,
    Jpeg,
    Gif,
    Webp,
}

impl SourceFormat {
    pub fn image_format(self) -> image::ImageFormat {
        match self {
            Self::Png => image::ImageFormat::Png,
            Self::Jpeg => image::ImageFormat::Jpeg,
            Self::Gif => image::ImageFormat::Gif,
            Self::Webp => image::ImageFormat::WebP,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Png => "PNG",
            Self::Jpeg => "JPEG",
            Self::Gif => "GIF",
            Self::Webp => "WebP",
        }
    }
}

/// Why an upload is refused; each says what was wrong in words the uploader can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("is empty")]
    Empty,
    #[error(
        "is not an image this site accepts: its contents are not PNG, JPEG, GIF or WebP \
         (the file's name and declared type are not trusted)"
    )]
    NotAnImage,
    #[error(
        "is an SVG drawing, which can carry scripts and is not accepted; export it as PNG \
         and upload that"
    )]
    Svg,
    #[error("is a damaged {format} image: {problem}")]
    Damaged {
        format: &'static str,
        problem: String,
    },
    #[error(
        "hides {what} inside the image, which is refused; open the picture in an image \
         editor, save a fresh copy and upload that"
    )]
    Hidden { what: &'static str },
    #[error(
        "is {width} × {height} pixels ({megapixels} megapixels); images of at most \
         {max_megapixels} megapixels and {max_side} pixels a side are accepted"
    )]
    TooManyPixels {
        width: u32,
        height: u32,
        megapixels: u64,
        max_megapixels: u64,
        max_side: u32,
    },
    #[error("is an animation with too many frames; at most {max_frames} are accepted")]
    TooManyFrames { max_frames: usize },
    #[error("is {bytes} bytes; uploads are limited to {max} bytes")]
    TooLarge { bytes: usize, max: usize },
}

/// What decoding may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PixelLimits {
    /// Width × height.
    pub max_pixels: u64,
    /// The longer side.
    pub max_side: u32,
}

/// An upload that passed: its format and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inspected {
    pub format: SourceFormat,
    pub width: u32,
    pub height: u32,
}

/// Looks at `bytes` and says what they are, or why they are refused.
pub fn inspect(bytes: &[u8], limits: PixelLimits) -> Result<Inspected, Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    let format = sniff(bytes)?;
    // A file that starts as an image and goes on as a page says so near its start.
    if let Some(what) = hidden_content(&bytes[..bytes.len().min(HEAD_SCANNED)]) {
        return Err(Refusal::Hidden { what });
    }
    let damaged = |problem: &str| Refusal::Damaged {
        format: format.name(),
        problem: problem.to_owned(),
    };
    let layout = match format {
        SourceFormat::Png => png_layout(bytes),
        SourceFormat::Jpeg => jpeg_layout(bytes, 0),
        SourceFormat::Gif => gif_layout(bytes),
        SourceFormat::Webp => webp_layout(bytes),
    }
    .map_err(damaged)?;
    let mut end = layout.end;
    let mut readable = layout.readable;
    // A phone's Multi-Picture or Ultra HDR photo: more JPEGs after the first (gain and depth
    // maps). They are looked at like the first, and not kept.
    while format == SourceFormat::Jpeg && bytes[end..].starts_with(&[0xFF, 0xD8, 0xFF]) {
        let next = jpeg_layout(bytes, end).map_err(damaged)?;
        end = next.end;
        readable.extend(next.readable);
    }
    // Some cameras pad a file with zeros; anything else after the end is another file.
    if bytes[end..].iter().any(|byte| *byte != 0) {
        return Err(Refusal::Hidden {
            what: "data after the end of the picture",
        });
    }
    // Compressed pixels are not looked in (they would match a tag now and then by chance,
    // and are encoded afresh anyway); every header, table, comment and metadata block is.
    if let Some(what) = readable
        .into_iter()
        .find_map(|range| hidden_content(&bytes[range]))
    {
        return Err(Refusal::Hidden { what });
    }
    let (width, height) =
        image::ImageReader::with_format(Cursor::new(bytes), format.image_format())
            .into_dimensions()
            .map_err(|error| damaged(&error.to_string()))?;
    if width == 0 || height == 0 {
        return Err(damaged("it has no pixels"));
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_pixels || width.max(height) > limits.max_side {
        return Err(Refusal::TooManyPixels {
            width,
            height,
            megapixels: pixels.div_ceil(1_000_000),
            max_megapixels: limits.max_pixels / 1_000_000,
            max_side: limits.max_side,
        });
    }
    Ok(Inspected {
        format,
        width,
        height,
    })
}

/// Whether a JPEG may be served byte for byte, as it came: it holds nothing but what draws
/// it, and no byte of it (its compressed pixels included, which [`inspect`] does not look in)
/// holds anything another program would run or unpack. Otherwise it is encoded afresh, which
/// leaves nothing of the original bytes. Kept as is, an image exported from one blog and
/// imported into another keeps its name and loses nothing to a second encoding.
pub fn jpeg_kept_as_is(bytes: &[u8]) -> bool {
    jpeg_is_bare(bytes) && hidden_content(bytes).is_none()
}

/// The format from the file's signature.
fn sniff(bytes: &[u8]) -> Result<SourceFormat, Refusal> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok(SourceFormat::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(SourceFormat::Jpeg)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Ok(SourceFormat::Gif)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Ok(SourceFormat::Webp)
    } else if looks_like_svg(bytes) {
        Err(Refusal::Svg)
    } else {
        Err(Refusal::NotAnImage)
    }
}

/// An XML or SVG document: `<svg` near the start, after a BOM, white space, an XML
/// declaration, comments or a doctype.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = head[start..].to_ascii_lowercase();
    head.starts_with(b"<") && (head.starts_with(b"<svg") || memmem::find(&head, b"<svg").is_some())
}

/// How much of a file's start is looked in whatever its format says.
const HEAD_SCANNED: usize = 2048;

/// Markers of content another program would run or unpack: web page tags (a browser sniffing
/// the file as HTML would run its scripts), PHP, and ZIP entries (a JAR or an archive glued
/// into the picture). Each is long enough that text in metadata does not produce it by chance.
fn hidden_content(bytes: &[u8]) -> Option<&'static str> {
    const TAGS: [&[u8]; 16] = [
        b"<script",
        b"<html",
        b"<body",
        b"<head",
        b"<iframe",
        b"<svg",
        b"<object",
        b"<embed",
        b"<?php",
        b"<!doctype",
        b"<meta",
        b"<img",
        b"<style",
        b"<form",
        b"<link",
        b"<a href",
    ];
    for position in memchr::memchr_iter(b'<', bytes) {
        let rest = &bytes[position..];
        if TAGS
            .iter()
            .any(|tag| rest.len() >= tag.len() && rest[..tag.len()].eq_ignore_ascii_case(tag))
        {
            return Some("a web page or script");
        }
    }
    // A ZIP entry's header or directory: the signature and a "version needed" a ZIP tool writes.
    for version in [10u8, 20, 45, 51, 63] {
        if memmem::find(bytes, &[b'P', b'K', 3, 4, version, 0]).is_some()
            || memmem::find(bytes, &[b'P', b'K', 1, 2])
                .is_some_and(|at| bytes.get(at + 6..at + 8) == Some(&[version, 0]))
        {
            return Some("an archive");
        }
    }
    None
}

#[cfg(test)]
mod tests;
