//! A newsletter as email: the post, rendered once for every reader (absolute links and
//! images, inline styles, no script; a plain-text part that is the Markdown the author
//! wrote), and each reader's own closing with the link that unsubscribes them, in the
//! language they subscribed in. And the message that confirms an address before anything
//! else is sent to it.

use html_escape::{encode_double_quoted_attribute as attribute, encode_text as text};

use crate::{
    i18n::Locale,
    model::Post,
    server::{content::text::markdown::with_absolute_addresses, email::Letter},
};

/// Which list a reader is on, as messages and pages name it.
pub fn list_name(locale: Locale, site: &str, author: Option<&str>) -> String {
    match (locale, author) {
        (_, None) => site.to_owned(),
        (Locale::zh, Some(author)) => format!("{author}（{site}）"),
        (_, Some(author)) => format!("{author} on {site}"),
    }
}

/// The message that confirms an address subscribing.
pub fn confirm_subscription(locale: Locale, site: &str, list: &str, link: &str) -> Letter {
    match locale {
        Locale::zh => Letter {
            subject: format!("确认订阅 {list}"),
            paragraphs: vec![format!(
                "有人用这个邮箱地址订阅了 {list} 的新文章。点击下面的链接确认，之后每篇新文章发布时都会发送到这里。"
            )],
            action: Some(("确认订阅".into(), link.into())),
            closing: vec![
                "此链接 7 天内有效。每封邮件都带有退订链接。".into(),
                "如果你没有订阅，请忽略此邮件：不会再收到任何邮件。".into(),
            ],
            signature: site.into(),
        },
        _ => Letter {
            subject: format!("Confirm your subscription to {list}"),
            paragraphs: vec![format!(
                "Someone subscribed this address to new posts from {list}. Follow the link \
                 below to confirm; each new post will then be sent here."
            )],
            action: Some(("Confirm my subscription".into(), link.into())),
            closing: vec![
                "The link works for 7 days. Every newsletter carries a link to unsubscribe.".into(),
                "If you did not subscribe, ignore this email: nothing more will be sent.".into(),
            ],
            signature: site.into(),
        },
    }
}

/// The post as every reader gets it, `(subject, text, html)`; the HTML is left open for each
/// reader's closing ([`closing`]), which ends the document.
pub fn issue(
    locale: Locale,
    site: &str,
    post: &Post,
    (origin, post_url): (&str, &str),
) -> (String, String, String) {
    let title = &post.summary.title;
    let author = &post.summary.author.username;
    let description = &post.summary.description;
    let (by, read_on_site) = match locale {
        Locale::zh => (format!("{author} 发表于 {site}"), "在网站上阅读"),
        _ => (format!("By {author} on {site}"), "Read it on the site"),
    };

    let mut plain = format!("{title}\n{by}\n\n");
    if !description.is_empty() {
        plain.push_str(&format!("{description}\n\n"));
    }
    // The Markdown as written, its site-relative links and images (`](/media/…)`) made
    // absolute, so they work from a mail client too.
    plain.push_str(&post.body.trim_end().replace("](/", &format!("]({origin}/")));
    plain.push_str(&format!("\n\n{read_on_site}: {post_url}\n\n"));

    let body = with_absolute_addresses(&post.body_html, post_url)
        // Images scale to the message's width; the sanitizer wrote every `<img` itself (text
        // that looks like one is escaped), so this touches nothing else.
        .replace("<img ", "<img style=\"max-width:100%;height:auto\" ");
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>{title_text}</title></head>\n\
         <body style=\"margin:0;padding:24px;background:#ffffff;color:#1a1a1a;\
         font-family:Georgia,'Times New Roman',serif;font-size:18px;line-height:1.6\">\n\
         <div style=\"max-width:640px;margin:0 auto\">\n\
         <h1 style=\"font-size:30px;line-height:1.25;margin:0 0 8px\">\
         <a href=\"{href}\" style=\"color:#1a1a1a;text-decoration:none\">{title_text}</a></h1>\n\
         <p style=\"font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\
         font-size:14px;color:#4a4a4a;margin:0 0 24px\">{by}</p>\n",
        lang = crate::i18n::tag(locale),
        title_text = text(title),
        href = attribute(post_url),
        by = text(&by),
    );
    if !description.is_empty() {
        html.push_str(&format!(
            "<p style=\"font-size:20px;color:#4a4a4a\">{}</p>\n",
            text(description)
        ));
    }
    html.push_str(&format!("<div>{body}</div>\n"));
    html.push_str(&format!(
        "<p><a href=\"{href}\" style=\"color:#1d4ed8\">{label}</a></p>\n",
        href = attribute(post_url),
        label = text(read_on_site),
    ));
    (title.clone(), plain, html)
}

/// One reader's end of a newsletter, `(text, html)`: why they get it and the link out.
pub fn closing(locale: Locale, site: &str, list: &str, unsubscribe: &str) -> (String, String) {
    let (why, leave) = match locale {
        Locale::zh => (format!("你收到这封邮件，是因为你订阅了 {list}。"), "退订"),
        _ => (
            format!("You get this because you subscribed to {list}."),
            "Unsubscribe",
        ),
    };
    let plain = format!("-- \n{why}\n{leave}: {unsubscribe}\n{site}\n");
    let html = format!(
        "<hr style=\"border:none;border-top:1px solid #dddddd;margin:32px 0 16px\">\n\
         <p style=\"font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\
         font-size:13px;color:#4a4a4a\">{why} <a href=\"{href}\" style=\"color:#4a4a4a\">{leave}</a></p>\n\
         </div>\n</body></html>\n",
        why = text(&why),
        href = attribute(unsubscribe),
        leave = text(leave),
    );
    (plain, html)
}
