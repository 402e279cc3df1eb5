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

/// The file the fuzzer found making the JPEG decoder fail an assertion: a progressive JPEG
/// whose blue-difference channel is sampled twice as finely as its brightness.
const FINER_COLOUR_THAN_BRIGHTNESS: &[u8] =
    include_bytes!("../../../../fuzz/corpus/image_inspect/crash-chroma-sampled-finer-than-luma");

#[test]
fn a_jpeg_with_colour_sampled_finer_than_brightness_is_refused() {
    let refusal = inspect(FINER_COLOUR_THAN_BRIGHTNESS, LIMITS).unwrap_err();
    assert!(
        matches!(&refusal, Refusal::Damaged { problem, .. } if problem.contains("sampled")),
        "{refusal}"
    );
    // The same layout written by an encoder and changed in its frame header.
    let mut jpeg = Vec::new();
    image::RgbImage::from_fn(16, 16, |x, y| image::Rgb([x as u8 * 16, y as u8 * 16, 90]))
        .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .unwrap();
    assert!(inspect(&jpeg, LIMITS).is_ok());
    let frame = memmem::find(&jpeg, &[0xFF, 0xC0]).unwrap();
    // Marker, length, precision, height, width, count; then id, sampling, table a component.
    let components = frame + 10;
    for (component, sampling) in [0x11, 0x22, 0x11].into_iter().enumerate() {
        jpeg[components + 3 * component + 1] = sampling;
    }
    assert_eq!(inspect(&jpeg, LIMITS).unwrap_err(), refusal);
}

#[test]
fn a_file_the_decoder_panics_on_is_refused_as_damaged() {
    let inspected = Inspected {
        format: SourceFormat::Jpeg,
        width: 8,
        height: 6,
    };
    assert_eq!(
        crate::server::media::process::process(FINER_COLOUR_THAN_BRIGHTNESS, inspected, LIMITS)
            .unwrap_err(),
        Refusal::Damaged {
            format: "JPEG",
            problem: "the decoder could not read it".to_owned()
        }
    );
}
