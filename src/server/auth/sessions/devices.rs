//! The devices signed into an account (OWASP ASVS 7.5.2): listed, ended one by one or all
//! but the caller's own, and forgotten a day after they end.

use std::time::Duration;

use super::{DeviceSession, Sessions};
use crate::server::{
    auth::{SessionId, second_factor::SignInMethod, tokens::TokenSubject},
    clock::duration_millis,
    error::{DomainError, DomainResult, Resource},
};

/// A browser's description (its `User-Agent`) as a person names it: the browser with its
/// major version ("Firefox 133") and the system ("Linux", "iPhone"), each when Woothee's
/// parser recognises it.
pub fn device_names(user_agent: &str) -> (Option<String>, Option<String>) {
    static PARSER: std::sync::LazyLock<woothee::parser::Parser> =
        std::sync::LazyLock::new(woothee::parser::Parser::new);
    let Some(found) = PARSER.parse(user_agent) else {
        return (None, None);
    };
    let known = |value: &str| (!value.is_empty() && value != "UNKNOWN").then(|| value.to_owned());
    let browser = known(found.name).map(|name| {
        match known(found.version).and_then(|version| version.split('.').next().map(str::to_owned))
        {
            Some(major) if !major.is_empty() => format!("{name} {major}"),
            _ => name,
        }
    });
    (browser, known(found.os))
}

impl Sessions {
    /// The user's signed-in devices, the caller's own marked.
    pub async fn devices(&self, subject: &TokenSubject) -> DomainResult<Vec<DeviceSession>> {
        let now = self.clock.now_millis();
        let sessions = self.store.live(subject.user_id, now).await?;
        Ok(sessions
            .into_iter()
            .map(|session| DeviceSession {
                current: session.id == subject.session_id,
                id: session.id,
                user_agent: session.user_agent,
                signed_in_at: session.created_at,
                last_used_at: session.last_used_at,
                sign_in_method: SignInMethod::parse(&session.sign_in_method),
            })
            .collect())
    }

    /// Ends one of the user's own sessions.
    pub async fn end(&self, subject: &TokenSubject, id: &SessionId) -> DomainResult<()> {
        let owned = self
            .store
            .find(id)
            .await?
            .is_some_and(|session| session.user_id == subject.user_id);
        if !owned {
            return Err(DomainError::NotFound(Resource::Session));
        }
        self.store.revoke(id, self.clock.now_millis()).await
    }

    /// Ends every session of the user but the caller's own.
    pub async fn end_others(&self, subject: &TokenSubject) -> DomainResult<u64> {
        self.store
            .revoke_all_but(
                subject.user_id,
                &subject.session_id,
                self.clock.now_millis(),
            )
            .await
    }

    /// Forgets sessions that ended more than a day ago; run now and then by the server.
    pub async fn prune(&self) -> DomainResult<u64> {
        let day = duration_millis(Duration::from_secs(24 * 60 * 60));
        self.store.prune(self.clock.now_millis() - day).await
    }
}

#[cfg(test)]
mod tests {
    use super::device_names;

    #[test]
    fn browsers_and_systems_are_named_as_people_name_them() {
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(
            device_names(firefox),
            (Some("Firefox 133".into()), Some("Linux".into()))
        );
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 \
                      (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
        assert_eq!(
            device_names(iphone),
            (Some("Safari 17".into()), Some("iPhone".into()))
        );
        assert_eq!(device_names(""), (None, None));
        assert_eq!(device_names("curl/8.5.0").1, None);
    }
}
