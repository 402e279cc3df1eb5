-- Standalone pages (About, Contact, Colophon): posts in every way the editor and the history
-- see them, but at /<slug> and never in a list, a feed, search or a count. Every public list
-- names the kind it shows; the few pages are listed for the owner from their own index.
ALTER TABLE posts ADD COLUMN kind TEXT NOT NULL DEFAULT 'post' CHECK (kind IN ('post', 'page'));
CREATE INDEX posts_pages ON posts (title, id) WHERE kind = 'page';
