-- Lists whose cost is bounded by the page they show. Counts are kept on write (a list page
-- never counts the table), each post carries its tag names (a list needs no tag query), and
-- every list shape has an index that yields its rows in order, so LIMIT stops the scan.

ALTER TABLE posts ADD COLUMN tag_names TEXT NOT NULL DEFAULT '[]';
ALTER TABLE posts ADD COLUMN favorites_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN published_posts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN favorited_published BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tags ADD COLUMN published_posts BIGINT NOT NULL DEFAULT 0;
-- The publication time of the tagged post while it is published, else NULL.
ALTER TABLE post_tags ADD COLUMN published_at BIGINT;

CREATE TABLE site_counts (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    published_posts BIGINT  NOT NULL
);
INSERT INTO site_counts (id, published_posts)
SELECT 1, COUNT(*) FROM posts WHERE status = 'published';

UPDATE posts SET favorites_count = (SELECT COUNT(*) FROM favorites f WHERE f.post_id = posts.id);
UPDATE users SET published_posts =
    (SELECT COUNT(*) FROM posts p WHERE p.author_id = users.id AND p.status = 'published');
UPDATE users SET favorited_published =
    (SELECT COUNT(*) FROM favorites f JOIN posts p ON p.id = f.post_id
     WHERE f.user_id = users.id AND p.status = 'published');
UPDATE tags SET published_posts =
    (SELECT COUNT(*) FROM post_tags pt JOIN posts p ON p.id = pt.post_id
     WHERE pt.tag_id = tags.id AND p.status = 'published');
UPDATE post_tags SET published_at =
    (SELECT p.published_at FROM posts p WHERE p.id = post_tags.post_id AND p.status = 'published');
UPDATE posts SET tag_names = COALESCE(
    (SELECT json_group_array(name) FROM
        (SELECT t.name FROM post_tags pt JOIN tags t ON t.id = pt.tag_id
         WHERE pt.post_id = posts.id ORDER BY pt.position)),
    '[]');

DROP INDEX posts_listing;
DROP INDEX posts_author_id;
CREATE INDEX posts_published ON posts (status, published_at DESC, id DESC);
CREATE INDEX posts_by_author ON posts (author_id, status, published_at DESC, id DESC);
CREATE INDEX post_tags_published ON post_tags (tag_id, published_at DESC, post_id DESC);
CREATE INDEX tags_by_use ON tags (published_posts DESC, lower(name));
