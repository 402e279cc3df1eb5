//! The server's own sentences about a value (a field's error, the reason a role falls short,
//! why an image was refused) in the language of the page that asked. The domain words them in
//! English, which the REST API keeps for RealWorld clients; the pages' server functions, and
//! the upload endpoint for a client that asks in `Accept-Language`, pass them through here. A
//! sentence is found by its English text, as gettext finds a message by its source: `{}` in a
//! pattern stands for what the sentence was made with (a number, a name), given back in the
//! same order. A sentence not in the table stays English, and the tests below keep the table
//! in step with what the domain says.

use crate::i18n::Locale;

/// English pattern, Chinese pattern.
const CHINESE: &[(&str, &str)] = &[
    ("can't be blank", "不能为空"),
    (
        "has been used or has expired; ask for a new link",
        "已被使用或已过期；请索取新的链接",
    ),
    (
        "cannot be verified: this site sends no email",
        "无法验证：本站不发送邮件",
    ),
    (
        "cannot be sent a link: this site sends no email; ask its owner to reset your password",
        "无法接收链接：本站不发送邮件；请联系站长为你重设密码",
    ),
    (
        "is too long (maximum is {} characters)",
        "太长了（最多 {} 个字符）",
    ),
    ("is too long (maximum is {} KiB)", "太长了（最多 {} KiB）"),
    (
        "is too short (minimum is {} characters)",
        "太短了（至少 {} 个字符）",
    ),
    ("is not a valid email address", "不是有效的邮箱地址"),
    (
        "may only contain the letters a-z and A-Z, digits, '_', '-' and '.'",
        "只能包含英文字母 a-z 和 A-Z、数字、“_”、“-”和“.”",
    ),
    (
        "must not be your username or email address",
        "不能与用户名或邮箱相同",
    ),
    ("is not your current password", "与当前密码不符"),
    (
        "must be a web address starting with https:// or http://",
        "必须是以 https:// 或 http:// 开头的网址",
    ),
    (
        "has too many tags (maximum is {})",
        "标签太多了（最多 {} 个）",
    ),
    (
        "has a tag longer than {} characters",
        "有标签超过了 {} 个字符",
    ),
    ("tags cannot contain '/'", "标签不能包含“/”"),
    (
        "is in the past; choose a later time, or publish now",
        "已经过去了；请选择更晚的时间，或者立即发布",
    ),
    ("is more than ten years ahead", "超过了十年之后"),
    (
        "cannot be added before the post is published",
        "要等文章发布后才能添加",
    ),
    (
        "is you; you cannot follow yourself",
        "是你自己；不能关注自己",
    ),
    ("needs a word to search for", "需要一个要搜索的词"),
    ("must be at most {} characters", "最多 {} 个字符"),
    ("may hold at most {} words", "最多 {} 个词"),
    ("must be between 1 and {}", "必须在 1 到 {} 之间"),
    ("must be between {} and {}", "必须在 {} 到 {} 之间"),
    (
        "has been used, revoked or has expired; ask for a new one",
        "已被使用、撤销或已过期；请索取新的邀请",
    ),
    (
        "cannot be changed: this is the site's last admin",
        "不能更改：这是本站最后一位管理员",
    ),
    (
        "is longer than any name or address ({} characters at most)",
        "比任何名字或地址都长（最多 {} 个字符）",
    ),
    (
        "is an admin: give them another role first",
        "是管理员：请先给他另一个角色",
    ),
    ("names no account on this site", "不是本站的账户"),
    (
        "is the account being deleted: name another author",
        "就是要删除的账户：请指定另一位作者",
    ),
    (
        "cannot publish posts: give them the author role first",
        "不能发布文章：请先给他作者角色",
    ),
    ("must be one of {}", "必须是以下之一：{}"),
    // The accent colour (`site::accent`).
    (
        "must be a colour written #rrggbb, like #2457c5",
        "必须是 #rrggbb 形式的颜色，例如 #2457c5",
    ),
    (
        "is too light to read on the page ({}:1; links need {}:1): choose a darker shade",
        "太浅了，在页面上难以阅读（{}:1；链接需要 {}:1）：请选一个更深的颜色",
    ),
    (
        "must be a colour written #rrggbb, like #2457c5",
        "必须是 #rrggbb 形式的颜色，例如 #2457c5",
    ),
    (
        "must be author or contributor: an account that signs itself up is not trusted with others' posts",
        "必须是作者或投稿者：自行注册的账户不能处理他人的文章",
    ),
    ("must not contain NUL characters", "不能包含 NUL 字符"),
    (
        "has too many links (maximum is {})",
        "链接太多了（最多 {} 个）",
    ),
    ("needs a label for every link", "每个链接都需要一个名称"),
    (
        "has a label over {} characters: {}",
        "有名称超过了 {} 个字符：{}",
    ),
    (
        "link \"{}\" must go to a path of this site (/about) or an https:// address",
        "链接“{}”必须指向本站的路径（/about）或 https:// 地址",
    ),
    (
        "must be the address of an image on this site, like /media/… from the media library",
        "必须是本站图片的地址，例如媒体库中的 /media/…",
    ),
    // Why a role falls short.
    (
        "a published post is changed by an editor; contributors change drafts",
        "已发布的文章由编辑修改；投稿者只能修改草稿",
    ),
    (
        "contributors write drafts; an editor publishes them",
        "投稿者撰写草稿，由编辑发布",
    ),
    (
        "standalone pages belong to the site: editors and admins write them",
        "独立页面属于整个站点：由编辑和管理员撰写",
    ),
    (
        "gives the address /{}, which the site uses itself; choose another title",
        "会得到地址 /{}，而站点自己在用这个地址；请换一个标题",
    ),
    ("only admins change roles", "只有管理员可以更改角色"),
    (
        "only admins change the site's settings",
        "只有管理员可以更改站点设置",
    ),
    ("only admins invite people", "只有管理员可以邀请他人"),
    (
        "only editors and admins review others' drafts",
        "只有编辑和管理员可以审阅他人的草稿",
    ),
    (
        "this account may not upload images; an admin can change its role",
        "此账户不能上传图片；管理员可以更改它的角色",
    ),
    // Comments and their moderation.
    ("comments are closed on this post", "这篇文章已关闭评论"),
    (
        "a moderator banned this account from writing: it can read, but not comment or post",
        "版主已禁止此账户发言：它可以阅读，但不能评论或发文",
    ),
    (
        "a comment is moderated by its post's author, an editor or an admin",
        "评论由文章作者、编辑或管理员审核",
    ),
    (
        "a post's comments are closed by its author, an editor or an admin",
        "文章的评论由其作者、编辑或管理员关闭",
    ),
    (
        "only editors and admins ban accounts",
        "只有编辑和管理员可以封禁账户",
    ),
    (
        "only editors and admins lift bans",
        "只有编辑和管理员可以解除封禁",
    ),
    (
        "only editors and admins see bans",
        "只有编辑和管理员可以查看封禁",
    ),
    (
        "moderates comments: give them another role before banning them",
        "负责审核评论：请先更改其角色再封禁",
    ),
    (
        "has too many words (maximum is {})",
        "词语太多了（最多 {} 个）",
    ),
    (
        "has a word over {} characters: {}",
        "有一个词超过 {} 个字符：{}",
    ),
    // Why an image was refused (`media::inspect::Refusal`, the upload endpoint).
    ("is empty", "是空的"),
    (
        "is not an image this site accepts: its contents are not PNG, JPEG, GIF or WebP \
         (the file's name and declared type are not trusted)",
        "不是本站接受的图片：内容不是 PNG、JPEG、GIF 或 WebP（不看文件名和声明的类型）",
    ),
    (
        "is an SVG drawing, which can carry scripts and is not accepted; export it as PNG \
         and upload that",
        "是 SVG 绘图，可能带有脚本，不予接受；请导出为 PNG 再上传",
    ),
    ("is a damaged {} image: {}", "是损坏的 {} 图片：{}"),
    (
        "hides {} inside the image, which is refused; open the picture in an image \
         editor, save a fresh copy and upload that",
        "在图片里藏有{}，不予接受；请用图片编辑器打开，另存一份再上传",
    ),
    // What an image hides, within the sentence above.
    ("a web page or script", "网页或脚本"),
    ("an archive", "压缩包"),
    ("data after the end of the picture", "图片结束之后的数据"),
    (
        "is {} × {} pixels ({} megapixels); images of at most {} megapixels and {} \
         pixels a side are accepted",
        "是 {} × {} 像素（{} 百万像素）；只接受最多 {} 百万像素、每边最多 {} 像素的图片",
    ),
    (
        "is an animation with too many frames; at most {} are accepted",
        "是帧数太多的动画；最多接受 {} 帧",
    ),
    (
        "is {} bytes; uploads are limited to {} bytes",
        "有 {} 字节；上传最多 {} 字节",
    ),
    (
        "is too large; uploads are limited to {} bytes",
        "太大了；上传最多 {} 字节",
    ),
    (
        "can't be blank: send the image as the multipart field `file`",
        "不能为空：请把图片放在 multipart 字段 `file` 中发送",
    ),
    // What is unavailable for a moment.
    ("the database", "数据库"),
    ("the session store", "会话存储"),
];

