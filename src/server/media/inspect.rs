//! What an uploaded file really is, decided from its bytes alone (never its name or the type
//! the client declared), before any decoding: the format from its signature, the end of the
//! image from the format's own structure, the size from its header. Refused here: anything
//! but PNG, JPEG, GIF and WebP (SVG by name, since it can carry scripts), a damaged file, an
//! image with something after its end or a web page or archive inside it (a polyglot, which
//! some program could be made to read as that other thing), and one with more pixels than
//! decoding may allocate. Each check costs one pass over the bytes at most.

use std::{io::Cursor, ops::Range};

use memchr::memmem;

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

    fn name(self) -> &'static str {
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

/// What a walk of a file's own structure found: where the picture ends, and its parts that are
/// not compressed pixels (headers, tables, metadata, comments), where content hidden in it
/// would have to be for another program to read it.
struct Layout {
    end: usize,
    readable: Vec<Range<usize>>,
}

/// A PNG's chunks, to the end of `IEND`; all but the pixel data (`IDAT`, APNG's `fdAT`) are
/// readable.
fn png_layout(bytes: &[u8]) -> Result<Layout, &'static str> {
    let mut position = 8;
    let mut readable = Vec::new();
    let mut first = true;
    loop {
        let header = bytes
            .get(position..position + 8)
            .ok_or("it ends before its last chunk")?;
        let length = u32::from_be_bytes(header[..4].try_into().expect("four bytes")) as usize;
        let kind: [u8; 4] = header[4..8].try_into().expect("four bytes");
        if first && &kind != b"IHDR" {
            return Err("it does not start with a header chunk");
        }
        first = false;
        let data = position + 8;
        let end = length
            .checked_add(12)
            .and_then(|chunk| position.checked_add(chunk))
            .filter(|end| *end <= bytes.len())
            .ok_or("a chunk runs past the end of the file")?;
        if &kind != b"IDAT" && &kind != b"fdAT" {
            readable.push(data..end - 4);
        }
        position = end;
        if &kind == b"IEND" {
            return Ok(Layout {
                end: position,
                readable,
            });
        }
    }
}

/// The JPEG starting at `start`, to its end-of-image marker; every segment's contents are
/// readable, the compressed data between them is not.
fn jpeg_layout(bytes: &[u8], start: usize) -> Result<Layout, &'static str> {
    let mut readable = Vec::new();
    let end = walk_jpeg(bytes, start, |_, contents| readable.push(contents))?;
    Ok(Layout { end, readable })
}

/// Whether a JPEG holds nothing but what draws it: every segment one a decoder needs (frame,
/// tables, scans, restart interval) or JFIF's header without a thumbnail, and nothing after
/// its end. Such a file is stored as it came (after [`inspect`] passed it), so an image
/// exported from one blog and imported into another keeps its name and loses nothing to a
/// second encoding.
pub fn jpeg_is_bare(bytes: &[u8]) -> bool {
    let mut bare = true;
    let walked = walk_jpeg(bytes, 0, |marker, contents| {
        let needed = match marker {
            // Frames (but the arithmetic-coding tables' marker), Huffman and arithmetic
            // tables, quantization tables, scans, the restart interval.
            0xC0..=0xCF | 0xDA | 0xDB | 0xDD => true,
            // JFIF's header, 14 bytes when it has no thumbnail.
            0xE0 => bytes.get(contents.clone()).is_some_and(|data| {
                data.len() == 14 && data.starts_with(b"JFIF\0") && data[12] == 0 && data[13] == 0
            }),
            _ => false,
        };
        bare &= needed;
    });
    matches!(walked, Ok(end) if bare && bytes[end..].iter().all(|byte| *byte == 0))
}

/// Walks the JPEG starting at `start` to its end-of-image marker, showing each segment's marker
/// and the range of its contents (after its length) to `visit`; returns where the file ends.
/// Segments are skipped by their lengths, compressed data is read up to the next marker.
fn walk_jpeg(
    bytes: &[u8],
    start: usize,
    mut visit: impl FnMut(u8, Range<usize>),
) -> Result<usize, &'static str> {
    let mut position = start + 2;
    loop {
        if bytes.get(position) != Some(&0xFF) {
            return Err("a segment does not start where the one before ends");
        }
        while bytes.get(position) == Some(&0xFF) {
            position += 1;
        }
        let marker = *bytes.get(position).ok_or("it ends before its end marker")?;
        position += 1;
        match marker {
            0xD9 => return Ok(position),
            0x01 | 0xD0..=0xD7 => continue,
            0xD8 | 0x00 => return Err("a marker appears where it cannot"),
            _ => {}
        }
        let length = bytes
            .get(position..position + 2)
            .map(|pair| usize::from(u16::from_be_bytes([pair[0], pair[1]])))
            .filter(|length| *length >= 2)
            .ok_or("a segment has no length")?;
        let end = position
            .checked_add(length)
            .filter(|end| *end <= bytes.len())
            .ok_or("a segment runs past the end of the file")?;
        visit(marker, position + 2..end);
        position = end;
        if marker == 0xDA {
            // Compressed data: 0xFF is followed by 0x00 (a literal), a restart marker or
            // fill bytes; anything else is the next marker.
            loop {
                let offset = memchr::memchr(0xFF, &bytes[position..])
                    .ok_or("it ends inside its compressed data")?;
                position += offset;
                match bytes.get(position + 1) {
                    Some(0x00 | 0xD0..=0xD7) => position += 2,
                    Some(0xFF) => position += 1,
                    Some(_) => break,
                    None => return Err("it ends inside its compressed data"),
                }
            }
        }
    }
}

