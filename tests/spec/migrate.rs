//! `blog migrate --to postgres://…`: a SQLite blog of a few thousand posts, with accounts,
//! sessions, comments, favorites and follows, moved whole into an empty PostgreSQL database;
//! a server on the new database shows the same blog and keeps everyone signed in. Needs
//! PostgreSQL (`BLOG_TEST_POSTGRES_URL`, as scripts/test-postgres runs it).

use axum::http::StatusCode;
use blog::server::{doors::cli::migrate, settings::SessionStoreKind};
use serde_json::json;

use crate::common::*;

/// Posts put in with one statement each, beside the ones written through the API.
const BULK_POSTS: i64 = 3000;

#[tokio::test]
#[ignore = "PostgreSQL: scripts/test-postgres runs it"]
async fn a_sqlite_blog_moves_whole_into_postgres_and_nobody_is_signed_out() {
    let server = require_postgres();
    let folder = tempfile::tempdir().unwrap();
    let source_url = format!("sqlite://{}/moved.db", folder.path().display());
    let source = TestApp::with_settings(|settings| {
        settings.database.url = source_url.clone();
        settings.redis.url.clear();
        settings.sessions.store = SessionStoreKind::Database;
    })
    .await;

    let alice = source.user("alice").await;
    let bob = source.user("bob").await;
    let post = source.publish(&alice, "Hello", "Body", &["rust"]).await;
    source
        .api()
        .by(&bob)
        .post(
            &format!("/api/articles/{}/comments", post.summary.slug),
            json!({"comment": {"body": "Nice, 你好"}}),
        )
        .await
        .assert_status(StatusCode::CREATED);
    source
        .api()
        .by(&bob)
        .post_empty(&format!("/api/articles/{}/favorite", post.summary.slug))
        .await
        .assert_status(StatusCode::OK);
    source
        .api()
        .by(&bob)
        .post_empty("/api/profiles/alice/follow")
        .await
        .assert_status(StatusCode::OK);
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
         INSERT INTO posts (author_id, slug, title, body, body_html, status, created_at, \
         updated_at, published_at) \
         SELECT $2, 'bulk-' || i, 'Bulk ' || i, 'text', '<p>text</p>', 'published', i, i, i FROM n",
    )
    .bind(BULK_POSTS)
    .bind(alice.id.0)
    .execute(&source.state.db)
    .await
    .unwrap();
    let before = source.get("/post/hello").await;
    before.assert_status(StatusCode::OK);

    let target_url = fresh_postgres_database(&server).await;
    let summary = migrate::run(&source.state.settings.database, &target_url)
        .await
        .expect("the move");
    let rows = |table: &str| {
        summary
            .tables
            .iter()
            .find(|(name, ..)| *name == table)
            .map(|(_, rows, _)| *rows)
    };
    assert_eq!(rows("posts"), Some(BULK_POSTS as u64 + 1));
    assert_eq!(rows("users"), Some(2));
    assert_eq!(rows("comments"), Some(1));
    assert_eq!(rows("favorites"), Some(1));
    assert_eq!(rows("follows"), Some(1));
    assert!(rows("refresh_tokens").unwrap() >= 2);

    // Moving into a database that now has data is refused, and changes nothing.
    let again = migrate::run(&source.state.settings.database, &target_url).await;
    assert!(
        matches!(again, Err(migrate::MigrateError::TargetNotEmpty { .. })),
        "{:?}",
        again.err().map(|error| error.to_string())
    );

    // A server on PostgreSQL with the same secret: the same blog, everyone still signed in.
    let mut moved = (*source.state.settings).clone();
    moved.database.url = target_url;
    let target = TestApp::with_settings(|s| *s = moved.clone()).await;
    let after = target.get("/post/hello").await;
    after.assert_status(StatusCode::OK);
    assert!(after.text().contains("Nice, 你好"));
    target
        .rpc()
        .refresh_cookie(&alice.refresh_token)
        .form("auth/refresh", &[])
        .await
        .assert_status(StatusCode::OK);
    // New rows get ids after the moved ones.
    let carol = target.user("carol").await;
    target.publish(&carol, "After the move", "Body", &[]).await;
    assert!(
        target
            .get("/profile/carol")
            .await
            .text()
            .contains("After the move")
    );
    // The source is as it was.
    assert_eq!(source.get("/post/hello").await.text(), before.text());
}

