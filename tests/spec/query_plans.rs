//! Every list is served by an index in the order it shows, so its cost is the page and not
//! the blog: SQLite's plan for each list statement reads no table whole and sorts nothing
//! (the drafts, favorites, following feed and two-filter lists are bounded by one user's
//! posts instead). A post page's previous, next and related links start at the post in an
//! index and read a bounded slice of it.
//! docs/benchmarks.md shows the plans on SQLite and PostgreSQL.

use blog::server::content::store::lists::{AROUND_A_POST, STATEMENTS};
use sqlx::Row;

use crate::common::*;

/// The lists whose rows are one user's own (their drafts, their favorites, the authors they
/// follow) or a filtered fallback: an index finds them, and sorting that many is allowed.
const BOUNDED_BY_ONE_USER: [&str; 4] = ["drafts", "favorited by", "feed", "combined"];

#[tokio::test]
async fn sqlite_only_every_list_reads_an_index_in_order() {
    let app = TestApp::new().await;
    app.require_sqlite();
    for (name, statement) in STATEMENTS {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(format!(
            "EXPLAIN QUERY PLAN {statement}"
        )));
        for _ in 0..6 {
            query = query.bind(1_i64);
        }
        let rows = query.fetch_all(&app.state.db).await.unwrap();
        let plan: Vec<String> = rows
            .iter()
            .map(|row| row.get::<String, _>("detail"))
            .collect();
        println!("-- {name}\n{}\n", plan.join("\n"));
        let whole_tables: Vec<&String> = plan
            .iter()
            .filter(|step| step.starts_with("SCAN ") && !step.contains("USING"))
            .collect();
        assert!(
            whole_tables.is_empty(),
            "{name} reads a table whole: {plan:#?}"
        );
        if !BOUNDED_BY_ONE_USER.contains(&name) {
            assert!(
                !plan.iter().any(|step| step.contains("TEMP B-TREE")),
                "{name} sorts its rows: {plan:#?}"
            );
        }
    }
}

/// On PostgreSQL, over 3,000 posts (so the planner weighs a real table), every list but
/// those bounded by one user uses an index and sorts nothing; the plans are printed for
/// docs/benchmarks.md (`scripts/test-postgres -- query_plans --nocapture`).
#[tokio::test]
#[ignore = "PostgreSQL: scripts/test-postgres runs it"]
async fn on_postgres_every_list_reads_an_index_in_order() {
    require_postgres();
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    for statement in [
        "INSERT INTO posts (author_id, slug, title, status, created_at, updated_at, published_at) \
         SELECT $1, 'post-' || n, 'Post ' || n, 'published', n, n, n FROM generate_series(1, 3000) n",
        "INSERT INTO tags (name) SELECT 'tag' || n FROM generate_series(1, 30) n",
        "INSERT INTO post_tags (post_id, tag_id, position, published_at) \
         SELECT p.id, t.id, 0, p.published_at FROM posts p JOIN tags t ON t.id = 1 + p.id % 30",
        "ANALYZE",
    ] {
        let query = sqlx::query(statement);
        let query = if statement.contains("$1") {
            query.bind(alice.id)
        } else {
            query
        };
        query.execute(&app.state.db).await.unwrap();
    }
    for (name, statement) in STATEMENTS {
        let query = sqlx::query(sqlx::AssertSqlSafe(format!("EXPLAIN {statement}")));
        let query = match name {
            "all" => query.bind("published"),
            "tag" => query.bind("tag1"),
            "author" | "favorited by" => query.bind("alice"),
            "combined" => query.bind("tag1").bind("alice").bind(None::<String>),
            _ => query.bind(alice.id),
        };
        // The page (limit, offset) and the viewer.
        let query = query.bind(10_i64).bind(0_i64).bind(alice.id);
        let rows = query.fetch_all(&app.state.db).await.unwrap();
        let plan: Vec<String> = rows.iter().map(|row| row.get::<String, _>(0)).collect();
        println!("-- {name}\n{}\n", plan.join("\n"));
        if !BOUNDED_BY_ONE_USER.contains(&name) {
            assert!(
                !plan
                    .iter()
                    .any(|step| step.contains("Seq Scan on posts") || step.contains("Sort Key")),
                "{name}: {plan:#?}"
            );
        }
    }
}

