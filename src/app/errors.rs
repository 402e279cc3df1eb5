//! What went wrong, in the page's language. The server words the sentences about a value
//! (and the reason a role falls short) in the caller's language already; the app words the
//! rest, each kind of error once, here.

use crate::{
    i18n::{Locale, td_string},
    model::{AppError, SetupLinkRefusal},
};

/// The whole error as a sentence a reader can act on.
pub fn describe(error: &AppError, locale: Locale) -> String {
    match error {
        AppError::Invalid { field, message } => with_label(field, message, locale),
        AppError::Taken { field } => with_label(field, td_string!(locale, errors.taken), locale),
        AppError::BadCredentials => td_string!(locale, errors.bad_credentials).to_owned(),
        AppError::BadSecondFactor => td_string!(locale, errors.bad_code).to_owned(),
        AppError::SignInChallengeEnded => td_string!(locale, errors.sign_in_expired).to_owned(),
        AppError::SignInRequired => td_string!(locale, errors.sign_in_again).to_owned(),
        AppError::RecentSignInRequired => td_string!(locale, errors.recent_sign_in).to_owned(),
        AppError::Forbidden => td_string!(locale, errors.forbidden).to_owned(),
        AppError::NotFound => td_string!(locale, errors.not_found).to_owned(),
        AppError::RegistrationClosed => td_string!(locale, errors.registration_closed).to_owned(),
        AppError::AccountSuspended => td_string!(locale, errors.suspended).to_owned(),
        AppError::SetupLink(SetupLinkRefusal::UsedOrExpired) => {
            td_string!(locale, errors.setup_used).to_owned()
        }
        AppError::SetupLink(SetupLinkRefusal::SiteHasOwner) => {
            td_string!(locale, errors.setup_has_owner).to_owned()
        }
        AppError::TooManyRequests { retry_after } => {
            td_string!(locale, errors.too_many, seconds = *retry_after).to_string()
        }
        AppError::Unavailable(what) => {
            td_string!(locale, errors.unavailable, what = what.as_str()).to_string()
        }
        AppError::CrossSite => td_string!(locale, errors.cross_site).to_owned(),
        AppError::BadRequest(detail) => {
            td_string!(locale, errors.bad_request, detail = detail.as_str()).to_string()
        }
        AppError::NotPermitted(reason) => reason.clone(),
        // What failed is in the server's log or the browser's console, not for the reader.
        AppError::Server(_) => td_string!(locale, errors.server).to_owned(),
    }
}

/// The message for one form field, if the error is about it (without the field's label).
pub fn field_message(error: &AppError, field: &str, locale: Locale) -> Option<String> {
    match error {
        AppError::Taken { field: taken } if taken == field => {
            Some(td_string!(locale, errors.taken).to_owned())
        }
        _ => error.for_field(field),
    }
}

/// "Password is too short …", "密码太短了…": a field's label and what is wrong with it.
pub fn with_label(label: &str, message: &str, locale: Locale) -> String {
    td_string!(
        locale,
        errors.field_message,
        label = label,
        message = message
    )
    .to_string()
}

/// Why an image did not go up, as a sentence in the page's language.
#[cfg(feature = "hydrate")]
pub fn upload_failure(failure: crate::client::uploads::UploadFailure, locale: Locale) -> String {
    use crate::client::uploads::UploadFailure;
    match failure {
        UploadFailure::Refused(Some(reason)) => {
            with_label(td_string!(locale, editor.the_file), &reason, locale)
        }
        UploadFailure::Refused(None) => td_string!(locale, errors.server).to_owned(),
        UploadFailure::SignedOut => td_string!(locale, editor.upload_signed_out).to_owned(),
        UploadFailure::Network => td_string!(locale, editor.upload_network).to_owned(),
    }
}
