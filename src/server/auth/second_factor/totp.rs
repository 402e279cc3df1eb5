//! Authenticator-app codes (TOTP, RFC 6238): six digits from HMAC-SHA1 over 30-second steps,
//! the parameters every app reads from an `otpauth://` link. Codes are checked one step either
//! side of now (clock drift), and the step that matched is returned so the caller can refuse
//! it a second time.

use base64::{Engine, engine::general_purpose::STANDARD};
use qrcode::{QrCode, render::svg};
use totp_rs::{Builder, Secret, Totp};

use crate::server::error::{DomainResult, InternalError};

/// 160 bits, the size RFC 4226 recommends for HMAC-SHA1.
const SECRET_BYTES: usize = 20;

/// What the account page shows to enrol an app: the link as a QR code, and the secret as text
/// for apps that cannot scan.
#[derive(Debug, Clone)]
pub struct TotpEnrolment {
    /// Base32, as apps take it typed in.
    pub secret: String,
    /// `otpauth://totp/…`.
    pub uri: String,
    /// The link as a QR code: an SVG image in a `data:` URL.
    pub qr_code: String,
}

/// A new random secret, base32 as stored.
pub fn new_secret() -> String {
    let mut bytes = [0u8; SECRET_BYTES];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    Secret::from(bytes).to_base32()
}

/// The link and QR code for `secret`, naming the site (`issuer`) and the account.
pub fn enrolment(secret: &str, issuer: &str, account: &str) -> DomainResult<TotpEnrolment> {
    // Apps split the label at ':'; neither part may hold one.
    let issuer = issuer.replace(':', " ");
    let account = account.replace(':', " ");
    let uri = generator(secret)?
        .with_issuer(Some(issuer.trim()))
        .with_account_name(account.trim())
        .build()
        .and_then(|totp| totp.to_url())
        .map_err(|error| InternalError::Other(format!("an otpauth link: {error}")))?;
    let drawing = QrCode::new(uri.as_bytes())
        .map_err(|error| InternalError::Other(format!("a QR code: {error}")))?
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#000"))
        .light_color(svg::Color("#fff"))
        .build();
    Ok(TotpEnrolment {
        secret: secret.to_owned(),
        uri,
        qr_code: format!("data:image/svg+xml;base64,{}", STANDARD.encode(drawing)),
    })
}

/// The time step `code` is right for, within one step of `now_millis`; `None` if it is wrong
/// (or not six digits).
pub fn matching_step(secret: &str, code: &str, now_millis: i64) -> Option<i64> {
    let totp: Totp = generator(secret).ok()?.build().ok()?;
    let now = u64::try_from(now_millis / 1000).ok()?;
    totp.check(code, now)
        .and_then(|step| i64::try_from(step).ok())
}

fn generator(secret: &str) -> DomainResult<Builder> {
    let secret = Secret::try_from_base32(secret)
        .map_err(|error| InternalError::Other(format!("a stored TOTP secret: {error}")))?;
    Ok(Builder::new().with_secret(secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA-1 secret "12345678901234567890" at 59 s gives 94287082
    /// in eight digits, whose last six are the six-digit code.
    #[test]
    fn codes_follow_rfc_6238_and_tolerate_one_step_of_drift() {
        let secret = Secret::from(b"12345678901234567890".to_vec()).to_base32();
        assert_eq!(matching_step(&secret, "287082", 59_000), Some(1));
        assert_eq!(
            matching_step(&secret, "287082", 89_000),
            Some(1),
            "a step late"
        );
        assert_eq!(
            matching_step(&secret, "287082", 119_000),
            None,
            "two steps late"
        );
        assert_eq!(matching_step(&secret, "287083", 59_000), None);
        assert_eq!(matching_step(&secret, "28708", 59_000), None);
    }

    #[test]
    fn an_enrolment_names_the_site_and_the_account() {
        let enrolment = enrolment(&new_secret(), "My: Blog", "alice").unwrap();
        assert!(
            enrolment.uri.starts_with("otpauth://totp/"),
            "{}",
            enrolment.uri
        );
        assert!(enrolment.uri.contains("alice"), "{}", enrolment.uri);
        assert!(
            enrolment.uri.contains(&enrolment.secret),
            "{}",
            enrolment.uri
        );
        assert!(enrolment.qr_code.starts_with("data:image/svg+xml;base64,"));
    }
}