/// A post page's links cost the same at any size: the posts just before and after it are
/// the first row of the site's index read from the post, and related posts a bounded slice
/// of each of its tags' indexes, in order. Nothing is read whole, nothing sorted.
#[tokio::test]
async fn sqlite_only_the_links_around_a_post_start_at_the_post_in_an_index() {
    let app = TestApp::new().await;
    app.require_sqlite();
    for (name, statement) in AROUND_A_POST {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(format!(
            "EXPLAIN QUERY PLAN {statement}"
        )));
        for _ in 0..4 {
            query = query.bind(1_i64);
        }
        let rows = query.fetch_all(&app.state.db).await.unwrap();
        let plan: Vec<String> = rows
            .iter()
            .map(|row| row.get::<String, _>("detail"))
            .collect();
        println!("-- {name}\n{}\n", plan.join("\n"));
        let index = match name {
            "related by tag" => "post_tags_published",
            _ => "posts_published",
        };
        assert!(
            plan[0].starts_with("SEARCH") && plan[0].contains(index),
            "{name} seeks {index}: {plan:#?}"
        );
        assert!(
            !plan.iter().any(
                |step| (step.starts_with("SCAN ") && !step.contains("USING"))
                    || step.contains("TEMP B-TREE")
            ),
            "{name}: {plan:#?}"
        );
    }
}

/// The same on PostgreSQL over 3,000 posts.
#[tokio::test]
#[ignore = "PostgreSQL: scripts/test-postgres runs it"]
async fn on_postgres_the_links_around_a_post_start_at_the_post_in_an_index() {
    require_postgres();
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    for statement in [
        "INSERT INTO posts (author_id, slug, title, status, created_at, updated_at, published_at) \
         SELECT $1, 'post-' || n, 'Post ' || n, 'published', n, n, n FROM generate_series(1, 3000) n",
        "INSERT INTO tags (name) SELECT 'tag' || n FROM generate_series(1, 30) n",
        "INSERT INTO post_tags (post_id, tag_id, position, published_at) \
         SELECT p.id, t.id, 0, p.published_at FROM posts p JOIN tags t ON t.id = 1 + p.id % 30",
        "ANALYZE",
    ] {
        let query = sqlx::query(statement);
        let query = if statement.contains("$1") {
            query.bind(alice.id)
        } else {
            query
        };
        query.execute(&app.state.db).await.unwrap();
    }
    for (name, statement) in AROUND_A_POST {
        let query = sqlx::query(sqlx::AssertSqlSafe(format!("EXPLAIN {statement}")));
        let query = match name {
            // The tag, the post left out, now, the slice.
            "related by tag" => query.bind(1_i64).bind(1500_i64).bind(5000_i64).bind(20_i64),
            // The post's place (published at, id) and now.
            _ => query.bind(1500_i64).bind(1500_i64).bind(5000_i64),
        };
        let rows = query.fetch_all(&app.state.db).await.unwrap();
        let plan: Vec<String> = rows.iter().map(|row| row.get::<String, _>(0)).collect();
        println!("-- {name}\n{}\n", plan.join("\n"));
        assert!(
            !plan
                .iter()
                .any(|step| step.contains("Seq Scan") || step.contains("Sort Key")),
            "{name}: {plan:#?}"
        );
    }
}

