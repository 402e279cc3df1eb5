//! Readable URL names for posts. Any script transliterates to ASCII (`你好世界` gives
//! `ni-hao-shi-jie`), so every title yields a slug that survives copy and paste. Whether a
//! slug is free is the posts service's question (`posts::editing`).

const MAX_SLUG_CHARS: usize = 80;

/// The slug a title asks for, before checking whether it is free.
pub fn base(title: &str) -> String {
    let slug = slug::slugify(title);
    let mut cut = slug.as_str();
    if cut.len() > MAX_SLUG_CHARS {
        // ASCII only, so any index is a char boundary; prefer to end at a word.
        cut = &cut[..MAX_SLUG_CHARS];
        if let Some(hyphen) = cut.rfind('-').filter(|&at| at > MAX_SLUG_CHARS / 2) {
            cut = &cut[..hyphen];
        }
    }
    match cut.trim_matches('-') {
        "" => "post".to_owned(),
        slug => slug.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::base;

    #[test]
    fn any_script_gives_a_readable_slug() {
        assert_eq!(base("Hello, World!"), "hello-world");
        assert_eq!(base("你好世界"), "ni-hao-shi-jie");
        assert_eq!(base("Привет мир"), "privet-mir");
        assert_eq!(base("🚀"), "rocket");
        assert_eq!(base("!!!"), "post");
        assert!(base(&"long words ".repeat(30)).len() <= 80);
    }
}
