//! Each format's own structure, walked: where the picture ends and which of its parts are
//! not compressed pixels. One pass over the bytes at most; nothing is decoded.

use std::ops::Range;

/// What a walk of a file's own structure found: where the picture ends, and its parts that are
/// not compressed pixels (headers, tables, metadata, comments), where content hidden in it
/// would have to be for another program to read it.
pub(super) struct Layout {
    pub end: usize,
    pub readable: Vec<Range<usize>>,
}

/// A PNG's chunks, to the end of `IEND`; all but the pixel data (`IDAT`, APNG's `fdAT`) are
/// readable.
pub(super) fn png_layout(bytes: &[u8]) -> Result<Layout, &'static str> {
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
/// readable, the compressed data between them is not. Refused too: a frame whose components
/// are sampled in a way no camera or editor writes (see `frame_sampling_problem`).
pub(super) fn jpeg_layout(bytes: &[u8], start: usize) -> Result<Layout, &'static str> {
    let mut readable = Vec::new();
    let mut sampling_problem = None;
    let end = walk_jpeg(bytes, start, |marker, contents| {
        // Start-of-frame markers: C0 to CF but DHT (C4), JPG (C8) and DAC (CC).
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            sampling_problem =
                sampling_problem.or_else(|| frame_sampling_problem(&bytes[contents.clone()]));
        }
        readable.push(contents);
    })?;
    match sampling_problem {
        Some(problem) => Err(problem),
        None => Ok(Layout { end, readable }),
    }
}

/// Whether a JPEG holds nothing but what draws it: every segment one a decoder needs (frame,
/// tables, scans, restart interval) or JFIF's header without a thumbnail, and nothing after
/// its end (see `jpeg_kept_as_is`).
pub(super) fn jpeg_is_bare(bytes: &[u8]) -> bool {
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

/// What is wrong with a frame header's sampling, if anything: each component's factors must
/// be 1 to 4, and the first (brightness, or the only component) sampled as finely as every
/// other or a whole multiple more. That is every layout encoders write, and the one decoders
/// are tested on: the decoder this site uses fails an assertion on colour sampled more finely
/// than brightness. A frame header is precision, height, width, the number of components,
/// then three bytes a component: its id, its sampling factors (a nibble each), its table.
fn frame_sampling_problem(frame: &[u8]) -> Option<&'static str> {
    let count = usize::from(*frame.get(5)?);
    let components = frame.get(6..6 + 3 * count)?;
    let sampling = |component: &[u8]| (component[1] >> 4, component[1] & 0x0F);
    let mut components = components.chunks_exact(3).map(sampling);
    let (first_h, first_v) = components.next()?;
    let valid = 1..=4;
    if !valid.contains(&first_h) || !valid.contains(&first_v) {
        return Some("its frame header has a sampling factor outside 1 to 4");
    }
    for (h, v) in components {
        if !valid.contains(&h) || !valid.contains(&v) {
            return Some("its frame header has a sampling factor outside 1 to 4");
        }
        if first_h % h != 0 || first_v % v != 0 {
            return Some(
                "its colour is not sampled at a whole fraction of its brightness's resolution, \
                 which no camera or editor writes",
            );
        }
    }
    None
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
pub(super) fn gif_layout(bytes: &[u8]) -> Result<Layout, &'static str> {
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
pub(super) fn webp_layout(bytes: &[u8]) -> Result<Layout, &'static str> {
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
