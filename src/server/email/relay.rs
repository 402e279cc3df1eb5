//! The SMTP relay mail leaves through (`email.smtp_url`), with lettre. A failure is
//! temporary (the relay is down or busy, a 4xx answer: try again later) or permanent (a 5xx
//! answer, an address no relay takes: trying again changes nothing).

use std::time::Duration;

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{
        Mailbox, MultiPart,
        header::{HeaderName, HeaderValue},
    },
};
use sha2::{Digest, Sha256};

use super::store::Claimed;
use crate::server::settings::EmailSettings;

/// The longest one conversation with the relay may take: at most half a claim's lease
/// (`email.claim_lease`), so a message is claimed again only when its server is gone.
const CONVERSATION_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub struct Relay {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

/// Why a message did not leave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Trying again will not help.
    pub permanent: bool,
    pub reason: String,
}

/// Whether `url` names a relay lettre can reach, or what is wrong with it.
pub fn check_url(url: &str) -> Result<(), String> {
    AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
        .map(|_| ())
        .map_err(|_| {
            "must be a relay's address like \"smtp://host:25\", \
             \"smtp://user:password@host:587?tls=required\" or \"smtps://user:password@host:465\""
                .to_owned()
        })
}

impl Relay {
    /// The relay the settings name, or `None` when they name none.
    pub fn from_settings(settings: &EmailSettings) -> Result<Option<Self>, String> {
        if !settings.enabled() {
            return Ok(None);
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.smtp_url)
            .map_err(|error| format!("email.smtp_url: {error}"))?
            .timeout(Some(CONVERSATION_TIMEOUT.min(settings.claim_lease / 2)))
            .build();
        let from = settings
            .from
            .parse()
            .map_err(|error| format!("email.from: {error}"))?;
        Ok(Some(Self { transport, from }))
    }

    /// Hands one message to the relay.
    pub async fn send(&self, message: &Claimed) -> Result<(), Failure> {
        let email = self.compose(message)?;
        self.transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|error| Failure {
                permanent: error.is_permanent(),
                reason: error.to_string(),
            })
    }

    fn compose(&self, message: &Claimed) -> Result<Message, Failure> {
        let permanent = |reason: String| Failure {
            permanent: true,
            reason,
        };
        let to: Mailbox = message
            .recipient
            .parse()
            .map_err(|error| permanent(format!("the recipient's address: {error}")))?;
        let mut builder = Message::builder();
        if let Some(address) = &message.list_unsubscribe {
            // RFC 8058: a mail client's "unsubscribe" button posts
            // `List-Unsubscribe=One-Click` to this address, with no page to open.
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{address}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_owned(),
                ));
        }
        builder
            .from(self.from.clone())
            .to(to)
            .subject(&message.subject)
            // The same cause gives the same Message-ID, so a copy sent again after a crash
            // between the relay's "250" and our record of it is one message to mail clients.
            .message_id(Some(self.message_id(&message.cause)))
            .multipart(MultiPart::alternative_plain_html(
                message.text_body.clone(),
                message.html_body.clone(),
            ))
            .map_err(|error| permanent(format!("the message cannot be built: {error}")))
    }

    fn message_id(&self, cause: &str) -> String {
        let digest = hex::encode(&Sha256::digest(cause.as_bytes())[..16]);
        format!("<{digest}@{}>", self.from.email.domain())
    }
}