/// The authors' tools read bounded slices of their own indexes: the publisher's due posts
/// (`posts_scheduled`), a post's history (`post_revisions_by_post`), an author's uploads
/// (`uploads_by_user`) and where an image is used (`post_media_by_media`). None reads a table
/// whole or sorts (on PostgreSQL the planner may sort the due posts: there are only as many
/// as came due in the last second). The standalone pages come from their own partial index,
/// whatever the number of posts.
const AUTHORING: [(&str, &str, &str, &str); 5] = [
    (
        "pages",
        blog::server::content::store::pages::PAGES,
        "posts",
        "posts_pages",
    ),
    (
        "due",
        blog::server::content::store::posts::DUE,
        "posts",
        "posts_scheduled",
    ),
    (
        "history",
        blog::server::content::store::revisions::HISTORY,
        "post_revisions",
        "post_revisions_by_post",
    ),
    (
        "uploads",
        blog::server::media::store::UPLOADS_OF,
        "uploads",
        "uploads_by_user",
    ),
    (
        "uses",
        blog::server::media::store::USES,
        "post_media",
        "post_media_by_media",
    ),
];

#[tokio::test]
async fn sqlite_only_the_authors_tools_read_their_own_indexes_in_order() {
    let app = TestApp::new().await;
    app.require_sqlite();
    for (name, statement, _, index) in AUTHORING {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(format!(
            "EXPLAIN QUERY PLAN {statement}"
        )));
        for _ in 0..4 {
            query = query.bind(1_i64);
        }
        let rows = query.fetch_all(&app.state.db).await.unwrap();
        let plan: Vec<String> = rows
            .iter()
            .map(|row| row.get::<String, _>("detail"))
            .collect();
        println!("-- {name}\n{}\n", plan.join("\n"));
        assert!(
            plan.iter().any(|step| step.contains(index)),
            "{name} uses {index}: {plan:#?}"
        );
        assert!(
            !plan.iter().any(
                |step| (step.starts_with("SCAN ") && !step.contains("USING"))
                    || step.contains("TEMP B-TREE")
            ),
            "{name}: {plan:#?}"
        );
    }
}

#[tokio::test]
#[ignore = "PostgreSQL: scripts/test-postgres runs it"]
async fn on_postgres_the_authors_tools_read_their_own_indexes_in_order() {
    require_postgres();
    let app = TestApp::new().await;
    let alice = app.user("alice").await;
    // PostgreSQL, over 3,000 posts with their revisions, uploads and images in use.
    for statement in [
        "INSERT INTO posts (author_id, slug, title, status, created_at, updated_at, published_at, \
                            publish_at) \
         SELECT $1, 'post-' || n, 'Post ' || n, 'draft', n, n, NULL, \
                CASE WHEN n % 10 = 0 THEN n END FROM generate_series(1, 3000) n",
        "INSERT INTO post_revisions (post_id, editor_id, kind, status, title, description, body, \
                                     tag_names, changes, created_at) \
         SELECT p.id, $1, 'save', 'draft', p.title, '', '', '[]', '{}', r \
         FROM posts p, generate_series(1, 5) r",
        "INSERT INTO media (name, stored_sha256, source_sha256, content_type, width, height, \
                            bytes, variants, created_at) \
         SELECT 'm' || n, 's' || n, 'u' || n, 'image/png', 10, 10, 100, '[]', n \
         FROM generate_series(1, 3000) n",
        "INSERT INTO uploads (user_id, media_id, file_name, created_at) \
         SELECT $1, id, name, created_at FROM media",
        "INSERT INTO post_media (post_id, media_id) \
         SELECT p.id, m.id FROM posts p JOIN media m ON m.id = p.id",
        // One long history and one image used everywhere: what the page must not read whole.
        "INSERT INTO post_revisions (post_id, editor_id, kind, status, title, description, body, \
                                     tag_names, changes, created_at) \
         SELECT 1500, $1, 'autosave', 'draft', 'x', '', '', '[]', '{}', r \
         FROM generate_series(1, 400) r",
        "INSERT INTO post_media (post_id, media_id) \
         SELECT p.id, 1500 FROM posts p WHERE p.id % 7 = 0 AND p.id <> 1500",
        "ANALYZE",
    ] {
        let query = sqlx::query(statement);
        let query = if statement.contains("$1") {
            query.bind(alice.id)
        } else {
            query
        };
        query.execute(&app.state.db).await.unwrap();
    }
    for (name, statement, table, _) in AUTHORING {
        let query = sqlx::query(sqlx::AssertSqlSafe(format!("EXPLAIN {statement}")));
        let query = match name {
            "due" => query.bind(1500_i64).bind(20_i64),
            "history" => query.bind(1500_i64).bind(50_i64).bind(0_i64),
            "uploads" => query.bind(alice.id).bind(24_i64).bind(0_i64),
            "pages" => query.bind(500_i64),
            _ => query.bind(1500_i64).bind(alice.id).bind(0_i64).bind(5_i64),
        };
        let rows = query.fetch_all(&app.state.db).await.unwrap();
        let plan: Vec<String> = rows.iter().map(|row| row.get::<String, _>(0)).collect();
        println!("-- {name}\n{}\n", plan.join("\n"));
        // The planner picks among the table's indexes by its statistics; none reads it whole.
        assert!(
            plan.iter()
                .any(|step| step.contains("Index") && step.contains(&format!(" on {table}"))),
            "{name} reads {table} by an index: {plan:#?}"
        );
        assert!(
            !plan
                .iter()
                .any(|step| step.contains(&format!("Seq Scan on {table}"))),
            "{name}: {plan:#?}"
        );
        if name != "due" {
            assert!(
                !plan.iter().any(|step| step.contains("Sort Key")),
                "{name}: {plan:#?}"
            );
        }
    }
}

