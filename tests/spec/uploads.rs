//! Images in posts, through `POST /api/uploads` and `/media/<name>`: what a reader's browser
//! gets (an upright picture without its metadata, cached for a year, with copies for
//! `srcset`), that an image is stored once however often it is uploaded, and that every
//! hostile upload is refused with a 4xx that says why, storing nothing.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::{images::*, *};

async fn media_rows(app: &TestApp) -> (i64, i64) {
    let media: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM media")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    let uploads: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM uploads")
        .fetch_one(&app.state.db)
        .await
        .unwrap();
    (media, uploads)
}

fn upload_of(reply: &Reply) -> Value {
    assert_eq!(reply.status, StatusCode::CREATED, "{reply:?}");
    reply.body["upload"].clone()
}

#[tokio::test]
async fn a_photo_is_served_upright_without_its_metadata_and_cached_for_a_year() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    // 1200 × 800 as stored by the camera, to be shown turned: 800 × 1200.
    let photo = photo_with_exif(1200, 800, 6);
    assert!(photo.windows(CAMERA.len()).any(|w| w == CAMERA.as_bytes()));
    let reply = app
        .api()
        .by(&alice)
        .upload("holiday.png", "image/png", &photo)
        .await;
    let upload = upload_of(&reply);
    let url = upload["url"].as_str().unwrap().to_owned();
    assert!(
        url.starts_with("/media/") && url.ends_with("-800x1200.jpg"),
        "{url}"
    );
    assert_eq!(
        upload["contentType"], "image/jpeg",
        "the bytes decide, not the name"
    );
    assert_eq!(
        (upload["width"].as_u64(), upload["height"].as_u64()),
        (Some(800), Some(1200))
    );
    assert_eq!(upload["variants"], json!([320, 640]));
    assert_eq!(upload["markdown"], format!("![]({url})"));

    // A signed-out reader.
    let served = app.get(&url).await;
    served.assert_status(StatusCode::OK);
    assert_eq!(served.header("content-type"), Some("image/jpeg"));
    assert_eq!(
        served.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(served.header("x-content-type-options"), Some("nosniff"));
    let bytes = served.bytes();
    for marker in [b"Exif".as_slice(), CAMERA.as_bytes(), b"GPS"] {
        assert!(
            !bytes.windows(marker.len()).any(|window| window == marker),
            "{} survived",
            String::from_utf8_lossy(marker)
        );
    }
    let decoded = image::load_from_memory(bytes).unwrap();
    assert_eq!(
        (decoded.width(), decoded.height()),
        (800, 1200),
        "turned upright"
    );

    // The browser's copy is current: asked again, nothing is sent.
    let etag = served.header("etag").unwrap().to_owned();
    let again = app.get_with(&url, &[("if-none-match", &etag)]).await;
    again.assert_status(StatusCode::NOT_MODIFIED);
    assert!(again.bytes().is_empty());

    // The copies for srcset exist and are the widths they say.
    let copy_url = url.replace(".jpg", "-320w.jpg");
    let copy = app.get(&copy_url).await;
    copy.assert_status(StatusCode::OK);
    let decoded = image::load_from_memory(copy.bytes()).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (320, 480));
}

#[tokio::test]
async fn an_image_uploaded_again_or_by_someone_else_is_stored_once() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let picture = png(700, 300);
    let first = upload_of(
        &app.api()
            .by(&alice)
            .upload("a.png", "image/png", &picture)
            .await,
    );
    let stored = app.media_files();
    assert_eq!(
        stored.len(),
        3,
        "the image and its 320 and 640 copies: {stored:?}"
    );
    let again = upload_of(
        &app.api()
            .by(&alice)
            .upload("again.png", "image/png", &picture)
            .await,
    );
    let bobs = upload_of(
        &app.api()
            .by(&bob)
            .upload("b.png", "image/png", &picture)
            .await,
    );
    assert_eq!(again["url"], first["url"]);
    assert_eq!(bobs["url"], first["url"]);
    assert_eq!(app.media_files(), stored);
    assert_eq!(media_rows(&app).await, (1, 2), "one file, two uploaders");

    // The stored file itself, uploaded (as an export brings it back), is the same image.
    let served = app.get(first["url"].as_str().unwrap()).await;
    let round_trip = upload_of(
        &app.api()
            .by(&alice)
            .upload("exported.png", "image/png", served.bytes())
            .await,
    );
    assert_eq!(round_trip["url"], first["url"]);
    assert_eq!(app.media_files(), stored);
}

