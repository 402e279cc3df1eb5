-- The settings an admin changes from the browser (title, navigation, registration, …), one
-- row per setting set there, its value as JSON. A setting with no row takes the settings
-- file's value, so a new site starts from the file and the settings page can say which is which.
CREATE TABLE site_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL
);