#[tokio::test]
async fn sqlite_only_pending_invitations_are_read_from_their_index_in_order() {
    let app = TestApp::new().await;
    app.require_sqlite();
    let statement = blog::server::accounts::PENDING_INVITATIONS;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "EXPLAIN QUERY PLAN {statement}"
    )))
    .bind(1_i64)
    .bind(100_i64)
    .fetch_all(&app.state.db)
    .await
    .unwrap();
    let plan: Vec<String> = rows.iter().map(|row| row.get("detail")).collect();
    assert!(
        plan.iter().any(|step| step.contains("invitations_pending")),
        "{plan:#?}"
    );
    assert!(
        !plan.iter().any(|step| step.contains("TEMP B-TREE")
            || (step.starts_with("SCAN ") && !step.contains("USING"))),
        "{plan:#?}"
    );
}

/// The members page, unsearched: each order is an index (or the table's own order) read in
/// order, so a page costs the rows it shows and skips; the suspended accounts come from their
/// partial index.
#[tokio::test]
async fn sqlite_only_the_members_list_reads_in_order_and_suspensions_from_their_index() {
    let app = TestApp::new().await;
    app.require_sqlite();
    for (name, statement) in blog::server::accounts::MEMBER_LISTS {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "EXPLAIN QUERY PLAN {statement}"
        )))
        .bind("")
        .bind("")
        .bind(0_i64)
        .bind(51_i64)
        .bind(0_i64)
        .fetch_all(&app.state.db)
        .await
        .unwrap();
        let plan: Vec<String> = rows.iter().map(|row| row.get("detail")).collect();
        println!("-- members by {name}\n{}\n", plan.join("\n"));
        assert!(
            !plan.iter().any(|step| step.contains("TEMP B-TREE")),
            "{name} sorts its rows: {plan:#?}"
        );
    }
    let statement = blog::server::accounts::SUSPENDED_ACCOUNTS;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "EXPLAIN QUERY PLAN {statement}"
    )))
    .fetch_all(&app.state.db)
    .await
    .unwrap();
    let plan: Vec<String> = rows.iter().map(|row| row.get("detail")).collect();
    assert!(
        plan.iter().any(|step| step.contains("users_suspended")),
        "{plan:#?}"
    );
}

