//! `blog user create`, `blog user password`, `blog user second-factor-off`, `blog user role`
//! and `blog setup-link`:
//! accounts, passwords and roles set by whoever runs the server, so a site with registration
//! closed still gets its first admin and its authors, a new site its owner, and someone who
//! lost a password (with no mail relay to send a reset) a way back in.

use std::io::{BufRead, IsTerminal};

use crate::{
    model::Role,
    server::{
        accounts::{Account, Accounts, NewAccount},
        audit::Actor,
        auth::{second_factor, sessions::SessionStore},
        db::Db,
        error::DomainError,
    },
};

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("the two passwords differ")]
    Mismatch,
    #[error("standard input ended before a password line")]
    Missing,
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Creates the account with `role`, whatever `site.registration` says.
pub async fn create(
    accounts: &Accounts,
    username: String,
    email: String,
    password: String,
    role: Role,
) -> Result<Account, DomainError> {
    let new = NewAccount {
        username,
        email,
        password,
    };
    accounts.create(new, role).await
}

/// Gives `username` a new password and ends every session of the account (refresh tokens
/// stop at once; access tokens already out last their few minutes); how many ended.
pub async fn set_password(
    accounts: &Accounts,
    sessions: &dyn SessionStore,
    username: &str,
    password: String,
) -> Result<u64, DomainError> {
    let id = accounts.reset_password(username, password).await?;
    let now = crate::server::clock::Clock::system().now_millis();
    sessions.revoke_all(id, now).await
}

/// Turns off `username`'s second factor on the operator's word, recorded in the audit log;
/// false when it had none.
pub async fn remove_second_factor(
    accounts: &Accounts,
    db: &Db,
    username: &str,
) -> Result<bool, DomainError> {
    let id = accounts.member_id(username).await?;
    let now = crate::server::clock::Clock::system().now_millis();
    second_factor::remove_on_behalf(db, now, id, username, &Actor::CommandLine).await
}

/// Reads a role's name for clap, saying which names there are.
pub fn parse_role(name: &str) -> Result<Role, String> {
    Role::parse(name).ok_or_else(|| {
        let names: Vec<&str> = Role::ALL.iter().map(|role| role.name()).collect();
        format!("unknown role {name:?}; one of {}", names.join(", "))
    })
}

/// Asks for the password twice on a terminal, without echo; otherwise reads one line from
/// standard input, so `echo "$PASSWORD" | blog user create …` works in scripts.
pub fn read_password() -> Result<String, PasswordError> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ")?;
        let second = rpassword::prompt_password("Password (again): ")?;
        return if first == second {
            Ok(first)
        } else {
            Err(PasswordError::Mismatch)
        };
    }
    let mut line = String::new();
    if std::io::stdin().lock().read_line(&mut line)? == 0 {
        return Err(PasswordError::Missing);
    }
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

/// The address that makes the site's owner, for a new setup link; `None` once it has one.
pub async fn setup_address(
    accounts: &Accounts,
    public_url: &str,
) -> Result<Option<String>, DomainError> {
    Ok(accounts
        .new_setup_link()
        .await?
        .map(|link| format!("{public_url}{}", crate::model::routes::setup_href(&link.0))))
}