#[tokio::test]
async fn hostile_uploads_get_a_clear_4xx_and_nothing_is_stored() {
    let app = TestApp::with_settings(|settings| {
        settings.media.max_upload_bytes = 256 * 1024;
    })
    .await;
    let mallory = app.user("mallory").await;
    let oversize = {
        // A real image, larger than the limit.
        let mut bytes = png(4, 4);
        bytes.resize(300 * 1024, 0);
        bytes
    };
    // What it is, its name and declared type, its bytes, the answer and what the answer says.
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        Vec<u8>,
        StatusCode,
        &'static str,
    );
    let cases: [Case; 9] = [
        (
            "a script renamed .png",
            "evil.png",
            "image/png",
            SHELL_SCRIPT.as_bytes().to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "not an image",
        ),
        (
            "an HTML page renamed .jpg",
            "page.jpg",
            "image/jpeg",
            b"<html><script>alert(1)</script></html>".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "not an image",
        ),
        (
            "a PNG with a page glued on",
            "glued.png",
            "image/png",
            png_then_html(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "hides",
        ),
        (
            "a JPEG whose comment is a script",
            "comment.jpg",
            "image/jpeg",
            jpeg_with_script_comment(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "hides",
        ),
        (
            "a GIF with an archive inside",
            "gifar.gif",
            "image/gif",
            gif_with_zip_inside(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "hides an archive",
        ),
        (
            "a 50,000 × 50,000 pixel PNG",
            "bomb.png",
            "image/png",
            png_claiming(50_000, 50_000),
            StatusCode::UNPROCESSABLE_ENTITY,
            "50000 × 50000 pixels",
        ),
        (
            "an SVG with a script",
            "drawing.svg",
            "image/svg+xml",
            SVG_WITH_SCRIPT.as_bytes().to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "SVG",
        ),
        (
            "an oversize file",
            "huge.png",
            "image/png",
            oversize,
            StatusCode::PAYLOAD_TOO_LARGE,
            "uploads are limited to 262144 bytes",
        ),
        (
            "an empty file",
            "empty.png",
            "image/png",
            Vec::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "is empty",
        ),
    ];
    for (what, name, declared, bytes, status, says) in cases {
        let reply = app.api().by(&mallory).upload(name, declared, &bytes).await;
        reply.assert_api_error_key(status, "file");
        let message = reply.body["errors"]["file"][0].as_str().unwrap();
        assert!(message.contains(says), "{what}: {message}");
        assert!(app.media_files().is_empty(), "{what} stored a file");
        assert_eq!(media_rows(&app).await, (0, 0), "{what} recorded an upload");
    }
    // Far over the limit, the body is not even read.
    let far = vec![0u8; 2 * 1024 * 1024];
    let reply = app
        .api()
        .by(&mallory)
        .upload("far.png", "image/png", &far)
        .await;
    reply.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
    assert!(app.media_files().is_empty());
}

#[tokio::test]
async fn an_upload_needs_a_signed_in_caller_and_a_file_field() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let reply = app.api().upload("a.png", "image/png", &png(4, 4)).await;
    reply.assert_api_error(StatusCode::UNAUTHORIZED, "token", "is missing");

    let (content_type, body) = multipart("picture", "a.png", "image/png", &png(4, 4));
    let reply = app
        .api()
        .by(&alice)
        .send_bytes(
            axum::http::Method::POST,
            "/api/uploads",
            &content_type,
            body,
        )
        .await;
    reply.assert_api_error_key(StatusCode::UNPROCESSABLE_ENTITY, "file");

    let reply = app
        .api()
        .by(&alice)
        .post("/api/uploads", json!({ "file": "x" }))
        .await;
    reply.assert_api_error_key(StatusCode::UNSUPPORTED_MEDIA_TYPE, "request");

    // Names that are not media files are not looked up at all.
    for uri in [
        "/media/../../jwt-secret",
        "/media/passwd",
        "/media/0123456789abcdef0123456789abcdef-10x10.svg",
    ] {
        assert_eq!(app.get(uri).await.status, StatusCode::NOT_FOUND, "{uri}");
    }
    assert!(app.media_files().is_empty());
}

#[tokio::test]
async fn a_refusal_comes_in_the_language_the_client_asks_for_and_english_otherwise() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let letter = b"this is a letter, not a photo";
    // RealWorld's English when nothing is asked, and for a reader's language cookie alone.
    for client in [
        app.api().by(&alice),
        app.api().by(&alice).header("Cookie", "blog_lang=zh"),
        app.api()
            .by(&alice)
            .header("Accept-Language", "fr, de;q=0.5"),
    ] {
        let reply = client.upload("photo.png", "image/png", letter).await;
        assert_refusal_starts(
            &reply,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "is not an image this site accepts",
        );
    }
    // The editor asks in the page's language.
    let reply = app
        .api()
        .by(&alice)
        .header("Accept-Language", "zh")
        .upload("photo.png", "image/png", letter)
        .await;
    assert_refusal_starts(
        &reply,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "不是本站接受的图片",
    );
    let reply = app
        .api()
        .by(&alice)
        .header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")
        .upload("photo.png", "image/png", &png_then_html())
        .await;
    assert_refusal_starts(
        &reply,
        StatusCode::UNPROCESSABLE_ENTITY,
        "在图片里藏有网页或脚本",
    );
    assert!(app.media_files().is_empty());
}

