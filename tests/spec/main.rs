//! The blog's specification: one test binary, one module per subject, all through the real
//! router over a real database (SQLite, or PostgreSQL with `BLOG_TEST_POSTGRES_URL`), on a
//! clock the tests move forward instead of waiting for it.

#[path = "../common/mod.rs"]
mod common;

mod abuse;
mod accounts;
mod audit_log;
mod bounded_lists;
mod cli;
mod comments;
mod concurrency;
mod connections;
mod cross_site;
mod doors;
mod email;
mod favorites_ui;
mod feeds;
mod invitations;
mod languages;
mod list_counts;
mod markdown;
mod markdown_safety;
mod members;
mod migrate;
mod moderation;
mod newsletters;
mod owner_setup;
mod page_cache;
mod post_permissions;
mod post_validation;
mod posts;
mod profiles;
mod query_plans;
mod reader_pages;
mod reading_comfort;
mod realworld_articles;
mod realworld_comments;
mod realworld_contract;
mod realworld_lists;
mod realworld_profiles;
mod realworld_users;
mod revisions;
mod roles;
mod scheduling;
mod search;
mod second_factor;
mod security_headers;
mod security_review;
mod seed_api;
mod seo;
mod serving;
mod session_rules;
mod session_theft;
mod sessions;
mod settings;
mod shared_servers;
mod site_settings;
mod standalone_pages;
mod tokens;
mod uploads;