/// On PostgreSQL, over 3,000 accounts, each order of the members page is an index read in
/// order: nothing sorted, the table not read whole; the suspended come from their index.
#[tokio::test]
#[ignore = "PostgreSQL: scripts/test-postgres runs it"]
async fn on_postgres_the_members_list_reads_an_index_in_order() {
    require_postgres();
    let app = TestApp::new().await;
    for statement in [
        "INSERT INTO users (username, email, password_hash, role, created_at, updated_at, \
                            published_posts, suspended_at) \
         SELECT 'member' || n, 'member' || n || '@example.com', '', 'author', n, n, n % 17, \
                CASE WHEN n % 500 = 0 THEN n END FROM generate_series(1, 3000) n",
        "ANALYZE",
    ] {
        sqlx::query(statement).execute(&app.state.db).await.unwrap();
    }
    for (name, statement) in blog::server::accounts::MEMBER_LISTS {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("EXPLAIN {statement}")))
            .bind("")
            .bind("")
            .bind(0_i64)
            .bind(51_i64)
            .bind(0_i64)
            .fetch_all(&app.state.db)
            .await
            .unwrap();
        let plan: Vec<String> = rows.iter().map(|row| row.get::<String, _>(0)).collect();
        println!("-- members by {name}\n{}\n", plan.join("\n"));
        assert!(
            !plan
                .iter()
                .any(|step| step.contains("Seq Scan on users") || step.contains("Sort Key")),
            "{name}: {plan:#?}"
        );
    }
    let statement = blog::server::accounts::SUSPENDED_ACCOUNTS;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("EXPLAIN {statement}")))
        .fetch_all(&app.state.db)
        .await
        .unwrap();
    let plan: Vec<String> = rows.iter().map(|row| row.get::<String, _>(0)).collect();
    println!("-- suspended accounts\n{}\n", plan.join("\n"));
    assert!(
        !plan.iter().any(|step| step.contains("Seq Scan on users")),
        "{plan:#?}"
    );
}

/// The moderation queue and the header's count read the partial index of comments that are
/// not shown, in order, so their cost is what waits and never the conversation; the banned
/// accounts come from theirs.
#[tokio::test]
async fn sqlite_only_the_moderation_queue_and_bans_read_their_indexes_in_order() {
    use blog::server::content::store::comments::{BANNED, QUEUE_HELD, QUEUE_SPAM, WAITING};
    let app = TestApp::new().await;
    app.require_sqlite();
    for (name, statement, index, parameters) in [
        ("queue", QUEUE_HELD, "comments_held", 4),
        ("spam", QUEUE_SPAM, "comments_spam", 4),
        ("waiting", WAITING, "comments_held", 2),
        ("banned", BANNED, "users_banned", 1),
    ] {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(format!(
            "EXPLAIN QUERY PLAN {statement}"
        )));
        for _ in 0..parameters {
            query = query.bind(1_i64);
        }
        let rows = query.fetch_all(&app.state.db).await.unwrap();
        let plan: Vec<String> = rows.iter().map(|row| row.get("detail")).collect();
        println!("-- {name}\n{}\n", plan.join("\n"));
        assert!(
            plan.iter().any(|step| step.contains(index)),
            "{name} uses {index}: {plan:#?}"
        );
        // "SCAN waiting" reads the count's own bounded subquery, not a table.
        assert!(
            !plan.iter().any(|step| step.contains("TEMP B-TREE")
                || (step.starts_with("SCAN ")
                    && !step.contains("USING")
                    && step != "SCAN waiting")),
            "{name}: {plan:#?}"
        );
    }
}

/// Runs `EXPLAIN` (PostgreSQL) or `EXPLAIN QUERY PLAN` (SQLite) of each list of email's:
/// the outbox's and the newsletters'.
async fn outbox_plans(app: &TestApp, explain: &str) -> Vec<(String, Vec<String>)> {
    let mut plans = Vec::new();
    let lists = blog::server::email::OUTBOX_LISTS
        .into_iter()
        .chain(blog::server::newsletters::NEWSLETTER_LISTS);
    for (name, statement, binds) in lists {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(format!("{explain} {statement}")));
        for value in binds {
            query = match value.parse::<i64>() {
                Ok(number) => query.bind(number),
                Err(_) => query.bind(*value),
            };
        }
        let rows = query.fetch_all(&app.state.db).await.unwrap();
        let column = if explain == "EXPLAIN" { 0 } else { 3 };
        let plan: Vec<String> = rows
            .iter()
            .map(|row| row.get::<String, _>(column))
            .collect();
        println!("-- outbox: {name}\n{}\n", plan.join("\n"));
        plans.push((name.to_owned(), plan));
    }
    plans
}

