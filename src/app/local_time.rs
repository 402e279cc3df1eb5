//! Times in the author's own time zone, the browser's, for the pages only the browser draws
//! (the editor's schedule and history, the drafts list): a `datetime-local` field holds a
//! wall-clock time there, the server keeps the moment (Unix milliseconds), and it is shown
//! back as a date and time in that zone with the zone's name. Reader pages, rendered on the
//! server, keep their dates in UTC; only the browser build does the work here.

use crate::i18n::Locale;

/// `YYYY-MM-DDTHH:MM` in the browser's time zone, as a `datetime-local` field takes it.
pub fn to_field(millis: i64) -> String {
    #[cfg(feature = "hydrate")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis as f64));
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}",
            date.get_full_year(),
            date.get_month() + 1,
            date.get_date(),
            date.get_hours(),
            date.get_minutes()
        )
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = millis;
        String::new()
    }
}

/// The moment a `datetime-local` value names in the browser's time zone.
pub fn from_field(value: &str) -> Option<i64> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    #[cfg(feature = "hydrate")]
    {
        // A date-time without an offset is read as local time (ECMAScript's rule).
        let time = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(value)).get_time();
        time.is_finite().then_some(time as i64)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        None
    }
}

/// The moment as a long date and a time in the browser's time zone, with the zone's name:
/// "3 December 2026 at 09:00 (Europe/Berlin)".
pub fn shown(millis: i64, locale: Locale) -> String {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsValue;
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"long".into());
        let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
        let date = js_sys::Date::new(&JsValue::from_f64(millis as f64));
        let text: String = date.to_locale_string(intl_tag(locale), &options).into();
        format!("{text} ({})", time_zone())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (millis, locale);
        String::new()
    }
}

/// The language tag `Intl` formats in: the site writes English dates the British way
/// ("2 January 2031", 24-hour times), as its reader pages do.
#[cfg(feature = "hydrate")]
fn intl_tag(locale: Locale) -> &'static str {
    match crate::i18n::tag(locale) {
        "en" => "en-GB",
        other => other,
    }
}

/// The browser's time zone (`Europe/Berlin`), as the author's computer is set.
pub fn time_zone() -> String {
    #[cfg(feature = "hydrate")]
    {
        let format =
            js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
        js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into())
            .ok()
            .and_then(|zone| zone.as_string())
            .unwrap_or_else(|| "UTC".into())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        "UTC".into()
    }
}

/// Where the field starts: the top of the hour after next.
pub fn suggested(now_millis: i64) -> i64 {
    const HOUR: i64 = 60 * 60 * 1000;
    (now_millis / HOUR + 2) * HOUR
}

/// Now, by the browser's clock.
pub fn now() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0
    }
}
