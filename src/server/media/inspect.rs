//! What an uploaded file really is, decided from its bytes alone (never its name or the type
//! the client declared), before any decoding: the format from its signature, the end of the
//! image from the format's own structure, the size from its header. Refused here: anything
//! but PNG, JPEG, GIF and WebP (SVG by name, since it can carry scripts), a damaged file, an
//! image with something after its end or a web page or archive inside it (a polyglot, which
//! some program could be made to read as that other thing), and one with more pixels than
//! decoding may allocate. Each check costs one pass over the bytes at most.

use std::io::Cursor;

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
    if let Some(what) = hidden_content(bytes) {
        return Err(Refusal::Hidden { what });
    }
    let damaged = |problem: &str| Refusal::Damaged {
        format: format.name(),
        problem: problem.to_owned(),
    };
    let end = match format {
        SourceFormat::Png => png_end(bytes),
        SourceFormat::Jpeg => jpeg_end(bytes),
        SourceFormat::Gif => gif_end(bytes),
        SourceFormat::Webp => webp_end(bytes),
    }
    .map_err(damaged)?;
    // Some cameras pad a file with zeros; anything else after the end is another file.
    if bytes[end..].iter().any(|byte| *byte != 0) {
        return Err(Refusal::Hidden {
            what: "data after the end of the picture",
        });
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

/// Markers of content another program would run or unpack, looked for anywhere in the file:
/// web page tags (a browser sniffing the file as HTML would run its scripts), PHP, and ZIP
/// entries (a JAR or an archive glued into the picture). Each is long enough that
/// compressed pixel data does not produce it by chance.
fn hidden_content(bytes: &[u8]) -> Option<&'static str> {
    const TAGS: [&[u8]; 10] = [
        b"<script",
        b"<html",
        b"<body",
        b"<iframe",
        b"<svg",
        b"<object",
        b"<embed",
        b"<?php",
        b"<!doctype",
        b"<meta",
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
    // A ZIP entry's header: the signature and a "version needed" a ZIP tool writes.
    for version in [10u8, 20, 45] {
        if memmem::find(bytes, &[b'P', b'K', 3, 4, version, 0]).is_some() {
            return Some("an archive");
        }
    }
    None
}

/// Where a PNG's `IEND` chunk ends.
fn png_end(bytes: &[u8]) -> Result<usize, &'static str> {
    let mut position = 8;
    let mut first = true;
    loop {
        let header = bytes
            .get(position..position + 8)
            .ok_or("it ends before its last chunk")?;
        let length = u32::from_be_bytes(header[..4].try_into().expect("four bytes")) as usize;
        let kind = &header[4..8];
        if first && kind != b"IHDR" {
            return Err("it does not start with a header chunk");
        }
        first = false;
        position = position
            .checked_add(8 + length + 4)
            .filter(|end| *end <= bytes.len())
            .ok_or("a chunk runs past the end of the file")?;
        if kind == b"IEND" {
            return Ok(position);
        }
    }
}

/// Where a JPEG's end-of-image marker ends: segments are skipped by their lengths, and
/// compressed data is read up to the next marker.
fn jpeg_end(bytes: &[u8]) -> Result<usize, &'static str> {
    walk_jpeg(bytes, |_, _| {})
}

/// Whether a JPEG carries nothing but what draws it: no EXIF, XMP, ICC or maker data (APP1 to
/// APP15) and no comments anywhere, and APP0 only as JFIF's header. Such a file is stored as
/// it came (after [`inspect`] passed it), so an image exported from one blog and imported
/// into another keeps its name and loses nothing to a second encoding.
pub fn jpeg_is_bare(bytes: &[u8]) -> bool {
    let mut bare = true;
    let walked = walk_jpeg(bytes, |marker, segment| {
        let metadata = match marker {
            0xE0 => !segment.starts_with(b"JFIF\0"),
            0xE1..=0xEF | 0xFE => true,
            _ => false,
        };
        bare &= !metadata;
    });
    walked.is_ok() && bare
}

/// Walks a JPEG's segments to the end-of-image marker, showing each segment's marker and
/// contents (after its length) to `visit`; returns where the file ends.
fn walk_jpeg(bytes: &[u8], mut visit: impl FnMut(u8, &[u8])) -> Result<usize, &'static str> {
    let mut position = 2;
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
        visit(marker, &bytes[position + 2..end]);
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

/// Where a GIF's trailer ends: its blocks are walked by their sizes.
fn gif_end(bytes: &[u8]) -> Result<usize, &'static str> {
    const TOO_SHORT: &str = "it ends before its trailer";
    let packed = *bytes.get(10).ok_or(TOO_SHORT)?;
    let mut position = 13 + color_table_size(packed);
    let skip_sub_blocks = |mut position: usize| -> Result<usize, &'static str> {
        loop {
            let size = usize::from(*bytes.get(position).ok_or(TOO_SHORT)?);
            position += 1 + size;
            if size == 0 {
                return Ok(position);
            }
        }
    };
    loop {
        match bytes.get(position) {
            Some(0x3B) => return Ok(position + 1),
            Some(0x21) => position = skip_sub_blocks(position + 2)?,
            Some(0x2C) => {
                let packed = *bytes.get(position + 9).ok_or(TOO_SHORT)?;
                // Descriptor, local colour table, LZW code size, then the data.
                position = skip_sub_blocks(position + 10 + color_table_size(packed) + 1)?;
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

/// Where a WebP file's RIFF container says it ends.
fn webp_end(bytes: &[u8]) -> Result<usize, &'static str> {
    let size = u32::from_le_bytes(bytes[4..8].try_into().expect("four bytes")) as usize;
    // Chunks are padded to an even size.
    let end = 8 + size + (size & 1);
    if end > bytes.len() + (size & 1) {
        return Err("it is shorter than its header says");
    }
    Ok(end.min(bytes.len()))
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
            assert!(jpeg_end(&with).is_ok());
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
