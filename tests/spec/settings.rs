//! Settings: the defaults, what `Leptos.toml` overrides, refusals that name the key, and the
//! signing secret's file. Plain functions, no server and no database.

use std::{os::unix::fs::PermissionsExt, time::Duration};

use blog::server::{
    secret::{self, SecretError},
    settings::{RefreshPolicy, Settings},
};

fn settings_from(toml: &str) -> Result<Settings, String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Leptos.toml");
    std::fs::write(&file, toml).unwrap();
    Settings::from_file(&file).map_err(|error| error.to_string())
}

#[test]
fn no_file_means_the_defaults() {
    let settings = Settings::from_file("/nonexistent/Leptos.toml".as_ref()).unwrap();
    assert_eq!(settings.server.address.to_string(), "127.0.0.1:3000");
    assert_eq!(settings.database.url, "sqlite://data/blog.db");
    assert_eq!(
        settings.auth.access_token_lifetime,
        Duration::from_secs(900)
    );
    assert_eq!(
        settings.auth.refresh_token_lifetime,
        Duration::from_secs(7 * 86400)
    );
    assert_eq!(settings.auth.refresh_policy, RefreshPolicy::Rotate);
}

#[test]
fn the_shipped_leptos_toml_is_valid() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/Leptos.toml");
    Settings::from_file(file.as_ref()).expect("Leptos.toml parses");
}

#[test]
fn the_file_overrides_the_defaults() {
    let settings = settings_from(
        r#"
        [server]
        address = "0.0.0.0:8080"
        [site]
        title = "Notes"
        [auth]
        access_token_lifetime = "90s"
        refresh_policy = "fixed"
        "#,
    )
    .unwrap();
    assert_eq!(settings.server.address.to_string(), "0.0.0.0:8080");
    assert_eq!(settings.site.title, "Notes");
    assert_eq!(settings.auth.access_token_lifetime, Duration::from_secs(90));
    assert_eq!(settings.auth.refresh_policy, RefreshPolicy::Fixed);
}

#[test]
fn a_bad_value_names_the_key_and_what_is_allowed() {
    let error = settings_from("[auth]\nrefresh_policy = \"sometimes\"\n").unwrap_err();
    assert!(error.contains("refresh_policy"), "{error}");
    assert!(
        error.contains("fixed") && error.contains("rotate"),
        "{error}"
    );

    let error = settings_from("[server]\naddress = \"localhost\"\n").unwrap_err();
    assert!(error.contains("server.address"), "{error}");

    let error = settings_from("[auth]\naccess_token_lifetime = \"soon\"\n").unwrap_err();
    assert!(error.contains("access_token_lifetime"), "{error}");

    let error = settings_from("[database]\nurl = \"mysql://localhost/blog\"\n").unwrap_err();
    assert!(
        error.contains("database.url") && error.contains("sqlite:"),
        "{error}"
    );

    let error = settings_from("[site]\ntitel = \"typo\"\n").unwrap_err();
    assert!(error.contains("titel"), "{error}");

    // The file's site settings pass the settings page's rules.
    let error = settings_from("[site]\naccent = \"#ffff00\"\n").unwrap_err();
    assert!(
        error.contains("site.accent") && error.contains("too light"),
        "{error}"
    );
    let toml = "[site]\nnavigation = [{ label = \"x\", href = \"javascript:alert(1)\" }]\n";
    let error = settings_from(toml).unwrap_err();
    assert!(error.contains("site.navigation"), "{error}");
}

#[test]
fn a_short_configured_secret_is_refused() {
    let error = settings_from("[auth]\nsecret = \"too-short\"\n").unwrap_err();
    assert!(error.contains("auth.secret"), "{error}");
    assert!(error.contains("at least 32 bytes"), "{error}");
    settings_from(&format!("[auth]\nsecret = \"{}\"\n", "k".repeat(32)))
        .expect("32 bytes is enough");
}

#[test]
fn a_generated_secret_is_private_and_kept_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::default();
    settings.auth.secret_file = dir.path().join("keys/jwt-secret");

    let first = secret::load_or_create(&settings.auth).unwrap();
    assert!(first.as_bytes().len() >= 32);
    let mode = std::fs::metadata(&settings.auth.secret_file)
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);

    let second = secret::load_or_create(&settings.auth).unwrap();
    assert_eq!(
        first.as_bytes(),
        second.as_bytes(),
        "the same secret after a restart"
    );
    assert!(!format!("{first:?}").contains(std::str::from_utf8(first.as_bytes()).unwrap()));
}

#[test]
fn a_secret_file_others_can_read_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = Settings::default();
    settings.auth.secret_file = dir.path().join("jwt-secret");
    std::fs::write(&settings.auth.secret_file, "x".repeat(64)).unwrap();
    std::fs::set_permissions(&settings.auth.secret_file, PermissionsExt::from_mode(0o644)).unwrap();
    let error = secret::load_or_create(&settings.auth).unwrap_err();
    assert!(matches!(error, SecretError::Exposed { .. }), "{error}");
    assert!(error.to_string().contains("chmod 600"), "{error}");
}

#[test]
fn redis_and_rotation_settings_are_checked_at_start_up() {
    let error = settings_from("[sessions]\nstore = \"redis\"\n").unwrap_err();
    assert!(
        error.contains("sessions.store") && error.contains("redis.url"),
        "{error}"
    );
    let error = settings_from("[redis]\nurl = \"localhost:6379\"\n").unwrap_err();
    assert!(error.contains("redis.url"), "{error}");
    let error = settings_from("[auth]\nprevious_secret = \"short\"\n").unwrap_err();
    assert!(error.contains("auth.previous_secret"), "{error}");
    let settings = settings_from(
        "[redis]\nurl = \"redis://127.0.0.1:6379/0\"\n[sessions]\nstore = \"redis\"\n",
    )
    .unwrap();
    assert_eq!(settings.redis.key_prefix, "blog");
}
