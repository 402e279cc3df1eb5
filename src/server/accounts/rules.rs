//! What an account's fields may hold. Pure functions: the same checks for sign-up, the
//! settings page, the REST API and `blog user create`.

use crate::server::error::{DomainError, DomainResult};

pub const PASSWORD_MIN_CHARS: usize = 8;
/// Generous (the spec asks for at least 64) yet bounded, so nobody can make the server hash a
/// megabyte.
pub const PASSWORD_MAX_CHARS: usize = 1024;
pub const USERNAME_MAX_CHARS: usize = 40;
pub const EMAIL_MAX_BYTES: usize = 254;
pub const BIO_MAX_CHARS: usize = 2_000;
pub const IMAGE_URL_MAX_CHARS: usize = 2_000;

pub fn username(raw: &str) -> DomainResult<String> {
    let username = raw.trim();
    let invalid = |message: &str| DomainError::invalid("username", message);
    if username.is_empty() {
        return Err(invalid("can't be blank"));
    }
    if username.chars().count() > USERNAME_MAX_CHARS {
        return Err(DomainError::too_long("username", USERNAME_MAX_CHARS));
    }
    if !username
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        // ASCII, as the API document's pattern says and as a fediverse handle must be.
        return Err(invalid(
            "may only contain the letters a-z and A-Z, digits, '_', '-' and '.'",
        ));
    }
    Ok(username.to_owned())
}

pub fn email(raw: &str) -> DomainResult<String> {
    let email = raw.trim();
    let invalid = |message: &str| DomainError::invalid("email", message);
    if email.is_empty() {
        return Err(invalid("can't be blank"));
    }
    let well_formed = email.len() <= EMAIL_MAX_BYTES
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        });
    if !well_formed {
        return Err(invalid("is not a valid email address"));
    }
    Ok(email.to_owned())
}

/// A new password, reported under `field` (`password` or `new_password`).
pub fn password(field: &'static str, password: &str) -> DomainResult<()> {
    let length = password.chars().count();
    if password.is_empty() {
        return Err(DomainError::invalid(field, "can't be blank"));
    }
    if length < PASSWORD_MIN_CHARS {
        return Err(DomainError::invalid(
            field,
            format!("is too short (minimum is {PASSWORD_MIN_CHARS} characters)"),
        ));
    }
    if length > PASSWORD_MAX_CHARS {
        return Err(DomainError::too_long(field, PASSWORD_MAX_CHARS));
    }
    Ok(())
}

/// A password must not be the account's own username or email address (ASVS 6.2.4's
/// context-specific words): the first guesses anyone makes.
pub fn password_not_personal(
    field: &'static str,
    password: &str,
    username: &str,
    email: &str,
) -> DomainResult<()> {
    let password = password.trim().to_lowercase();
    let email = email.trim().to_lowercase();
    let local_part = email.split('@').next().unwrap_or_default();
    if password == username.trim().to_lowercase() || password == email || password == local_part {
        return Err(DomainError::invalid(
            field,
            "must not be your username or email address",
        ));
    }
    Ok(())
}

/// An empty bio clears it.
pub fn bio(raw: Option<String>) -> DomainResult<Option<String>> {
    // Counted as sent (the contract's `maxLength`), before invisible characters are dropped.
    if raw
        .as_deref()
        .is_some_and(|bio| bio.len() > BIO_MAX_CHARS && bio.chars().count() > BIO_MAX_CHARS)
    {
        return Err(DomainError::too_long("bio", BIO_MAX_CHARS));
    }
    let Some(bio) = raw
        .map(|bio| {
            crate::server::characters::strip_forbidden(bio)
                .trim()
                .to_owned()
        })
        .filter(|bio| !bio.is_empty())
    else {
        return Ok(None);
    };
    Ok(Some(bio))
}

/// Profile pictures are web addresses: `http(s)://…`, nothing a browser could run. Empty
/// clears the picture.
pub fn image(raw: Option<String>) -> DomainResult<Option<String>> {
    let Some(image) = raw
        .map(|url| url.trim().to_owned())
        .filter(|url| !url.is_empty())
    else {
        return Ok(None);
    };
    let lower = image.to_ascii_lowercase();
    let well_formed = (lower.starts_with("https://") || lower.starts_with("http://"))
        && image.chars().count() <= IMAGE_URL_MAX_CHARS
        && !image
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>'));
    if !well_formed {
        return Err(DomainError::invalid(
            "image",
            "must be a web address starting with https:// or http://",
        ));
    }
    Ok(Some(image))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_trimmed_and_limited_to_safe_characters() {
        assert_eq!(username("  alice ").unwrap(), "alice");
        // A handle in addresses, mentions and (federated) `@name@host`: ASCII, as the API
        // document's pattern says. Existing accounts keep their names.
        assert!(username("李雷").is_err());
        assert_eq!(username("li.lei_2-b").unwrap(), "li.lei_2-b");
        assert!(username("a b").is_err());
        assert!(username("<script>").is_err());
        assert!(username(&"a".repeat(USERNAME_MAX_CHARS + 1)).is_err());
    }

    #[test]
    fn images_must_be_web_addresses() {
        assert!(image(Some("javascript:alert(1)".into())).is_err());
        assert!(image(Some("https://x.example/a\"b.png".into())).is_err());
        assert_eq!(image(Some("  ".into())).unwrap(), None);
        assert!(
            image(Some("https://x.example/a.png".into()))
                .unwrap()
                .is_some()
        );
    }
}