/// The outbox's worker and the admins' list read its indexes in order: a pass costs the
/// messages due, a page the messages shown, however many were sent before.
#[tokio::test]
async fn sqlite_only_the_outbox_reads_its_indexes_in_order() {
    let app = TestApp::new().await;
    app.require_sqlite();
    for (name, plan) in outbox_plans(&app, "EXPLAIN QUERY PLAN").await {
        assert!(
            !plan.iter().any(|step| step.contains("TEMP B-TREE")
                || (step.starts_with("SCAN ") && !step.contains("USING"))),
            "{name}: {plan:#?}"
        );
    }
}

/// The same on PostgreSQL, over 5,000 messages nearly all sent, 20,000 subscribers on two
/// lists and 2,000 newsletters nearly all done.
#[tokio::test]
#[ignore = "PostgreSQL: scripts/test-postgres runs it"]
async fn on_postgres_the_outbox_reads_its_indexes_in_order() {
    require_postgres();
    let app = TestApp::new().await;
    for statement in [
        "INSERT INTO outbox (cause, kind, recipient, subject, text_body, html_body, state, \
                             attempts, queued_at, next_attempt_at, claimed_until, sent_at) \
         SELECT 'test:' || n, 'test', 'r' || n || '@example.com', 's', 't', 'h', \
                CASE WHEN n % 1000 = 0 THEN 'queued' WHEN n % 1000 = 1 THEN 'sending' \
                     WHEN n % 1000 = 2 THEN 'failed' ELSE 'sent' END, \
                1, n, n, n, n FROM generate_series(1, 5000) n",
        "INSERT INTO subscriptions (author_id, email, language, unsubscribe_token, created_at, \
                                    confirmed_at) \
         SELECT CASE WHEN n % 2 = 0 THEN 0 ELSE 7 END, 'r' || n || '@example.com', 'en', \
                't' || n, n, CASE WHEN n % 7 = 0 THEN NULL ELSE n END \
         FROM generate_series(1, 20000) n",
        "INSERT INTO users (username, email, password_hash, created_at, updated_at) \
         VALUES ('writer', 'writer@example.com', 'x', 1, 1)",
        "INSERT INTO posts (slug, title, description, body, body_html, author_id, status, \
                            created_at, updated_at) \
         SELECT 'p' || n, 't', 'd', 'b', 'h', (SELECT id FROM users), 'draft', n, n \
         FROM generate_series(1, 2000) n",
        "INSERT INTO newsletters (post_id, author_id, created_at, finished_at) \
         SELECT id, author_id, id, CASE WHEN id % 500 = 0 THEN NULL ELSE id END FROM posts",
        "ANALYZE",
    ] {
        sqlx::query(statement).execute(&app.state.db).await.unwrap();
    }
    for (name, plan) in outbox_plans(&app, "EXPLAIN").await {
        assert!(
            !plan.iter().any(|step| step.contains("Seq Scan on outbox")
                || step.contains("Seq Scan on subscriptions")
                || step.contains("Seq Scan on newsletters")
                || step.contains("Sort Key")),
            "{name}: {plan:#?}"
        );
    }
}

/// The moderators a held comment is told of are found through the role index: the cost is
/// the editors and admins (sorting those few is allowed), however many readers the site has.
#[tokio::test]
async fn sqlite_only_the_moderators_told_of_a_held_comment_come_from_their_index() {
    let app = TestApp::new().await;
    app.require_sqlite();
    let statement = blog::server::accounts::MODERATORS;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "EXPLAIN QUERY PLAN {statement}"
    )))
    .bind(20_i64)
    .fetch_all(&app.state.db)
    .await
    .unwrap();
    let plan: Vec<String> = rows.iter().map(|row| row.get("detail")).collect();
    assert!(
        plan.iter().any(|step| step.contains("users_role")),
        "{plan:#?}"
    );
    assert!(
        !plan
            .iter()
            .any(|step| step.starts_with("SCAN ") && !step.contains("USING")),
        "{plan:#?}"
    );
}
