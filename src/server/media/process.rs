//! An inspected upload made into what is stored: decoded (within the inspected size), turned
//! upright by its EXIF orientation, and encoded afresh from its pixels, so no metadata (EXIF,
//! GPS, XMP, comments) and nothing hidden survives (a JPEG that carries none, every byte of it
//! looked at, is kept as it is); then the smaller copies for `srcset`.
//! Animated GIFs are copied frame by frame, losslessly, keeping only what draws them.
//! CPU work in proportion to the pixels: callers run it on the blocking pool, a permit each.

use std::{io::Cursor, panic::AssertUnwindSafe};

use image::{
    DynamicImage, ImageDecoder, ImageEncoder, ImageReader, Limits,
    codecs::{jpeg::JpegEncoder, png::PngEncoder},
    imageops::FilterType,
};

use super::{
    inspect::{self, Inspected, PixelLimits, Refusal, SourceFormat},
    names::{self, StoredFormat},
};

/// JPEG quality of stored photos and their copies.
const JPEG_QUALITY: u8 = 85;

/// At most this many frames in an animation, and at most this many times the still-image
/// pixel limit over all of them.
const MAX_FRAMES: usize = 1000;
const ANIMATION_PIXEL_FACTOR: u64 = 10;

/// What is stored for an upload.
#[derive(Debug)]
pub struct Processed {
    pub format: StoredFormat,
    pub width: u32,
    pub height: u32,
    /// The image itself, encoded afresh.
    pub bytes: Vec<u8>,
    /// Its smaller copies: width and bytes, for each width the name says it has.
    pub copies: Vec<(u32, Vec<u8>)>,
}

/// Decodes, cleans and encodes an upload, with the copies its name will say it has.
///
/// A decoder that panics on a file (a failed assertion in a codec crate) has found a file it
/// cannot read: that is refused like any damaged file, not answered as the site's fault.
/// (The fuzzer's panic hook aborts before this, so it still reports every such file.)
pub fn process(
    bytes: &[u8],
    inspected: Inspected,
    limits: PixelLimits,
) -> Result<Processed, Refusal> {
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        decode_and_encode(bytes, inspected, limits)
    }))
    .unwrap_or_else(|_| {
        Err(Refusal::Damaged {
            format: inspected.format.name(),
            problem: "the decoder could not read it".to_owned(),
        })
    })
}

fn decode_and_encode(
    bytes: &[u8],
    inspected: Inspected,
    limits: PixelLimits,
) -> Result<Processed, Refusal> {
    if inspected.format == SourceFormat::Gif {
        return copy_gif(bytes, limits);
    }
    let damaged = |error: &dyn std::fmt::Display| Refusal::Damaged {
        format: inspected.format.name(),
        problem: error.to_string(),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), inspected.format.image_format());
    let mut decode_limits = Limits::default();
    decode_limits.max_image_width = Some(limits.max_side);
    decode_limits.max_image_height = Some(limits.max_side);
    // Eight bytes a pixel covers 16-bit RGBA, the widest a PNG decodes to.
    decode_limits.max_alloc = Some(limits.max_pixels * 8 + (16 << 20));
    reader.limits(decode_limits);
    let mut decoder = reader.into_decoder().map_err(|error| damaged(&error))?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|error| damaged(&error))?;
    picture.apply_orientation(orientation);
    let format = match inspected.format {
        SourceFormat::Jpeg => StoredFormat::Jpeg,
        SourceFormat::Png => StoredFormat::Png,
        // WebP is stored as what browsers and other blogs read everywhere.
        _ if picture.color().has_alpha() => StoredFormat::Png,
        _ => StoredFormat::Jpeg,
    };
    let picture = normalised(picture, format);
    let (width, height) = (picture.width(), picture.height());
    // A JPEG with nothing to remove, every byte of it looked at, keeps its bytes: a second
    // encoding would only lose detail.
    let encoded = if inspected.format == SourceFormat::Jpeg && inspect::jpeg_kept_as_is(bytes) {
        bytes.to_vec()
    } else {
        encode(&picture, format).map_err(|error| damaged(&error))?
    };
    let mut copies = Vec::new();
    // Largest first, each from the one before: every step shrinks by less than three times,
    // which keeps the filter's cost down and its quality up.
    let mut source = picture;
    let mut widths = names::copy_widths(width, format);
    widths.sort_unstable_by(|a, b| b.cmp(a));
    for copy_width in widths {
        let copy_height = names::copy_height(width, height, copy_width);
        let copy = source.resize_exact(copy_width, copy_height, FilterType::CatmullRom);
        copies.push((
            copy_width,
            encode(&copy, format).map_err(|error| damaged(&error))?,
        ));
        source = copy;
    }
    Ok(Processed {
        format,
        width,
        height,
        bytes: encoded,
        copies,
    })
}

