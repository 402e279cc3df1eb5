//! What the site's messages say. Each message is written once, as a [`Letter`] (a subject,
//! paragraphs, at most one button, a closing note), in the reader's language; both parts of
//! the email (plain text, and HTML that reads without images or styles a client strips) are
//! made from it, so they never say different things. Kept on the server, out of the browser
//! bundle that `locales/` compiles into.

use crate::i18n::Locale;

/// One message, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub paragraphs: Vec<String>,
    /// The one thing to do, as a button in HTML and an address on its own line in text.
    pub action: Option<(String, String)>,
    /// Small print after the action: why the reader got this, what to do if they did not ask.
    pub closing: Vec<String>,
    /// Whose message it is: the site's title.
    pub signature: String,
}

/// A letter made into the parts an email carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The "forgot password" message: a link that sets a new password, once, for `minutes`.
pub fn password_reset(
    locale: Locale,
    site: &str,
    username: &str,
    link: &str,
    minutes: u64,
) -> Letter {
    match locale {
        Locale::zh => Letter {
            subject: format!("重设你在 {site} 的密码"),
            paragraphs: vec![
                format!("{username}，你好："),
                format!("有人请求重设你在 {site} 的密码。点击下面的链接设置新密码。"),
            ],
            action: Some(("设置新密码".into(), link.into())),
            closing: vec![
                format!(
                    "此链接只能使用一次，{minutes} 分钟后失效。设置新密码后，你在其他设备上的登录都会结束。"
                ),
                "如果你没有提出这个请求，请忽略此邮件：你的密码不会改变。".into(),
            ],
            signature: site.into(),
        },
        _ => Letter {
            subject: format!("Reset your password on {site}"),
            paragraphs: vec![
                format!("Hello {username},"),
                format!(
                    "Someone asked to reset your password on {site}. Follow the link below to \
                     choose a new one."
                ),
            ],
            action: Some(("Choose a new password".into(), link.into())),
            closing: vec![
                format!(
                    "The link works once, for {minutes} minutes. Choosing a new password signs \
                     you out everywhere else."
                ),
                "If you did not ask for this, ignore this email: your password stays as it is."
                    .into(),
            ],
            signature: site.into(),
        },
    }
}

/// The link that verifies an address: on sign-up, on a change, or asked for again.
pub fn verify_address(locale: Locale, site: &str, username: &str, link: &str) -> Letter {
    match locale {
        Locale::zh => Letter {
            subject: format!("验证你在 {site} 的邮箱地址"),
            paragraphs: vec![
                format!("{username}，你好："),
                format!("请点击下面的链接，确认这是你在 {site} 的账户所用的邮箱地址。"),
            ],
            action: Some(("验证邮箱地址".into(), link.into())),
            closing: vec![
                "此链接只能使用一次，7 天内有效。".into(),
                "如果你没有在本站注册或更改邮箱，请忽略此邮件。".into(),
            ],
            signature: site.into(),
        },
        _ => Letter {
            subject: format!("Verify your email address on {site}"),
            paragraphs: vec![
                format!("Hello {username},"),
                format!(
                    "Follow the link below to confirm that this is the address of your account \
                     on {site}."
                ),
            ],
            action: Some(("Verify this address".into(), link.into())),
            closing: vec![
                "The link works once, for 7 days.".into(),
                "If you did not sign up or change your address on this site, ignore this email."
                    .into(),
            ],
            signature: site.into(),
        },
    }
}

/// The note to an account's old address after a change, with the link that puts it back.
pub fn address_changed(
    locale: Locale,
    site: &str,
    username: &str,
    new_email: &str,
    link: &str,
) -> Letter {
    match locale {
        Locale::zh => Letter {
            subject: format!("你在 {site} 的邮箱地址已更改"),
            paragraphs: vec![
                format!("{username}，你好："),
                format!("你在 {site} 的账户的邮箱地址刚刚改成了 {new_email}。"),
                "如果这不是你本人的操作，请点击下面的链接恢复原来的地址；所有设备上的登录都会结束，之后你可以用“忘记密码”重设密码。".into(),
            ],
            action: Some(("恢复原来的地址".into(), link.into())),
            closing: vec!["此链接只能使用一次，7 天内有效。如果是你本人更改的，请忽略此邮件。".into()],
            signature: site.into(),
        },
        _ => Letter {
            subject: format!("Your email address on {site} was changed"),
            paragraphs: vec![
                format!("Hello {username},"),
                format!("The address of your account on {site} was just changed to {new_email}."),
                "If you did not do this, follow the link below to put your old address back: \
                 every device signed into the account is signed out, and you can then choose a \
                 new password with \"Forgot your password?\"."
                    .into(),
            ],
            action: Some(("Put my old address back".into(), link.into())),
            closing: vec![
                "The link works once, for 7 days. If you made the change, ignore this email."
                    .into(),
            ],
            signature: site.into(),
        },
    }
}

/// A comment shown under one's post.
#[allow(clippy::too_many_arguments)]
pub fn comment_on_your_post(
    locale: Locale,
    site: &str,
    username: &str,
    commenter: &str,
    post: &str,
    excerpt: &str,
    link: &str,
    account: &str,
) -> Letter {
    match locale {
        Locale::zh => Letter {
            subject: format!("{commenter} 评论了《{post}》"),
            paragraphs: vec![
                format!("{username}，你好："),
                format!("{commenter} 在你的文章《{post}》下写道："),
                excerpt.into(),
            ],
            action: Some(("查看评论".into(), link.into())),
            closing: vec![format!(
                "你收到这封邮件，是因为有人评论了你在 {site} 的文章。可以在账户页面关闭此类邮件：{account}"
            )],
            signature: site.into(),
        },
        _ => Letter {
            subject: format!("{commenter} commented on “{post}”"),
            paragraphs: vec![
                format!("Hello {username},"),
                format!("{commenter} wrote under your post “{post}”:"),
                excerpt.into(),
            ],
            action: Some(("See the comment".into(), link.into())),
            closing: vec![format!(
                "You get this because someone commented on your post on {site}. Turn these \
                 emails off on your account page: {account}"
            )],
            signature: site.into(),
        },
    }
}