/// A GIF's blocks, to its trailer; the header, colour tables, descriptors and extensions
/// (comments, application data) are readable, the image data is not.
fn gif_layout(bytes: &[u8]) -> Result<Layout, &'static str> {
    const TOO_SHORT: &str = "it ends before its trailer";
    let packed = *bytes.get(10).ok_or(TOO_SHORT)?;
    let mut position = 13 + color_table_size(packed);
    // The header, the screen descriptor and the global colour table.
    let mut readable = Vec::new();
    readable.push(0..position.min(bytes.len()));
    // Sub-blocks from `position`: where they end, and each one's data.
    let sub_blocks =
        |mut position: usize, data: &mut Vec<Range<usize>>| -> Result<usize, &'static str> {
            loop {
                let size = usize::from(*bytes.get(position).ok_or(TOO_SHORT)?);
                let end = position + 1 + size;
                if end > bytes.len() {
                    return Err(TOO_SHORT);
                }
                data.push(position + 1..end);
                position = end;
                if size == 0 {
                    return Ok(position);
                }
            }
        };
    loop {
        match bytes.get(position) {
            Some(0x3B) => {
                return Ok(Layout {
                    end: position + 1,
                    readable,
                });
            }
            Some(0x21) => position = sub_blocks(position + 2, &mut readable)?,
            Some(0x2C) => {
                let packed = *bytes.get(position + 9).ok_or(TOO_SHORT)?;
                // Descriptor, local colour table, LZW code size: readable; then the pixels.
                let data = position + 10 + color_table_size(packed) + 1;
                readable.push(position..data.min(bytes.len()));
                position = sub_blocks(data, &mut Vec::new())?;
            }
            Some(_) => return Err("it has a block of an unknown kind"),
            None => return Err(TOO_SHORT),
        }
    }
}

fn color_table_size(packed: u8) -> usize {
    if packed & 0x80 == 0 {
        0
    } else {
        3 << ((packed & 0x07) + 1)
    }
}

