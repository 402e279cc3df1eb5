//! Generates the `i18n` module (the `Locale` enum and the translation keys) from `locales/`:
//! every `<language>.json` there is a language of the UI, English the default and the
//! fallback, so adding a language is adding one file.

use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

const DEFAULT_LOCALE: &str = "en";

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=locales");
    let mut others: Vec<String> = std::fs::read_dir("locales")
        .expect("the locales folder")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            if path.extension()? != "json" {
                return None;
            }
            path.file_stem()?.to_str().map(str::to_owned)
        })
        .filter(|locale| locale != DEFAULT_LOCALE)
        .collect();
    others.sort();
    let config = Config::new(DEFAULT_LOCALE)
        .and_then(|config| config.add_locales(others))
        .expect("locale names")
        .parse_options(ParseOptions::new().interpolate_display(true));
    let translations = TranslationsInfos::parse(config).expect("the locale files");
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("i18n");
    translations
        .generate_i18n_module(out)
        .expect("the i18n module");
}