/// A comment held for moderation, to those who may let it through.
#[allow(clippy::too_many_arguments)]
pub fn comment_held(
    locale: Locale,
    site: &str,
    username: &str,
    commenter: &str,
    post: &str,
    excerpt: &str,
    link: &str,
    account: &str,
) -> Letter {
    match locale {
        Locale::zh => Letter {
            subject: format!("有一条评论等待审核：《{post}》"),
            paragraphs: vec![
                format!("{username}，你好："),
                format!("{commenter} 在《{post}》下的评论正在等待审核："),
                excerpt.into(),
            ],
            action: Some(("前往审核".into(), link.into())),
            closing: vec![format!(
                "你收到这封邮件，是因为你在 {site} 审核评论。可以在账户页面关闭此类邮件：{account}"
            )],
            signature: site.into(),
        },
        _ => Letter {
            subject: format!("A comment on “{post}” awaits moderation"),
            paragraphs: vec![
                format!("Hello {username},"),
                format!("{commenter}'s comment on “{post}” is held until someone lets it through:"),
                excerpt.into(),
            ],
            action: Some(("Moderate comments".into(), link.into())),
            closing: vec![format!(
                "You get this because you moderate comments on {site}. Turn these emails off \
                 on your account page: {account}"
            )],
            signature: site.into(),
        },
    }
}

impl Letter {
    pub fn render(&self, locale: Locale) -> Rendered {
        Rendered {
            subject: self.subject.clone(),
            text: self.text(),
            html: self.html(locale),
        }
    }

    fn text(&self) -> String {
        let mut text = String::new();
        for paragraph in &self.paragraphs {
            text.push_str(paragraph);
            text.push_str("\n\n");
        }
        if let Some((label, link)) = &self.action {
            text.push_str(&format!("{label}:\n{link}\n\n"));
        }
        for paragraph in &self.closing {
            text.push_str(paragraph);
            text.push_str("\n\n");
        }
        text.push_str("-- \n");
        text.push_str(&self.signature);
        text.push('\n');
        text
    }

    /// Inline styles only (clients drop `<style>`), no image and no script; the link is also
    /// written out, for clients that show no buttons.
    fn html(&self, locale: Locale) -> String {
        use html_escape::{encode_double_quoted_attribute as attribute, encode_text as text};
        let mut html = format!(
            "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width\"><title>{}</title></head>\n\
             <body style=\"margin:0;padding:24px;background:#ffffff;color:#1a1a1a;\
             font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\
             font-size:16px;line-height:1.5\">\n<div style=\"max-width:560px;margin:0 auto\">\n",
            crate::i18n::tag(locale),
            text(&self.subject),
        );
        for paragraph in &self.paragraphs {
            html.push_str(&format!("<p>{}</p>\n", text(paragraph)));
        }
        if let Some((label, link)) = &self.action {
            html.push_str(&format!(
                "<p><a href=\"{href}\" style=\"display:inline-block;padding:10px 18px;\
                 background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px\">{label}</a></p>\n\
                 <p style=\"font-size:14px;color:#4a4a4a;word-break:break-all\"><a href=\"{href}\" \
                 style=\"color:#1d4ed8\">{shown}</a></p>\n",
                href = attribute(link),
                label = text(label),
                shown = text(link),
            ));
        }
        for paragraph in &self.closing {
            html.push_str(&format!(
                "<p style=\"font-size:14px;color:#4a4a4a\">{}</p>\n",
                text(paragraph)
            ));
        }
        html.push_str(&format!(
            "<p style=\"font-size:14px;color:#4a4a4a\">— {}</p>\n</div>\n</body></html>\n",
            text(&self.signature)
        ));
        html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_parts_say_the_same_and_markup_in_names_stays_text() {
        let letter = password_reset(
            Locale::en,
            "Tom & <Jerry>",
            "ann",
            "https://blog.example/reset-password/abc?x=1&y=2",
            60,
        );
        let rendered = letter.render(Locale::en);
        assert_eq!(rendered.subject, "Reset your password on Tom & <Jerry>");
        assert!(
            rendered
                .text
                .contains("https://blog.example/reset-password/abc?x=1&y=2")
        );
        assert!(rendered.text.contains("for 60 minutes"));
        assert!(rendered.html.contains("Tom &amp; &lt;Jerry&gt;"));
        assert!(!rendered.html.contains("<Jerry>"));
        assert!(
            rendered
                .html
                .contains("href=\"https://blog.example/reset-password/abc?x=1&amp;y=2\"")
        );
        assert!(!rendered.html.contains("<script"));
        assert!(!rendered.html.contains("<img"));
    }

    #[test]
    fn chinese_readers_get_chinese() {
        let rendered =
            password_reset(Locale::zh, "博客", "ann", "https://b.example/x", 60).render(Locale::zh);
        assert!(rendered.subject.contains("重设"));
        assert!(rendered.html.contains("lang=\"zh\""));
        assert!(rendered.text.contains("60 分钟"));
    }
}
