-- Four roles instead of two: editors publish and edit anyone's posts, contributors write drafts
-- that an editor publishes.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'editor', 'author', 'contributor'));

-- Finding the admins (the last one cannot step down; imports fall back to the first).
CREATE INDEX users_role ON users (role, id);

-- The drafts editors review, newest first: a slice of this index in order (status leads, so the
-- planner prefers it to posts_published for drafts).
CREATE INDEX posts_drafts ON posts (status, created_at DESC, id DESC) WHERE status = 'draft';
