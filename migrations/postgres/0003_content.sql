-- Posts and what hangs off them. The Markdown body is kept for editing, its sanitized HTML
-- (rendered once, when the post is saved) for reading.
CREATE TABLE posts (
    id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    author_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    slug         TEXT    NOT NULL UNIQUE,
    title        TEXT    NOT NULL,
    description  TEXT    NOT NULL DEFAULT '',
    body         TEXT    NOT NULL DEFAULT '',
    body_html    TEXT    NOT NULL DEFAULT '',
    word_count   BIGINT  NOT NULL DEFAULT 0,
    status       TEXT    NOT NULL CHECK (status IN ('draft', 'published')),
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL,
    published_at BIGINT
);

-- Lists are newest first by publication (drafts: creation); this is their ORDER BY.
CREATE INDEX posts_listing ON posts (status, COALESCE(published_at, created_at) DESC, id DESC);
CREATE INDEX posts_author_id ON posts (author_id);

-- Tag names keep the spelling they were first given; "Rust" and "rust" are one tag.
CREATE TABLE tags (
    id   BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT    NOT NULL
);
CREATE UNIQUE INDEX tags_name_key ON tags (lower(name));

CREATE TABLE post_tags (
    post_id  BIGINT  NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    tag_id   BIGINT  NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    position BIGINT  NOT NULL,
    PRIMARY KEY (post_id, tag_id)
);
CREATE INDEX post_tags_tag_id ON post_tags (tag_id);

CREATE TABLE comments (
    id         BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post_id    BIGINT  NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    author_id  BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body       TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL
);
CREATE INDEX comments_post_id ON comments (post_id, created_at);

CREATE TABLE favorites (
    user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    post_id    BIGINT  NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    created_at BIGINT  NOT NULL,
    PRIMARY KEY (user_id, post_id)
);
CREATE INDEX favorites_post_id ON favorites (post_id);

CREATE TABLE follows (
    follower_id BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    followee_id BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (follower_id, followee_id),
    CHECK (follower_id <> followee_id)
);
CREATE INDEX follows_followee_id ON follows (followee_id);
