//! `blog import` brings a post's local images along (beside the file, or site-absolute under
//! the folder or its `static/`), as the editor's uploads are stored; `blog export` writes them
//! beside the Markdown; importing the export gives the same images back.

use super::Blog;
use crate::common::images::{CAMERA, photo_with_exif, png};

const POST: &str = "+++\ntitle = \"Holiday\"\n+++\n\
Beside: ![The beach](beach.png)\n\n\
Hugo's static: ![Dog](/images/dog.jpg)\n\n\
Missing: ![Gone](gone.png)\n\n\
Outside: ![Secret](../secret.png)\n\n\
Remote: ![Far](https://example.com/far.png)\n";

#[tokio::test]
async fn import_brings_local_images_and_export_writes_them_beside_the_markdown() {
    let blog = Blog::new().await;
    blog.write_bytes("beach.png", &png(900, 600));
    blog.write_bytes("static/images/dog.jpg", &photo_with_exif(400, 300, 1));
    std::fs::write(blog.dir.path().join("secret.png"), png(10, 10)).unwrap();
    let folder = blog.write("holiday.md", POST);

    let summary = blog.import(&folder).await;
    assert_eq!((summary.created, summary.images), (1, 2), "{summary}");
    let problems: Vec<&str> = summary
        .image_failures
        .iter()
        .map(|failure| failure.problem.as_str())
        .collect();
    assert_eq!(
        problems,
        [
            "image gone.png: no such file",
            "image ../secret.png: is outside the imported folder, so it is not read",
        ]
    );
    let body = blog.post("holiday").await.body;
    let urls: Vec<&str> = body
        .split(['(', ')'])
        .filter(|part| part.starts_with("/media/"))
        .collect();
    assert_eq!(urls.len(), 2, "{body}");
    assert!(
        urls[0].ends_with("-900x600.png") && urls[1].ends_with("-400x300.jpg"),
        "{body}"
    );
    assert!(body.contains("![Gone](gone.png)") && body.contains("(https://example.com/far.png)"));
    // Stored as uploads are: without the camera's metadata.
    let dog = blog
        .media
        .read(urls[1].trim_start_matches("/media/"))
        .await
        .unwrap()
        .unwrap();
    assert!(
        !dog.windows(CAMERA.len())
            .any(|window| window == CAMERA.as_bytes())
    );
    // Importing again changes nothing: the same images are the same uploads.
    let again = blog.import(&folder).await;
    assert_eq!(again.unchanged, 1, "{again}");

    let exported = blog.dir.path().join("exported");
    let summary = blog.export(&exported).await;
    assert_eq!(summary.images, 2);
    let markdown = std::fs::read_to_string(exported.join("holiday.md")).unwrap();
    for url in &urls {
        let name = url.trim_start_matches("/media/");
        assert!(markdown.contains(&format!("(media/{name})")), "{markdown}");
        assert!(exported.join("media").join(name).is_file());
    }

    // Into another blog: the same posts, showing the same images under the same names.
    let other = Blog::new().await;
    let summary = other.import(&exported).await;
    assert_eq!((summary.created, summary.images), (1, 2), "{summary}");
    let moved = other.post("holiday").await.body;
    for url in &urls {
        assert!(moved.contains(url), "{moved}");
    }
}
