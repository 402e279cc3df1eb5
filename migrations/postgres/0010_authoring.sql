-- Authors' tools: scheduled publishing, revisions, images.

-- A draft with a time to publish at. Every server reads the due ones from this index once a
-- second; claiming one is a conditional update, so each is published exactly once however
-- many servers look.
ALTER TABLE posts ADD COLUMN publish_at BIGINT;
CREATE INDEX posts_scheduled ON posts (publish_at, id) WHERE publish_at IS NOT NULL;

-- The post as each save left it: who saved it, how, and what changed against the revision
-- before (JSON, worked out once on write so a history page reads no bodies).
CREATE TABLE post_revisions (
    id            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post_id       BIGINT  NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    editor_id     BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    kind          TEXT    NOT NULL
                  CHECK (kind IN ('save', 'autosave', 'restore', 'import', 'scheduled')),
    status        TEXT    NOT NULL CHECK (status IN ('draft', 'published')),
    title         TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    tag_names     TEXT    NOT NULL,
    changes       TEXT    NOT NULL,
    restored_from BIGINT,
    created_at    BIGINT  NOT NULL
);
-- A post's history, newest first.
CREATE INDEX post_revisions_by_post ON post_revisions (post_id, id DESC);
-- Thinning: old autosaves, oldest first.
CREATE INDEX post_revisions_autosaves ON post_revisions (created_at) WHERE kind = 'autosave';

-- Every post's history starts with the post as it is.
INSERT INTO post_revisions (post_id, editor_id, kind, status, title, description, body,
                            tag_names, changes, created_at)
SELECT id, author_id, 'save', status, title, description, body, tag_names, '{"first":true}',
       updated_at
FROM posts;

-- Images, stored once each under a name made of their content's hash and size
-- (<hash>-<width>x<height>.<ext>), with smaller copies for srcset.
CREATE TABLE media (
    id            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    -- Of the bytes served, and of the bytes uploaded: the same picture uploaded again, or an
    -- exported copy imported, is found by either.
    stored_sha256 TEXT    NOT NULL UNIQUE,
    source_sha256 TEXT    NOT NULL,
    content_type  TEXT    NOT NULL,
    width         BIGINT  NOT NULL,
    height        BIGINT  NOT NULL,
    bytes         BIGINT  NOT NULL,
    -- JSON list of the widths of the smaller copies.
    variants      TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL
);
CREATE INDEX media_source ON media (source_sha256);

-- Who uploaded what: one file, many uploaders.
CREATE TABLE uploads (
    user_id    BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    media_id   BIGINT  NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    file_name  TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    PRIMARY KEY (user_id, media_id)
);
CREATE INDEX uploads_by_user ON uploads (user_id, created_at DESC, media_id DESC);

-- Which posts show which images, kept when a post is saved.
CREATE TABLE post_media (
    post_id  BIGINT  NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    media_id BIGINT  NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, media_id)
);
CREATE INDEX post_media_by_media ON post_media (media_id, post_id);