/// `message` in `locale`: translated when the table has it, else as it came.
pub fn in_language(message: &str, locale: Locale) -> String {
    match locale {
        Locale::zh => CHINESE
            .iter()
            .find_map(|(english, chinese)| {
                let filled = fill(english, message)?;
                let mut pieces = chinese.split("{}");
                let mut text = pieces.next().unwrap_or_default().to_owned();
                // A value may be a sentence of the table itself ("an archive").
                for (value, piece) in filled.iter().zip(pieces) {
                    text.push_str(&in_language(value, locale));
                    text.push_str(piece);
                }
                Some(text)
            })
            .unwrap_or_else(|| message.to_owned()),
        _ => message.to_owned(),
    }
}

/// What `message` put in each `{}` of `pattern`, if it is that pattern's sentence.
fn fill<'a>(pattern: &str, message: &'a str) -> Option<Vec<&'a str>> {
    let mut pieces = pattern.split("{}");
    let mut rest = message.strip_prefix(pieces.next()?)?;
    let mut values = Vec::new();
    let mut pieces = pieces.peekable();
    while let Some(piece) = pieces.next() {
        // The last value runs to where the pattern's tail starts; others to the next piece.
        let end = if pieces.peek().is_none() {
            rest.strip_suffix(piece).map(str::len)?
        } else if piece.is_empty() {
            return None;
        } else {
            rest.find(piece)?
        };
        values.push(&rest[..end]);
        rest = &rest[end + piece.len()..];
    }
    rest.is_empty().then_some(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_come_in_chinese_with_their_values() {
        let zh = |message: &str| in_language(message, Locale::zh);
        assert_eq!(zh("can't be blank"), "不能为空");
        assert_eq!(
            zh("is too short (minimum is 8 characters)"),
            "太短了（至少 8 个字符）"
        );
        assert_eq!(zh("must be between 1 and 90"), "必须在 1 到 90 之间");
        assert_eq!(zh("must be between 5 and 50"), "必须在 5 到 50 之间");
        assert_eq!(
            zh("has a label over 40 characters: A very long label"),
            "有名称超过了 40 个字符：A very long label"
        );
        assert_eq!(
            zh(
                "hides an archive inside the image, which is refused; open the picture in an \
                image editor, save a fresh copy and upload that"
            ),
            "在图片里藏有压缩包，不予接受；请用图片编辑器打开，另存一份再上传"
        );
        assert_eq!(
            zh(
                "is 9000 × 9000 pixels (81 megapixels); images of at most 40 megapixels and \
                8192 pixels a side are accepted"
            ),
            "是 9000 × 9000 像素（81 百万像素）；只接受最多 40 百万像素、每边最多 8192 像素的图片"
        );
        // Not in the table: as it came. In English: as it came.
        assert_eq!(zh("something new"), "something new");
        assert_eq!(in_language("can't be blank", Locale::en), "can't be blank");
    }

    #[test]
    fn every_pattern_has_as_many_values_in_both_languages() {
        for (english, chinese) in CHINESE {
            assert_eq!(
                english.matches("{}").count(),
                chinese.matches("{}").count(),
                "{english}"
            );
            assert!(!chinese.is_ascii(), "{english}: not translated");
        }
    }

    #[test]
    fn every_image_refusal_is_in_chinese() {
        use crate::server::media::inspect::Refusal;

        let refusals = [
            Refusal::Empty,
            Refusal::NotAnImage,
            Refusal::Svg,
            Refusal::Hidden {
                what: "a web page or script",
            },
            Refusal::Hidden { what: "an archive" },
            Refusal::Hidden {
                what: "data after the end of the picture",
            },
            Refusal::TooManyPixels {
                width: 9000,
                height: 9000,
                megapixels: 81,
                max_megapixels: 40,
                max_side: 8192,
            },
            Refusal::TooManyFrames { max_frames: 300 },
            Refusal::TooLarge {
                bytes: 20_000_000,
                max: 10_000_000,
            },
        ];
        // Words the Chinese keeps: the formats' names.
        let names = ["PNG", "JPEG", "GIF", "WebP", "SVG"];
        for refusal in refusals {
            let mut chinese = in_language(&refusal.to_string(), Locale::zh);
            for name in names {
                chinese = chinese.replace(name, "");
            }
            assert!(
                !chinese.chars().any(|c| c.is_ascii_alphabetic()),
                "{refusal}: {chinese}"
            );
        }
    }

    #[test]
    fn the_accent_colours_refusals_are_in_chinese() {
        use crate::server::site::accent::Accent;

        for typed in ["#ffffff", "red"] {
            let refusal = Accent::parse(typed).expect_err("refused");
            let chinese = in_language(&refusal, Locale::zh);
            assert_ne!(chinese, refusal);
            assert!(
                !chinese.contains("choose") && !chinese.contains("colour"),
                "{chinese}"
            );
        }
    }
}