/// A WebP file's RIFF chunks, to where the container says it ends; all but the image data
/// (`VP8 `, `VP8L`, `ALPH`, animation frames) are readable.
fn webp_layout(bytes: &[u8]) -> Result<Layout, &'static str> {
    const SHORT: &str = "it is shorter than its header says";
    let size = u32::from_le_bytes(bytes[4..8].try_into().expect("four bytes")) as usize;
    let end = size.checked_add(8).ok_or(SHORT)?;
    // The container's last chunk may miss its pad byte.
    if end > bytes.len() + 1 {
        return Err(SHORT);
    }
    let end = end.min(bytes.len());
    let mut readable = Vec::new();
    let mut position = 12;
    while position + 8 <= end {
        let kind = &bytes[position..position + 4];
        let length = u32::from_le_bytes(
            bytes[position + 4..position + 8]
                .try_into()
                .expect("four bytes"),
        ) as usize;
        let data = position + 8;
        let chunk_end = data.checked_add(length).ok_or(SHORT)?;
        if chunk_end > end {
            return Err("a chunk runs past the end of the file");
        }
        if !matches!(kind, b"VP8 " | b"VP8L" | b"ALPH" | b"ANMF") {
            readable.push(data..chunk_end);
        }
        position = chunk_end + (length & 1);
    }
    Ok(Layout { end, readable })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: PixelLimits = PixelLimits {
        max_pixels: 40_000_000,
        max_side: 16_384,
    };

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = Vec::new();
        image::RgbImage::new(width, height)
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .unwrap();
        bytes
    }

    #[test]
    fn a_plain_png_passes_with_its_size() {
        let inspected = inspect(&png(3, 2), LIMITS).unwrap();
        assert_eq!(
            (inspected.format, inspected.width, inspected.height),
            (SourceFormat::Png, 3, 2)
        );
    }

    #[test]
    fn what_follows_or_hides_in_an_image_is_found() {
        let mut appended = png(3, 2);
        appended.extend_from_slice(b"anything");
        assert!(matches!(
            inspect(&appended, LIMITS),
            Err(Refusal::Hidden { .. })
        ));
        let mut padded = png(3, 2);
        padded.extend_from_slice(&[0; 16]);
        assert!(inspect(&padded, LIMITS).is_ok());
        let page = b"GIF89a<html><script>alert(1)</script></html>";
        assert_eq!(
            inspect(page, LIMITS),
            Err(Refusal::Hidden {
                what: "a web page or script"
            })
        );
        assert_eq!(
            sniff(b"  <?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Err(Refusal::Svg)
        );
        assert_eq!(sniff(b"#!/bin/sh\necho hi"), Err(Refusal::NotAnImage));
    }

    /// `png` with one more chunk before `IEND`.
    fn with_chunk(png: &[u8], kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let iend = png.len() - 12;
        let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
        chunk.extend_from_slice(kind);
        chunk.extend_from_slice(data);
        let mut crc = flate2::Crc::new();
        crc.update(&chunk[4..]);
        chunk.extend_from_slice(&crc.sum().to_be_bytes());
        let mut bytes = png[..iend].to_vec();
        bytes.extend_from_slice(&chunk);
        bytes.extend_from_slice(&png[iend..]);
        bytes
    }

    #[test]
    fn tags_are_looked_for_in_metadata_not_in_compressed_pixels() {
        // Noise, so the file is longer than the start looked in whatever the format.
        let mut seed = 1u32;
        let noise = image::RgbImage::from_fn(64, 64, |_, _| {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            image::Rgb([(seed >> 24) as u8, (seed >> 16) as u8, (seed >> 8) as u8])
        });
        let mut plain = Vec::new();
        noise
            .write_to(&mut Cursor::new(&mut plain), image::ImageFormat::Png)
            .unwrap();
        assert!(plain.len() > HEAD_SCANNED);
        let text = with_chunk(&plain, b"tEXt", b"Comment\0<script>alert(1)</script>");
        assert!(matches!(
            inspect(&text, LIMITS),
            Err(Refusal::Hidden { .. })
        ));
        // Pixel data that happens to spell a tag, as compressed data now and then does.
        let pixels = with_chunk(&plain, b"IDAT", b"\x03<svg\x91\x07");
        assert!(inspect(&pixels, LIMITS).is_ok());
    }

    #[test]
    fn a_multi_picture_jpeg_passes_and_is_not_kept_as_it_is() {
        let mut jpeg = Vec::new();
        image::RgbImage::new(8, 8)
            .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
            .unwrap();
        let mut two = jpeg.clone();
        two.extend_from_slice(&jpeg);
        assert_eq!(inspect(&two, LIMITS).map(|found| found.width), Ok(8));
        assert!(!jpeg_is_bare(&two));
        let mut other = jpeg.clone();
        other.extend_from_slice(b"\x89PNG trailing");
        assert!(matches!(
            inspect(&other, LIMITS),
            Err(Refusal::Hidden { .. })
        ));
    }

    #[test]
    fn a_jpeg_is_bare_only_without_metadata_or_comments() {
        let mut plain = Vec::new();
        image::RgbImage::new(8, 8)
            .write_to(&mut Cursor::new(&mut plain), image::ImageFormat::Jpeg)
            .unwrap();
        assert!(jpeg_is_bare(&plain));
        for (marker, contents) in [(0xE1u8, b"Exif\0\0MM".as_slice()), (0xFE, b"a comment")] {
            let mut with = plain[..2].to_vec();
            with.extend_from_slice(&[0xFF, marker]);
            with.extend_from_slice(&((contents.len() + 2) as u16).to_be_bytes());
            with.extend_from_slice(contents);
            with.extend_from_slice(&plain[2..]);
            assert!(jpeg_layout(&with, 0).is_ok());
            assert!(!jpeg_is_bare(&with), "{marker:x}");
        }
    }

    #[test]
    fn a_header_claiming_too_many_pixels_is_refused_unread() {
        // A real header for 50,000 × 50,000 pixels, with one pixel's data behind it.
        let mut bytes = png(1, 1);
        bytes[16..20].copy_from_slice(&50_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&50_000u32.to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.sum().to_be_bytes());
        assert!(matches!(
            inspect(&bytes, LIMITS),
            Err(Refusal::TooManyPixels {
                width: 50_000,
                height: 50_000,
                ..
            })
        ));
    }
}
