//! Accounts: registration, sign-in, profile look-up, password change. The one place these
//! rules live; server functions and HTTP endpoints call in here.

use serde::{Deserialize, Serialize};

use super::{
    auth::{UserId, now_millis, passwords},
    settings::Registration,
};
use crate::{model::Role, server::db::Db};

pub const PASSWORD_MIN_CHARS: usize = 8;
/// Generous (the spec asks for at least 64, the auth issue for 128) yet bounded, so nobody can
/// make the server hash a megabyte.
pub const PASSWORD_MAX_CHARS: usize = 1024;
pub const USERNAME_MAX_CHARS: usize = 40;
pub const BIO_MAX_CHARS: usize = 2_000;
pub const IMAGE_URL_MAX_CHARS: usize = 2_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub email: String,
    pub bio: Option<String>,
    pub image: Option<String>,
    pub role: String,
}

impl UserRecord {
    pub fn user_id(&self) -> UserId {
        UserId(self.id)
    }

    pub fn role(&self) -> Role {
        if self.role == "admin" {
            Role::Admin
        } else {
            Role::Author
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("{field} {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("{field} has already been taken")]
    Taken { field: &'static str },
    #[error("wrong username or password")]
    BadCredentials,
    #[error("no such user")]
    NotFound,
    #[error("registration is closed")]
    RegistrationClosed,
    #[error(transparent)]
    Hashing(#[from] passwords::HashingError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

pub struct NewUser {
    pub username: String,
    pub email: String,
    pub password: String,
}

/// Someone signing themselves up, from the sign-up page or the API: allowed while
/// registration is open. The very first account becomes the site's admin.
pub async fn sign_up(
    db: &Db,
    registration: Registration,
    new: NewUser,
) -> Result<UserRecord, UserError> {
    if registration == Registration::Closed {
        return Err(UserError::RegistrationClosed);
    }
    register(db, new, None).await
}

/// Creates an account with the given role, or (`None`) admin for the very first account and
/// author for the rest. Used directly by `blog user create`, whatever the registration setting.
pub async fn register(db: &Db, new: NewUser, role: Option<Role>) -> Result<UserRecord, UserError> {
    let username = validate_username(&new.username)?;
    let email = validate_email(&new.email)?;
    validate_password("password", &new.password)?;
    for (field, taken) in [
        ("username", username_taken(db, &username).await?),
        ("email", email_taken(db, &email).await?),
    ] {
        if taken {
            return Err(UserError::Taken { field });
        }
    }
    let password_hash = passwords::hash(new.password).await?;
    let now = now_millis();
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO users (username, email, password_hash, role, created_at, updated_at) \
         SELECT $1, $2, $3, \
                COALESCE($5, CASE WHEN EXISTS (SELECT 1 FROM users) THEN 'author' ELSE 'admin' END), \
                $4, $4 \
         RETURNING id",
    )
    .bind(&username)
    .bind(&email)
    .bind(&password_hash)
    .bind(now)
    .bind(role.map(|role| match role {
        Role::Admin => "admin",
        Role::Author => "author",
    }))
    .fetch_one(db)
    .await;
    let id = match inserted {
        Ok(id) => id,
        // Lost a race with an identical registration: the unique index said no.
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
            let field = if error.message().contains("email") {
                "email"
            } else {
                "username"
            };
            return Err(UserError::Taken { field });
        }
        Err(error) => return Err(error.into()),
    };
    find(db, UserId(id)).await
}

/// Checks a username (or email address) and password; the same error for an unknown user and
/// a wrong password, after the same amount of work.
pub async fn authenticate(db: &Db, login: &str, password: &str) -> Result<UserRecord, UserError> {
    let login = login.trim();
    if login.is_empty() || password.is_empty() || password.chars().count() > PASSWORD_MAX_CHARS {
        return Err(UserError::BadCredentials);
    }
    let found: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, password_hash FROM users WHERE lower(username) = lower($1) OR lower(email) = lower($1)",
    )
    .bind(login)
    .fetch_optional(db)
    .await?;
    let (id, hash) = match found {
        Some((id, hash)) => (Some(id), Some(hash)),
        None => (None, None),
    };
    match (passwords::verify(password.to_owned(), hash).await?, id) {
        (true, Some(id)) => find(db, UserId(id)).await,
        _ => Err(UserError::BadCredentials),
    }
}

pub async fn find(db: &Db, id: UserId) -> Result<UserRecord, UserError> {
    sqlx::query_as::<_, UserRecord>(
        "SELECT id, username, email, bio, image, role FROM users WHERE id = $1",
    )
    .bind(id.0)
    .fetch_optional(db)
    .await?
    .ok_or(UserError::NotFound)
}

/// Replaces the password after checking the current one.
pub async fn change_password(
    db: &Db,
    id: UserId,
    current: &str,
    new: String,
) -> Result<(), UserError> {
    validate_password("new_password", &new)?;
    let stored: Option<String> =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
            .bind(id.0)
            .fetch_optional(db)
            .await?;
    let Some(stored) = stored else {
        return Err(UserError::NotFound);
    };
    if !passwords::verify(current.to_owned(), Some(stored)).await? {
        return Err(UserError::Invalid {
            field: "current_password",
            message: "is not your current password".into(),
        });
    }
    let hash = passwords::hash(new).await?;
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now_millis())
        .bind(id.0)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn is_admin(db: &Db, id: UserId) -> Result<bool, sqlx::Error> {
    let role: Option<String> = sqlx::query_scalar("SELECT role FROM users WHERE id = $1")
        .bind(id.0)
        .fetch_optional(db)
        .await?;
    Ok(role.as_deref() == Some("admin"))
}

/// Changes to one's own account; `None` leaves a part as it is. An empty bio or image
/// clears it.
#[derive(Debug, Clone, Default)]
pub struct AccountChanges {
    pub username: Option<String>,
    pub email: Option<String>,
    pub password: Option<String>,
    pub bio: Option<Option<String>>,
    pub image: Option<Option<String>>,
}

pub async fn update_account(
    db: &Db,
    id: UserId,
    changes: AccountChanges,
) -> Result<UserRecord, UserError> {
    let current = find(db, id).await?;
    let username = match changes.username {
        Some(raw) => validate_username(&raw)?,
        None => current.username.clone(),
    };
    let email = match changes.email {
        Some(raw) => validate_email(&raw)?,
        None => current.email.clone(),
    };
    let bio = match changes.bio {
        Some(raw) => validate_bio(raw)?,
        None => current.bio.clone(),
    };
    let image = match changes.image {
        Some(raw) => validate_image(raw)?,
        None => current.image.clone(),
    };
    if username.to_lowercase() != current.username.to_lowercase()
        && username_taken(db, &username).await?
    {
        return Err(UserError::Taken { field: "username" });
    }
    if email.to_lowercase() != current.email.to_lowercase() && email_taken(db, &email).await? {
        return Err(UserError::Taken { field: "email" });
    }
    let password_hash = match changes.password {
        Some(password) => {
            validate_password("password", &password)?;
            Some(passwords::hash(password).await?)
        }
        None => None,
    };
    let updated = sqlx::query(
        "UPDATE users SET username = $1, email = $2, bio = $3, image = $4, \
                password_hash = COALESCE($5, password_hash), updated_at = $6 WHERE id = $7",
    )
    .bind(&username)
    .bind(&email)
    .bind(&bio)
    .bind(&image)
    .bind(password_hash)
    .bind(now_millis())
    .bind(id.0)
    .execute(db)
    .await;
    match updated {
        Ok(_) => find(db, id).await,
        Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
            let field = if error.message().contains("email") {
                "email"
            } else {
                "username"
            };
            Err(UserError::Taken { field })
        }
        Err(error) => Err(error.into()),
    }
}

fn validate_bio(raw: Option<String>) -> Result<Option<String>, UserError> {
    let Some(bio) = raw
        .map(|bio| bio.trim().to_owned())
        .filter(|bio| !bio.is_empty())
    else {
        return Ok(None);
    };
    if bio.chars().count() > BIO_MAX_CHARS {
        return Err(UserError::Invalid {
            field: "bio",
            message: format!("is too long (maximum is {BIO_MAX_CHARS} characters)"),
        });
    }
    Ok(Some(bio))
}

/// Profile pictures are web addresses: `http(s)://…`, nothing a browser could run.
fn validate_image(raw: Option<String>) -> Result<Option<String>, UserError> {
    let Some(image) = raw
        .map(|url| url.trim().to_owned())
        .filter(|url| !url.is_empty())
    else {
        return Ok(None);
    };
    let lower = image.to_ascii_lowercase();
    let well_formed = (lower.starts_with("https://") || lower.starts_with("http://"))
        && image.len() <= IMAGE_URL_MAX_CHARS
        && !image
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>');
    if !well_formed {
        return Err(UserError::Invalid {
            field: "image",
            message: "must be a web address starting with https:// or http://".into(),
        });
    }
    Ok(Some(image))
}

async fn username_taken(db: &Db, username: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users WHERE lower(username) = lower($1)")
        .bind(username)
        .fetch_one(db)
        .await
        .map(|count| count > 0)
}

async fn email_taken(db: &Db, email: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users WHERE lower(email) = lower($1)")
        .bind(email)
        .fetch_one(db)
        .await
        .map(|count| count > 0)
}

fn validate_username(raw: &str) -> Result<String, UserError> {
    let username = raw.trim();
    let invalid = |message: &str| UserError::Invalid {
        field: "username",
        message: message.into(),
    };
    if username.is_empty() {
        return Err(invalid("can't be blank"));
    }
    if username.chars().count() > USERNAME_MAX_CHARS {
        return Err(invalid(&format!(
            "is too long (maximum is {USERNAME_MAX_CHARS} characters)"
        )));
    }
    if !username
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return Err(invalid(
            "may only contain letters, digits, '_', '-' and '.'",
        ));
    }
    Ok(username.to_owned())
}

fn validate_email(raw: &str) -> Result<String, UserError> {
    let email = raw.trim();
    let invalid = |message: &str| UserError::Invalid {
        field: "email",
        message: message.into(),
    };
    if email.is_empty() {
        return Err(invalid("can't be blank"));
    }
    let well_formed = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
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

fn validate_password(field: &'static str, password: &str) -> Result<(), UserError> {
    let length = password.chars().count();
    let invalid = |message: String| UserError::Invalid { field, message };
    if password.is_empty() {
        return Err(invalid("can't be blank".into()));
    }
    if length < PASSWORD_MIN_CHARS {
        return Err(invalid(format!(
            "is too short (minimum is {PASSWORD_MIN_CHARS} characters)"
        )));
    }
    if length > PASSWORD_MAX_CHARS {
        return Err(invalid(format!(
            "is too long (maximum is {PASSWORD_MAX_CHARS} characters)"
        )));
    }
    Ok(())
}