/// The one refusal of the field `file`, with that status, beginning with `start`.
#[track_caller]
fn assert_refusal_starts(reply: &Reply, status: StatusCode, start: &str) {
    reply.assert_api_error_key(status, "file");
    let message = reply.body["errors"]["file"][0].as_str().unwrap_or_default();
    assert!(
        message.starts_with(start),
        "{message:?} should start {start:?}"
    );
}

#[tokio::test]
async fn gifs_keep_their_frames_and_lose_their_comments_and_webp_becomes_jpeg_or_png() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let gif = upload_of(
        &app.api()
            .by(&alice)
            .upload("dance.gif", "image/gif", &animated_gif(40, 30, 3))
            .await,
    );
    assert_eq!(gif["contentType"], "image/gif");
    assert_eq!(gif["variants"], json!([]));
    let served = app.get(gif["url"].as_str().unwrap()).await;
    assert_eq!(gif_frames(served.bytes()), 3);
    assert!(
        !served
            .bytes()
            .windows(CAMERA.len())
            .any(|w| w == CAMERA.as_bytes())
    );

    let opaque = upload_of(
        &app.api()
            .by(&alice)
            .upload("a.webp", "image/webp", &webp(50, 20, false))
            .await,
    );
    assert_eq!(opaque["contentType"], "image/jpeg");
    let clear = upload_of(
        &app.api()
            .by(&alice)
            .upload("b.webp", "image/webp", &webp(50, 20, true))
            .await,
    );
    assert_eq!(clear["contentType"], "image/png");
    let served = app.get(clear["url"].as_str().unwrap()).await;
    let decoded = image::load_from_memory(served.bytes()).unwrap();
    assert!(decoded.color().has_alpha());
}

#[tokio::test]
async fn a_post_shows_its_images_with_srcset_and_the_media_page_says_where_each_is_used() {
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    let bob = app.user("bob").await;
    let wide = upload_of(
        &app.api()
            .by(&alice)
            .upload("wide.png", "image/png", &png(1400, 700))
            .await,
    );
    let unused = upload_of(
        &app.api()
            .by(&alice)
            .upload("unused.png", "image/png", &png(30, 30))
            .await,
    );
    let url = wide["url"].as_str().unwrap();
    let body = format!("Look:\n\n![A wide view]({url} \"The view\")\n");
    let post = app.publish(&alice, "Views", &body, &[]).await;
    app.write_draft(&bob, "Bob's secret draft", &format!("![]({url})"), &[])
        .await;

    let page = app.get(&format!("/post/{}", post.summary.slug)).await;
    page.assert_status(StatusCode::OK);
    let html = page.text();
    let stem = url.trim_end_matches(".png");
    for expected in [
        format!("src=\"{url}\""),
        format!(
            "srcset=\"{stem}-320w.png 320w, {stem}-640w.png 640w, {stem}-1024w.png 1024w, {url} 1400w\""
        ),
        "width=\"1400\"".to_owned(),
        "height=\"700\"".to_owned(),
        "alt=\"A wide view\"".to_owned(),
        "loading=\"lazy\"".to_owned(),
    ] {
        assert!(html.contains(&expected), "{expected} in {html}");
    }

    // Feed readers without a base get the image's whole address.
    let site = app.state.settings.server.public_url();
    let rss = app.get("/rss.xml").await;
    assert!(
        rss.text().contains(&format!("src=\"{site}{url}\"")),
        "{}",
        rss.text()
    );

    let media = app
        .rpc()
        .by(&alice)
        .call("media/mine", json!({ "page": 1 }))
        .await
        .ok();
    let items = media["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["upload"]["url"], unused["url"], "newest first");
    assert_eq!(items[0]["used_in"], json!([]));
    // Bob's draft uses it too, but its title is Bob's to see.
    assert_eq!(
        items[1]["used_in"],
        json!([{ "post": { "slug": post.summary.slug, "title": "Views" }, "status": "published" }])
    );
    // The page itself exists for everyone; the list arrives once it wakes.
    app.page("/media").await;
}
