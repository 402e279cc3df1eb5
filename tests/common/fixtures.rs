//! People and posts put straight into the domain, for tests that need "a signed-in author"
//! or "a published post" rather than the door that makes one.

use blog::{
    model::{Post, PostDraft, PostStatus, Role},
    server::{
        accounts::{NewAccount, UserId},
        auth::sessions::{ClientInfo, SignInStep},
    },
};

use super::TestApp;

/// Every fixture account's password.
pub const PASSWORD: &str = "correct horse battery";

/// Someone with an account and an open session, as a client holding both tokens.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub id: UserId,
    pub username: String,
    pub email: String,
    pub access_token: String,
    pub refresh_token: String,
}

impl TestApp {
    /// An author (`<name>@example.com`, [`PASSWORD`]), signed in.
    pub async fn user(&self, username: &str) -> SignedIn {
        self.account(username, Role::Author).await
    }

    /// An administrator, signed in.
    pub async fn admin(&self, username: &str) -> SignedIn {
        self.account(username, Role::Admin).await
    }

    /// An account with `role`, signed in.
    pub async fn account(&self, username: &str, role: Role) -> SignedIn {
        let new = NewAccount {
            username: username.into(),
            email: format!("{username}@example.com"),
            password: PASSWORD.into(),
        };
        let account = self.state.accounts.create(new, role).await;
        account.unwrap_or_else(|error| panic!("creating {username}: {error}"));
        self.sign_in_again(username).await
    }

    /// Another session of an existing account: a second device.
    pub async fn sign_in_again(&self, username: &str) -> SignedIn {
        let client = ClientInfo::default();
        let step = self
            .state
            .sessions
            .sign_in(username, PASSWORD, &client)
            .await
            .unwrap_or_else(|error| panic!("signing {username} in: {error}"));
        let SignInStep::SignedIn(signed_in) = step else {
            panic!("{username} has a second factor; sign in through the two steps");
        };
        SignedIn {
            id: signed_in.account.id,
            username: signed_in.account.username,
            email: signed_in.account.email,
            access_token: signed_in.tokens.access.token,
            refresh_token: signed_in.tokens.refresh.expect("a new session's token").0,
        }
    }

    /// A published post by `who`, described as "All about <title>".
    pub async fn publish(&self, who: &SignedIn, title: &str, body: &str, tags: &[&str]) -> Post {
        self.post(who, title, body, tags, PostStatus::Published)
            .await
    }

    /// A draft by `who`.
    pub async fn write_draft(
        &self,
        who: &SignedIn,
        title: &str,
        body: &str,
        tags: &[&str],
    ) -> Post {
        self.post(who, title, body, tags, PostStatus::Draft).await
    }

    async fn post(
        &self,
        who: &SignedIn,
        title: &str,
        body: &str,
        tags: &[&str],
        status: PostStatus,
    ) -> Post {
        let draft = PostDraft {
            title: title.into(),
            description: format!("All about {title}"),
            body: body.into(),
            tags: tags.iter().map(|tag| tag.to_string()).collect(),
        };
        self.state
            .posts
            .create(who.id, draft, status)
            .await
            .unwrap_or_else(|error| panic!("writing {title}: {error}"))
    }
}
