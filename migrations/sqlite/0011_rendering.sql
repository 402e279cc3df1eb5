-- What the renderer captured besides the HTML: the first image a post shows (its og:image and
-- JSON-LD image). `rendered_by` is the renderer's version a post's HTML came from; the server
-- renders posts of an older version again, once, at start-up, so a change to how Markdown is
-- rendered reaches every post. Posts from before this column are version 0.
ALTER TABLE posts ADD COLUMN cover_image TEXT;
ALTER TABLE posts ADD COLUMN rendered_by INTEGER NOT NULL DEFAULT 0;

-- Who set a scheduled post's time: at publication the publisher checks that they still may
-- publish it (an author made a contributor meanwhile may not), else it cancels the schedule.
ALTER TABLE posts ADD COLUMN scheduled_by BIGINT REFERENCES users (id) ON DELETE SET NULL;
