-- Each post's outline (its headings, as JSON), rendered with its HTML, for the table of
-- contents. NULL marks a post rendered before outlines were kept: the server renders those
-- again once, at start-up (which also counts their words the way the reading time now does).
ALTER TABLE posts ADD COLUMN outline TEXT;