/// Eight bits a channel, and no alpha channel in a JPEG.
fn normalised(picture: DynamicImage, format: StoredFormat) -> DynamicImage {
    use image::ColorType::*;
    match (format, picture.color()) {
        (StoredFormat::Jpeg, L8 | Rgb8) => picture,
        (StoredFormat::Jpeg, La8 | L16 | La16) => DynamicImage::ImageLuma8(picture.to_luma8()),
        (StoredFormat::Jpeg, _) => DynamicImage::ImageRgb8(picture.to_rgb8()),
        (_, L8 | La8 | Rgb8 | Rgba8) => picture,
        (_, color) if color.has_alpha() => DynamicImage::ImageRgba8(picture.to_rgba8()),
        _ => DynamicImage::ImageRgb8(picture.to_rgb8()),
    }
}

fn encode(picture: &DynamicImage, format: StoredFormat) -> image::ImageResult<Vec<u8>> {
    let mut out = Vec::new();
    let (width, height, color) = (picture.width(), picture.height(), picture.color());
    match format {
        StoredFormat::Jpeg => JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY).write_image(
            picture.as_bytes(),
            width,
            height,
            color.into(),
        )?,
        StoredFormat::Png => PngEncoder::new(&mut out).write_image(
            picture.as_bytes(),
            width,
            height,
            color.into(),
        )?,
        StoredFormat::Gif => unreachable!("GIFs are copied frame by frame"),
    }
    Ok(out)
}

/// A GIF, still or animated, rewritten from its decoded frames with only what draws them:
/// palettes, positions, delays, disposal, transparency and the loop count. Comments and
/// application data (XMP, anything hidden) are left behind.
fn copy_gif(bytes: &[u8], limits: PixelLimits) -> Result<Processed, Refusal> {
    let damaged = |error: &dyn std::fmt::Display| Refusal::Damaged {
        format: "GIF",
        problem: error.to_string(),
    };
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    options.set_memory_limit(gif::MemoryLimit::Bytes(
        std::num::NonZeroU64::new(limits.max_pixels).expect("a positive limit"),
    ));
    let mut decoder = options
        .read_info(Cursor::new(bytes))
        .map_err(|error| damaged(&error))?;
    let (width, height) = (decoder.width(), decoder.height());
    let palette = decoder.global_palette().map(<[u8]>::to_vec);
    let mut encoder: Option<gif::Encoder<Vec<u8>>> = None;
    let budget = limits.max_pixels * ANIMATION_PIXEL_FACTOR;
    let mut pixels = 0u64;
    let mut frames = 0usize;
    while let Some(frame) = decoder.read_next_frame().map_err(|error| damaged(&error))? {
        frames += 1;
        pixels += u64::from(frame.width) * u64::from(frame.height);
        if frames > MAX_FRAMES || pixels > budget {
            return Err(Refusal::TooManyFrames {
                max_frames: MAX_FRAMES,
            });
        }
        let frame = frame.clone();
        // The loop count is known once the first frame has been read.
        let writer = match &mut encoder {
            Some(writer) => writer,
            None => {
                let mut writer =
                    gif::Encoder::new(Vec::new(), width, height, palette.as_deref().unwrap_or(&[]))
                        .map_err(|error| damaged(&error))?;
                writer
                    .set_repeat(decoder.repeat())
                    .map_err(|error| damaged(&error))?;
                encoder.insert(writer)
            }
        };
        writer
            .write_frame(&frame)
            .map_err(|error| damaged(&error))?;
    }
    let Some(writer) = encoder else {
        return Err(damaged(&"it has no frames"));
    };
    let bytes = writer.into_inner().map_err(|error| damaged(&error))?;
    Ok(Processed {
        format: StoredFormat::Gif,
        width: u32::from(width),
        height: u32::from(height),
        bytes,
        copies: Vec::new(),
    })
}
