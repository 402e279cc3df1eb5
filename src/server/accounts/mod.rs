//! Accounts: signing up, checking a password, reading and changing one's account. The one
//! place these rules live; sessions, server functions, the REST API and the command line call
//! in here.

mod email_link_store;
mod invitation_store;
mod invitations;
mod member_store;
mod members;
mod notice_store;
mod notices;
mod owner;
pub mod passwords;
mod profile;
mod reset_store;
mod resets;
pub mod rules;
mod store;
mod suspensions;
mod verification;

pub use invitations::{INVITATIONS_LISTED, MAX_INVITATION_DAYS, PendingInvitation};
pub use notice_store::MODERATORS;
pub use notices::{CommentNotice, NoticePreferences};
pub use owner::{SETUP_LINK_LIFETIME, SetupLink};
pub use resets::{RESET_LINK_LIFETIME, ResetMail};
pub use verification::{EMAIL_LINK_LIFETIME, MailLinks};

pub use invitation_store::PENDING as PENDING_INVITATIONS;
pub use member_store::{MEMBER_LISTS, MemberRow, SUSPENDED as SUSPENDED_ACCOUNTS};
pub use store::tombstone;
pub use suspensions::SUSPENSIONS_REREAD;

use passwords::PasswordHasher;
use sha2::Digest;

use crate::{
    i18n::Locale,
    model::{Role, User},
    server::{
        audit::Actor,
        changes::{Change, Changes},
        clock::Clock,
        db::Db,
        error::{DomainError, DomainResult},
        settings::Registration,
        site::LiveSite,
    },
};

/// Who gives an account a role: an admin's account, or the site's operator at the command
/// line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleGranter {
    Operator,
    Account(Requester),
}

/// An account asking for an admin's change through a door, and the address it came from:
/// what the audit log keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Requester {
    pub id: UserId,
    pub address: Option<std::net::IpAddr>,
}

impl Accounts {
    /// The requester as the audit log names them.
    pub async fn actor(&self, requester: Requester) -> DomainResult<Actor> {
        Ok(Actor::Account {
            id: requester.id.0,
            name: self.find(requester.id).await?.username,
            address: requester.address,
        })
    }
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
    /// When a moderator banned it from writing; `None`: it writes.
    pub banned_at: Option<i64>,
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

/// A new account that passed the rules, its password hashed, ready to be stored.
struct CheckedAccount {
    username: String,
    email: String,
    password_hash: String,
}

impl CheckedAccount {
    fn addressee(&self, id: UserId) -> verification::Addressee<'_> {
        verification::Addressee {
            id,
            username: &self.username,
            email: &self.email,
        }
    }

    fn row(&self, role: Role, now: i64) -> store::NewRow<'_> {
        store::NewRow {
            username: &self.username,
            email: &self.email,
            password_hash: &self.password_hash,
            role,
            now,
        }
    }
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
    /// Whether sign-up is open, and who signs up as what. No sign-up makes an admin: the
    /// owner claims the site ([`Accounts::claim_site`]).
    site: LiveSite,
    changes: Changes,
    /// Recently read accounts: "who am I" (`GET /api/user`, every signed-in page) is read
    /// far more often than an account changes.
    copies: moka::sync::Cache<UserId, Account>,
    /// The suspended accounts, in memory: access tokens are checked against them.
    suspensions: suspensions::Suspensions,
    /// Set when the site sends email: new and changed addresses are sent a verification link.
    mail: Option<std::sync::Arc<MailLinks>>,
}

impl Accounts {
    pub fn new(
        db: Db,
        clock: Clock,
        hasher: PasswordHasher,
        site: LiveSite,
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
            site,
            suspensions: suspensions::Suspensions::following(&changes),
            changes,
            copies,
            mail: None,
        }
    }

    /// Someone signing themselves up: allowed while registration is open, with the
    /// new-account role (author by default), never admin.
    /// `language`: the verification email's.
    pub async fn sign_up(&self, new: NewAccount, language: Locale) -> DomainResult<Account> {
        let site = self.site.now();
        if site.settings.registration != Registration::Open {
            return Err(DomainError::RegistrationClosed);
        }
        self.create_verified(new, site.settings.new_account_role, Some(language))
            .await
    }

    /// The role an account that signs itself up gets.
    pub fn new_account_role(&self) -> Role {
        self.site.now().settings.new_account_role
    }

    /// Creates an account with the given role, whatever the registration (`blog user
    /// create` calls this).
    pub async fn create(&self, new: NewAccount, role: Role) -> DomainResult<Account> {
        self.create_verified(new, role, None).await
    }

    /// Creates an account; with a `language`, its address is sent a verification link (in
    /// the same transaction) when the site sends email.
    async fn create_verified(
        &self,
        new: NewAccount,
        role: Role,
        language: Option<Locale>,
    ) -> DomainResult<Account> {
        let checked = self.checked(new).await?;
        let mut tx = self.db.begin().await?;
        let id = store::insert(&mut *tx, checked.row(role, self.clock.now_millis())).await?;
        if let Some(language) = language {
            self.write_verification(&mut tx, &checked.addressee(id), language)
                .await?;
        }
        tx.commit().await?;
        self.find(id).await
    }

    /// A new account's fields, checked, with its password hashed.
    async fn checked(&self, new: NewAccount) -> DomainResult<CheckedAccount> {
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
        Ok(CheckedAccount {
            username,
            email,
            password_hash,
        })
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
            // The database, not this server's memory, says whether it is suspended: a
            // sign-in is rare, and must not slip through a moment before the news arrives.
            (true, Some(id)) if member_store::is_suspended(&self.db, id).await? => {
                Err(DomainError::AccountSuspended)
            }
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
}
