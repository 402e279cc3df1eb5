//! A real SMTP server for the email tests: aiosmtpd (installed by `scripts/setup.sh`'s
//! `ensure_smtp_sink`, named by `BLOG_TEST_SMTP_PYTHON`), on a loopback port of its own,
//! writing what it receives to a Maildir the test reads back.

use std::{
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::Duration,
};

use tempfile::TempDir;

/// One message the server received, decoded.
#[derive(Debug, Clone)]
pub struct Received {
    pub raw: String,
    pub from: String,
    pub to: String,
    pub subject: String,
    pub message_id: String,
    /// `Content-Type` of the message itself (`multipart/alternative`).
    pub content_type: String,
    pub text: String,
    pub html: String,
}

pub struct SmtpSink {
    child: Option<Child>,
    port: u16,
    maildir: TempDir,
}

/// A loopback port nothing listens on (at the moment it is picked).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

fn python() -> PathBuf {
    std::env::var_os("BLOG_TEST_SMTP_PYTHON")
        .map(PathBuf::from)
        .or_else(|| {
            let home = std::env::var_os("HOME")?;
            let venv = Path::new(&home).join(".cache/rust-blog/tools/aiosmtpd/bin/python");
            venv.exists().then_some(venv)
        })
        .expect(
            "the email tests need aiosmtpd: run them through scripts/test, or \
             `source scripts/setup.sh; ensure_smtp_sink` first",
        )
}

impl SmtpSink {
    /// A server on a port of its own.
    pub async fn start() -> Self {
        Self::start_on(free_port()).await
    }

    /// A server on `port` (one a test named before anything listened there).
    pub async fn start_on(port: u16) -> Self {
        let maildir = tempfile::tempdir().expect("a Maildir");
        let child = Command::new(python())
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path().join("box"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        let sink = Self {
            child: Some(child),
            port,
            maildir,
        };
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return sink;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("aiosmtpd did not listen on {port} within 5 s");
    }

    /// `smtp://127.0.0.1:<port>`, as `email.smtp_url` names it.
    pub fn url(&self) -> String {
        smtp_url(self.port)
    }

    /// Stops the server (its Maildir stays readable).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Every message received so far, oldest first.
    pub fn received(&self) -> Vec<Received> {
        let mut files: Vec<(std::time::SystemTime, PathBuf)> = ["new", "cur"]
            .iter()
            .filter_map(|folder| {
                std::fs::read_dir(self.maildir.path().join("box").join(folder)).ok()
            })
            .flatten()
            .filter_map(|entry| {
                let entry = entry.ok()?;
                Some((entry.metadata().ok()?.modified().ok()?, entry.path()))
            })
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|(_, path)| parse(&std::fs::read(path).expect("a received message")))
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

impl Received {
    /// The last path segment of the first link in the text part that starts with `prefix`
    /// (`https://blog.test/verify-email/`): the token a message carries.
    pub fn link_token(&self, prefix: &str) -> String {
        let start = self
            .text
            .find(prefix)
            .unwrap_or_else(|| panic!("a {prefix} link in {:?}", self.text));
        self.text[start..]
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect::<String>()
            .rsplit('/')
            .next()
            .unwrap()
            .to_owned()
    }
}

pub fn smtp_url(port: u16) -> String {
    format!("smtp://127.0.0.1:{port}")
}

fn parse(bytes: &[u8]) -> Received {
    use mail_parser::MimeHeaders;
    let message = mail_parser::MessageParser::default()
        .parse(bytes)
        .expect("a message mail-parser reads");
    let address = |list: Option<&mail_parser::Address>| {
        list.and_then(|list| list.first())
            .and_then(|address| address.address())
            .unwrap_or_default()
            .to_owned()
    };
    Received {
        raw: String::from_utf8_lossy(bytes).into_owned(),
        from: address(message.from()),
        to: address(message.to()),
        subject: message.subject().unwrap_or_default().to_owned(),
        message_id: message.message_id().unwrap_or_default().to_owned(),
        content_type: message
            .root_part()
            .content_type()
            .map(|kind| format!("{}/{}", kind.ctype(), kind.subtype().unwrap_or_default()))
            .unwrap_or_default(),
        text: message
            .body_text(0)
            .map(|text| text.into_owned())
            .unwrap_or_default(),
        html: message
            .body_html(0)
            .map(|html| html.into_owned())
            .unwrap_or_default(),
    }
}
