//! Media file names. An image is stored as `<hash>-<width>x<height>.<ext>` (the hash is of
//! the stored bytes) and each smaller copy as `<hash>-<width>x<height>-<copy width>w.<ext>`.
//! The name carries what a page needs to show the image (its size, for `width`/`height`,
//! and which copies exist, for `srcset`) so rendering a post asks the database nothing; and a
//! name that does not parse is not a media file, so nothing else can be asked for under
//! `/media/`.

use std::fmt;

/// Hex characters of the content hash in a name: 128 bits.
pub const HASH_CHARS: usize = 32;

/// The widths of the smaller copies made of an image wider than each.
pub const COPY_WIDTHS: [u32; 4] = [320, 640, 1024, 1600];

/// Where media files are served.
pub const URL_PREFIX: &str = "/media/";

/// The formats images are stored in (WebP uploads are stored as PNG or JPEG, which every
/// reader's browser and every export target shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredFormat {
    Png,
    Jpeg,
    Gif,
}

impl StoredFormat {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg => "jpg",
            Self::Gif => "gif",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Gif => "image/gif",
        }
    }

    fn from_extension(extension: &str) -> Option<Self> {
        match extension {
            "png" => Some(Self::Png),
            "jpg" => Some(Self::Jpeg),
            "gif" => Some(Self::Gif),
            _ => None,
        }
    }
}

/// A parsed media file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaName {
    pub hash: String,
    pub width: u32,
    pub height: u32,
    pub format: StoredFormat,
    /// The width of this copy; `None` for the image itself.
    pub copy: Option<u32>,
}

impl MediaName {
    /// The image itself, named after the hash of its bytes.
    pub fn new(sha256_hex: &str, width: u32, height: u32, format: StoredFormat) -> Self {
        Self {
            hash: sha256_hex[..HASH_CHARS].to_owned(),
            width,
            height,
            format,
            copy: None,
        }
    }

    /// Reads a name; `None` for anything that is not exactly a media file name.
    pub fn parse(name: &str) -> Option<Self> {
        let (stem, extension) = name.rsplit_once('.')?;
        let format = StoredFormat::from_extension(extension)?;
        let (hash, rest) = stem.split_once('-')?;
        if hash.len() != HASH_CHARS
            || !hash
                .bytes()
                .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte))
        {
            return None;
        }
        let (size, copy) = match rest.split_once('-') {
            Some((size, copy)) => (size, Some(copy.strip_suffix('w').and_then(number)?)),
            None => (rest, None),
        };
        let (width, height) = size.split_once('x')?;
        let parsed = Self {
            hash: hash.to_owned(),
            width: number(width)?,
            height: number(height)?,
            format,
            copy,
        };
        match copy {
            Some(width) if !parsed.copy_widths().contains(&width) => None,
            _ => Some(parsed),
        }
    }

    /// Reads the name out of a link to a media file on this site (`/media/<name>`).
    pub fn from_url(url: &str) -> Option<Self> {
        Self::parse(url.strip_prefix(URL_PREFIX)?)
    }

    /// The image this is a copy of (or the image itself).
    pub fn original(&self) -> Self {
        Self {
            copy: None,
            ..self.clone()
        }
    }

    /// The `width`-wide copy of this image.
    pub fn copy(&self, width: u32) -> Self {
        Self {
            copy: Some(width),
            ..self.clone()
        }
    }

    /// The widths of the smaller copies an image of this size has.
    pub fn copy_widths(&self) -> Vec<u32> {
        copy_widths(self.width, self.format)
    }

    /// The height of the `width`-wide copy, keeping the proportions.
    pub fn copy_height(&self, width: u32) -> u32 {
        copy_height(self.width, self.height, width)
    }

    pub fn url(&self) -> String {
        format!("{URL_PREFIX}{self}")
    }

    /// `srcset` for the image: every copy and the image itself, by width.
    pub fn srcset(&self) -> String {
        let original = self.original();
        let mut candidates: Vec<String> = original
            .copy_widths()
            .into_iter()
            .map(|width| format!("{} {width}w", original.copy(width).url()))
            .collect();
        candidates.push(format!("{} {}w", original.url(), original.width));
        candidates.join(", ")
    }
}

