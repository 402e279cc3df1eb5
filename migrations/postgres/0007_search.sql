-- Full-text search over published posts (server/content/search). The terms are made in Rust,
-- the same way for SQLite and PostgreSQL, and arrive as a tsvector literal: no text search
-- configuration or locale of the server decides how Chinese or English is split.
-- `body_text` is the Markdown's plain text, kept for snippets.
CREATE TABLE post_search (
    post_id   BIGINT   PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    body_text TEXT     NOT NULL,
    terms     TSVECTOR NOT NULL
);
CREATE INDEX post_search_terms ON post_search USING GIN (terms);

-- Which version of the term rules the index was built with; a server that finds an older one
-- rebuilds the index before it serves.
CREATE TABLE search_index_state (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    terms_version BIGINT  NOT NULL
);
INSERT INTO search_index_state (id, terms_version) VALUES (1, 0);
