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