/// The stored images among `urls` (links to copies count as their image), each once, at most
/// `at_most`.
pub fn images_in(urls: impl IntoIterator<Item = impl AsRef<str>>, at_most: usize) -> Vec<String> {
    let mut names = Vec::new();
    for url in urls {
        if let Some(name) = MediaName::from_url(url.as_ref()) {
            let name = name.original().to_string();
            if !names.contains(&name) {
                names.push(name);
                if names.len() == at_most {
                    break;
                }
            }
        }
    }
    names
}

impl fmt::Display for MediaName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}x{}", self.hash, self.width, self.height)?;
        if let Some(width) = self.copy {
            write!(f, "-{width}w")?;
        }
        write!(f, ".{}", self.format.extension())
    }
}

/// The widths of the smaller copies of an image `width` pixels wide, stored as `format`. An
/// animated GIF has none: resizing every frame would cost more than the copies save.
pub fn copy_widths(width: u32, format: StoredFormat) -> Vec<u32> {
    if format == StoredFormat::Gif {
        return Vec::new();
    }
    COPY_WIDTHS
        .into_iter()
        .filter(|copy| *copy < width)
        .collect()
}

/// The height of the `copy_width`-wide copy of a `width` × `height` image.
pub fn copy_height(width: u32, height: u32, copy_width: u32) -> u32 {
    let scaled = u64::from(height) * u64::from(copy_width) / u64::from(width.max(1));
    u32::try_from(scaled).unwrap_or(u32::MAX).max(1)
}

/// A positive decimal number without leading zeros, at most six digits.
fn number(text: &str) -> Option<u32> {
    let well_formed = !text.is_empty()
        && text.len() <= 6
        && text.bytes().all(|byte| byte.is_ascii_digit())
        && !text.starts_with('0');
    well_formed.then(|| text.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn names_read_back_and_copies_follow_the_width() {
        let name = MediaName::new(&format!("{HASH}ffff"), 1200, 800, StoredFormat::Jpeg);
        assert_eq!(name.to_string(), format!("{HASH}-1200x800.jpg"));
        assert_eq!(MediaName::parse(&name.to_string()), Some(name.clone()));
        assert_eq!(name.copy_widths(), [320, 640, 1024]);
        let copy = name.copy(640);
        assert_eq!(copy.to_string(), format!("{HASH}-1200x800-640w.jpg"));
        assert_eq!(MediaName::parse(&copy.to_string()), Some(copy));
        assert_eq!(name.copy_height(640), 426);
        assert_eq!(
            name.srcset(),
            format!(
                "/media/{HASH}-1200x800-320w.jpg 320w, /media/{HASH}-1200x800-640w.jpg 640w, \
                 /media/{HASH}-1200x800-1024w.jpg 1024w, /media/{HASH}-1200x800.jpg 1200w"
            )
        );
    }

    #[test]
    fn anything_else_is_not_a_media_name() {
        for name in [
            "",
            "../etc/passwd",
            &format!("{HASH}-1200x800.svg"),
            &format!("{HASH}-1200x800.JPG"),
            &format!("{HASH}-01200x800.jpg"),
            &format!("{HASH}-1200x800-2000w.jpg"),
            &format!("{HASH}-1200x800-333w.jpg"),
            &format!("{HASH}-1200x800-640w-640w.jpg"),
            &format!("{}-1200x800.jpg", &HASH[1..]),
            &format!("{}-1200x800.jpg", HASH.to_uppercase()),
            &format!("{HASH}-1200x.jpg"),
            &format!("{HASH}/1200x800.jpg"),
            &format!("{HASH}-1200x800.gif.jpg"),
        ] {
            assert_eq!(MediaName::parse(name), None, "{name}");
        }
        let gif = MediaName::parse(&format!("{HASH}-800x600.gif")).unwrap();
        assert!(gif.copy_widths().is_empty());
        assert_eq!(MediaName::parse(&format!("{HASH}-800x600-320w.gif")), None);
    }
}
