//! Accounts: signing up, checking a password, reading and changing one's account. The one
//! place these rules live; sessions, server functions, the REST API and the command line call
//! in here.

pub mod passwords;
pub mod rules;
mod store;

pub use store::MemberRow;

/// The most accounts the admin page lists at once.
pub const MEMBERS_PER_PAGE: i64 = 100;

use passwords::PasswordHasher;
use sha2::Digest;

use crate::{
    model::{Action, Role, User},
    server::{
        changes::{Change, Changes},
        clock::Clock,
        db::Db,
        error::{DomainError, DomainResult, Resource},
        settings::Registration,
    },
};

/// Who gives an account a role: an admin's account, or the site's operator at the command
/// line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleGranter {
    Operator,
    Account(UserId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, sqlx::Type)]
#[sqlx(transparent)]
pub struct UserId(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Account {
    pub id: UserId,
    pub username: String,
    pub email: String,
    pub bio: Option<String>,
    pub image: Option<String>,
    pub role: Role,
}

impl From<Account> for User {
    fn from(account: Account) -> Self {
        Self {
            username: account.username,
            email: account.email,
            bio: account.bio,
            image: account.image,
            role: account.role,
        }
    }
}

pub struct NewAccount {
    pub username: String,
    pub email: String,
    pub password: String,
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

impl AccountChanges {
    /// Whether the change could hand the account to someone else (new password or email):
    /// those need a proof of a recent sign-in (see `auth::sessions`).
    pub fn is_sensitive(&self) -> bool {
        self.password.is_some() || self.email.is_some()
    }
}

/// How long a server answers from its copy of an account: changes made through any server
/// are heard at once (`Change::Account`); this bounds one made behind the servers' backs
/// (by hand in the database).
const ACCOUNT_COPY_LIFETIME: std::time::Duration = std::time::Duration::from_secs(10);

#[derive(Clone, Debug)]
pub struct Accounts {
    db: Db,
    clock: Clock,
    hasher: PasswordHasher,
    registration: Registration,
    /// Who signs up as what, but the very first account (the admin).
    new_account_role: Role,
    changes: Changes,
    /// Recently read accounts: "who am I" (`GET /api/user`, every signed-in page) is read
    /// far more often than an account changes.
    copies: moka::sync::Cache<UserId, Account>,
}

impl Accounts {
    pub fn new(
        db: Db,
        clock: Clock,
        hasher: PasswordHasher,
        registration: Registration,
        changes: Changes,
    ) -> Self {
        let copies = moka::sync::Cache::builder()
            .max_capacity(10_000)
            .time_to_live(ACCOUNT_COPY_LIFETIME)
            .build();
        let forget = copies.clone();
        changes.listen(move |change| match change {
            Change::Account(id) => forget.invalidate(&UserId(*id)),
            Change::Everything => forget.invalidate_all(),
            _ => {}
        });
        Self {
            db,
            clock,
            hasher,
            registration,
            new_account_role: Role::Author,
            changes,
            copies,
        }
    }

    /// Accounts that sign themselves up get `role` (authors by default).
    pub fn with_new_account_role(self, role: Role) -> Self {
        Self {
            new_account_role: role,
            ..self
        }
    }

    /// Someone signing themselves up: allowed while registration is open. The very first
    /// account becomes the site's admin.
    pub async fn sign_up(&self, new: NewAccount) -> DomainResult<Account> {
        if self.registration == Registration::Closed {
            return Err(DomainError::RegistrationClosed);
        }
        self.create(new, None).await
    }

    /// Creates an account with the given role, or (`None`) admin for the very first account
    /// and the new-account role (author by default) for the rest. `blog user create` calls this whatever the registration.
    pub async fn create(&self, new: NewAccount, role: Option<Role>) -> DomainResult<Account> {
        let username = rules::username(&new.username)?;
        let email = rules::email(&new.email)?;
        rules::password("password", &new.password)?;
        rules::password_not_personal("password", &new.password, &username, &email)?;
        if store::username_taken(&self.db, &username).await? {
            return Err(DomainError::Taken { field: "username" });
        }
        if store::email_taken(&self.db, &email).await? {
            return Err(DomainError::Taken { field: "email" });
        }
        let password_hash = self.hasher.hash(new.password).await?;
        let row = store::NewRow {
            username: &username,
            email: &email,
            password_hash: &password_hash,
            role,
            later_accounts: self.new_account_role,
            now: self.clock.now_millis(),
        };
        let id = store::insert(&self.db, row).await?;
        self.find(id).await
    }

    /// Checks a username (or email address) and password: the same error for an unknown user
    /// and a wrong password, after the same amount of work.
    pub async fn authenticate(&self, login: &str, password: &str) -> DomainResult<Account> {
        let login = login.trim();
        if login.is_empty()
            || password.is_empty()
            || password.chars().count() > rules::PASSWORD_MAX_CHARS
        {
            return Err(DomainError::BadCredentials);
        }
        let (id, hash) = match store::credentials(&self.db, login).await? {
            Some((id, hash)) => (Some(id), Some(hash)),
            None => (None, None),
        };
        match (self.hasher.verify(password.to_owned(), hash).await?, id) {
            (true, Some(id)) => self.find(id).await,
            _ => Err(DomainError::BadCredentials),
        }
    }

    /// What a login names, as one key whichever spelling is used: the account by its id when
    /// it exists (its username and email are one account), else a digest of the login, so a
    /// megabyte of "login" costs the throttle 64 bytes. A login longer than any email names
    /// no account and is not looked up.
    pub async fn login_key(&self, login: &str) -> DomainResult<String> {
        let login = login.trim();
        let account = if login.len() <= rules::EMAIL_MAX_BYTES {
            store::id_by_login(&self.db, login).await?
        } else {
            None
        };
        Ok(match account {
            Some(id) => self.account_key(id),
            None => {
                let digest = sha2::Sha256::digest(login.to_lowercase().as_bytes());
                format!("login {}", hex::encode(digest))
            }
        })
    }

    /// An existing account's key, as [`Accounts::login_key`] gives it for any of its names.
    pub fn account_key(&self, id: UserId) -> String {
        format!("account {}", id.0)
    }

    /// The account a session speaks for; gone means the session is over.
    pub async fn find(&self, id: UserId) -> DomainResult<Account> {
        if let Some(account) = self.copies.get(&id) {
            return Ok(account);
        }
        let account = store::find(&self.db, id)
            .await?
            .ok_or(DomainError::SessionEnded)?;
        self.copies.insert(id, account.clone());
        Ok(account)
    }

    /// Whether `password` is the account's current password.
    pub async fn check_password(&self, id: UserId, password: &str) -> DomainResult<bool> {
        if password.is_empty() || password.chars().count() > rules::PASSWORD_MAX_CHARS {
            return Ok(false);
        }
        let stored = store::password_hash(&self.db, id)
            .await?
            .ok_or(DomainError::SessionEnded)?;
        self.hasher.verify(password.to_owned(), Some(stored)).await
    }

    /// Applies the changes. Who may make sensitive ones is decided by the session service.
    pub async fn update(&self, id: UserId, changes: AccountChanges) -> DomainResult<Account> {
        let current = self.find(id).await?;
        let username = match &changes.username {
            Some(raw) => rules::username(raw)?,
            None => current.username.clone(),
        };
        let email = match &changes.email {
            Some(raw) => rules::email(raw)?,
            None => current.email.clone(),
        };
        let bio = match changes.bio {
            Some(raw) => rules::bio(raw)?,
            None => current.bio.clone(),
        };
        let image = match changes.image {
            Some(raw) => rules::image(raw)?,
            None => current.image.clone(),
        };
        if let Some(password) = &changes.password {
            rules::password("password", password)?;
            rules::password_not_personal("password", password, &username, &email)?;
        }
        if username.to_lowercase() != current.username.to_lowercase()
            && store::username_taken(&self.db, &username).await?
        {
            return Err(DomainError::Taken { field: "username" });
        }
        if email.to_lowercase() != current.email.to_lowercase()
            && store::email_taken(&self.db, &email).await?
        {
            return Err(DomainError::Taken { field: "email" });
        }
        let password_hash = match changes.password {
            Some(password) => Some(self.hasher.hash(password).await?),
            None => None,
        };
        let row = store::ProfileRow {
            username: &username,
            email: &email,
            bio: bio.as_deref(),
            image: image.as_deref(),
            password_hash: password_hash.as_deref(),
            now: self.clock.now_millis(),
        };
        store::update(&self.db, id, row).await?;
        // Every server forgets its copy (this one at once, before reading it again).
        self.changes.announce(Change::Account(id.0));
        let updated = self.find(id).await?;
        let shown = |account: &Account| {
            (
                account.username.clone(),
                account.bio.clone(),
                account.image.clone(),
            )
        };
        if shown(&updated) != shown(&current) {
            // A name or picture may appear on any page: rare enough to start afresh.
            self.changes.announce(Change::Everything);
        }
        Ok(updated)
    }

    /// Replaces the password (already authorized by the caller), reported as `new_password`.
    pub async fn set_password(&self, id: UserId, new: String) -> DomainResult<()> {
        rules::password("new_password", &new)?;
        let account = self.find(id).await?;
        rules::password_not_personal("new_password", &new, &account.username, &account.email)?;
        let hash = self.hasher.hash(new).await?;
        store::set_password_hash(&self.db, id, &hash, self.clock.now_millis()).await
    }

    /// The account's role, from the same copy as the account: a change through any server is
    /// heard at once (`Change::Account`).
    pub async fn role(&self, id: UserId) -> DomainResult<Role> {
        Ok(self.find(id).await?.role)
    }

    /// Gives the account called `username` a role. `by` an account needs
    /// [`Action::ManageRoles`]; the site always keeps at least one admin.
    pub async fn set_role(
        &self,
        by: RoleGranter,
        username: &str,
        role: Role,
    ) -> DomainResult<Account> {
        if let RoleGranter::Account(actor) = by
            && !self.role(actor).await?.may(Action::ManageRoles)
        {
            return Err(DomainError::NotPermitted {
                resource: Resource::Role,
                reason: "only admins change roles",
            });
        }
        let id = store::id_by_username(&self.db, username)
            .await?
            .ok_or(DomainError::NotFound(Resource::Profile))?;
        if !store::set_role(&self.db, id, role, self.clock.now_millis()).await? {
            return Err(DomainError::invalid(
                "role",
                "cannot be changed: this is the site's last admin",
            ));
        }
        self.changes.announce(Change::Account(id.0));
        self.find(id).await
    }

    /// Up to `limit` (at most [`MEMBERS_PER_PAGE`]) accounts after the first `offset`,
    /// oldest first, for the admin page; and whether more follow.
    pub async fn members(
        &self,
        actor: UserId,
        limit: i64,
        offset: i64,
    ) -> DomainResult<(Vec<MemberRow>, bool)> {
        if !self.role(actor).await?.may(Action::ManageRoles) {
            return Err(DomainError::NotPermitted {
                resource: Resource::Role,
                reason: "only admins see the list of accounts",
            });
        }
        let limit = limit.clamp(1, MEMBERS_PER_PAGE);
        let mut rows = store::members(&self.db, limit + 1, offset.max(0)).await?;
        let has_more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        Ok((rows, has_more))
    }

    /// The account called `username` (in any case).
    pub async fn id_by_username(&self, username: &str) -> DomainResult<Option<UserId>> {
        store::id_by_username(&self.db, username).await
    }

    /// The oldest admin account.
    pub async fn first_admin(&self) -> DomainResult<Option<UserId>> {
        store::first_admin(&self.db).await
    }
}
