-- Full-text search over published posts (server/content/search). The terms are made in Rust,
-- the same way for SQLite and PostgreSQL, and stored space-separated: FTS5 only splits them
-- again and keeps the index. `body_text` is the Markdown's plain text, kept for snippets.
-- The row id is the post's id.
CREATE VIRTUAL TABLE post_search USING fts5 (
    title,
    tags,
    description,
    body,
    body_text UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 0'
);

-- Which version of the term rules the index was built with; a server that finds an older one
-- rebuilds the index before it serves.
CREATE TABLE search_index_state (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    terms_version BIGINT  NOT NULL
);
INSERT INTO search_index_state (id, terms_version) VALUES (1, 0);