/// The tables in the PostgreSQL database at `url`, by name.
async fn tables_in(url: &str) -> Vec<String> {
    use sqlx::Connection;
    let mut connection = sqlx::PgConnection::connect(url).await.unwrap();
    sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables \
         WHERE table_schema = current_schema() ORDER BY table_name",
    )
    .fetch_all(&mut connection)
    .await
    .unwrap()
}

/// A move refused before it starts, or one that fails half-way, leaves the target as it
/// found it: no schema, no record of migrations.
#[tokio::test]
#[ignore = "PostgreSQL: scripts/test-postgres runs it"]
async fn a_refused_or_failed_move_leaves_the_target_as_it_found_it() {
    let server = require_postgres();
    let folder = tempfile::tempdir().unwrap();
    let source_url = format!("sqlite://{}/source.db", folder.path().display());
    let source = TestApp::with_settings(|settings| {
        settings.database.url = source_url.clone();
        settings.redis.url.clear();
        settings.sessions.store = SessionStoreKind::Database;
    })
    .await;
    let alice = source.user("alice").await;
    source.publish(&alice, "Hello", "Body", &[]).await;

    // A table this version does not know how to move: refused before the target is touched.
    sqlx::query("CREATE TABLE stray (id INTEGER PRIMARY KEY)")
        .execute(&source.state.db)
        .await
        .unwrap();
    let target_url = fresh_postgres_database(&server).await;
    let refused = migrate::run(&source.state.settings.database, &target_url).await;
    assert!(
        matches!(refused, Err(migrate::MigrateError::UnknownTable(ref table)) if table == "stray"),
        "{:?}",
        refused.err().map(|error| error.to_string())
    );
    assert_eq!(tables_in(&target_url).await, Vec::<String>::new());
    sqlx::query("DROP TABLE stray")
        .execute(&source.state.db)
        .await
        .unwrap();

    // A row PostgreSQL cannot hold (SQLite keeps a NUL character in text; PostgreSQL does
    // not): the copy fails after the schema was made, and the schema goes again.
    sqlx::query("UPDATE users SET bio = 'a' || char(0) || 'b' WHERE username = 'alice'")
        .execute(&source.state.db)
        .await
        .unwrap();
    let failed = migrate::run(&source.state.settings.database, &target_url).await;
    assert!(failed.is_err(), "a NUL character cannot go into PostgreSQL");
    assert_eq!(tables_in(&target_url).await, Vec::<String>::new());

    // A database holding tables of something else is refused, and keeps them.
    let other_url = fresh_postgres_database(&server).await;
    {
        use sqlx::Connection;
        let mut other = sqlx::PgConnection::connect(&other_url).await.unwrap();
        sqlx::query("CREATE TABLE invoices (id BIGINT)")
            .execute(&mut other)
            .await
            .unwrap();
    }
    sqlx::query("UPDATE users SET bio = NULL")
        .execute(&source.state.db)
        .await
        .unwrap();
    let refused = migrate::run(&source.state.settings.database, &other_url).await;
    assert!(
        matches!(
            refused,
            Err(migrate::MigrateError::TargetHoldsOtherTables(_))
        ),
        "{:?}",
        refused.err().map(|error| error.to_string())
    );
    assert_eq!(tables_in(&other_url).await, ["invoices"]);

    // Fixed, the same target takes the blog.
    migrate::run(&source.state.settings.database, &target_url)
        .await
        .expect("the move");
    assert!(tables_in(&target_url).await.contains(&"posts".to_owned()));
}
