//! The owner's stylesheet: the accent colour and the custom CSS, served from the site's own
//! address (`/site.css`), so the Content-Security-Policy stays `style-src 'self'`.
//!
//! One colour is asked for; it must be readable on the light theme's page (links, and
//! button labels on it, at WCAG AA's 4.5:1), and the dark theme gets the same hue lightened
//! until it is readable there too.

use sha2::{Digest, Sha256};

/// The theme's backgrounds that accent-coloured text sits on (`style/main.css`: `--bg`,
/// `--surface`), light then dark.
const LIGHT_BACKGROUNDS: [[u8; 3]; 2] = [[0xfd, 0xfd, 0xfc], [0xf3, 0xf4, 0xf6]];
const DARK_BACKGROUNDS: [[u8; 3]; 2] = [[0x15, 0x17, 0x1a], [0x1e, 0x21, 0x25]];
/// WCAG 2 AA for normal text.
const MIN_CONTRAST: f64 = 4.5;

/// An accent colour readable on both themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accent {
    pub light: [u8; 3],
    pub dark: [u8; 3],
}

impl Accent {
    /// `#rrggbb`, refused with the reason when it is not readable on the light theme.
    pub fn parse(hex: &str) -> Result<Self, String> {
        let light = parse_hex(hex).ok_or("must be a colour written #rrggbb, like #2457c5")?;
        let contrast = min_contrast(light, &LIGHT_BACKGROUNDS);
        if contrast < MIN_CONTRAST {
            return Err(format!(
                "is too light to read on the page ({contrast:.1}:1; links need {MIN_CONTRAST}:1): \
                 choose a darker shade"
            ));
        }
        Ok(Self {
            light,
            dark: lightened_until_readable(light),
        })
    }
}

/// The stylesheet's text: the accent's custom property, then the owner's CSS.
pub fn stylesheet(accent: Option<Accent>, custom_css: &str) -> String {
    let mut css = String::new();
    if let Some(accent) = accent {
        css.push_str(&format!(
            ":root {{ --accent: light-dark({}, {}); }}\n",
            hex(accent.light),
            hex(accent.dark)
        ));
    }
    if !custom_css.trim().is_empty() {
        css.push_str(custom_css);
        css.push('\n');
    }
    css
}

/// A short digest of the stylesheet: its address changes whenever its text does.
pub fn version(css: &str) -> String {
    hex::encode(&Sha256::digest(css.as_bytes())[..8])
}

fn parse_hex(text: &str) -> Option<[u8; 3]> {
    let digits = text.strip_prefix('#')?;
    if digits.len() != 6 || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |at: usize| u8::from_str_radix(&digits[at..at + 2], 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Mixes the colour with white, a tenth at a time, until it reads on the dark theme.
fn lightened_until_readable(colour: [u8; 3]) -> [u8; 3] {
    (0..=10)
        .map(|tenths| colour.map(|c| c + ((255 - u16::from(c)) * tenths / 10) as u8))
        .find(|mixed| min_contrast(*mixed, &DARK_BACKGROUNDS) >= MIN_CONTRAST)
        .unwrap_or([255, 255, 255])
}

fn min_contrast(colour: [u8; 3], backgrounds: &[[u8; 3]]) -> f64 {
    backgrounds
        .iter()
        .map(|background| contrast(colour, *background))
        .fold(f64::INFINITY, f64::min)
}

/// WCAG 2's contrast ratio, from 1 (none) to 21.
fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn luminance(colour: [u8; 3]) -> f64 {
    let [r, g, b] = colour.map(|c| {
        let c = f64::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    });
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_accent_passes_and_a_pale_one_is_refused() {
        let accent = Accent::parse("#2457c5").unwrap();
        assert!(min_contrast(accent.dark, &DARK_BACKGROUNDS) >= MIN_CONTRAST);
        let refusal = Accent::parse("#ffd700").unwrap_err();
        assert!(refusal.contains("too light"), "{refusal}");
        assert!(Accent::parse("2457c5").is_err());
        assert!(Accent::parse("#2457c").is_err());
        assert!(Accent::parse("#gg0000").is_err());
    }

    #[test]
    fn black_turns_readable_on_the_dark_theme() {
        let accent = Accent::parse("#000000").unwrap();
        assert!(min_contrast(accent.dark, &DARK_BACKGROUNDS) >= MIN_CONTRAST);
        assert!(stylesheet(Some(accent), "").contains("light-dark(#000000, #"));
    }
}
