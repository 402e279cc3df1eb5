//! Form pieces shared by the pages: a labelled field with its error beside it.

use leptos::prelude::*;

use crate::model::AppError;

/// A labelled input; `error` shows next to it and is announced to screen readers.
#[component]
pub fn Field(
    /// The `name` and `id` of the input, and the field name the server uses in its errors.
    name: &'static str,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// A line of help under the input.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// The server's name for the field when it differs from `name` (`tagList` for `tags`).
    #[prop(optional)]
    error_key: Option<&'static str>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let key = error_key.unwrap_or(name);
    let message = move || error.get().and_then(|error| error.for_field(key));
    let error_id = format!("{name}-error");
    let hint_id = format!("{name}-hint");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    view! {
        <div class="field">
            <label for=name>{label}</label>
            <input
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                bind:value=value
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=described_by
            />
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <p class="field-error" id=error_id role="alert">
                {move || message().map(|message| format!("{label} {message}"))}
            </p>
        </div>
    }
}

/// An error that belongs to no field (wrong password, server trouble), shown above the button.
#[component]
pub fn FormError(
    #[prop(into)] error: Signal<Option<AppError>>,
    /// Fields that show their own errors.
    fields: &'static [&'static str],
) -> impl IntoView {
    let message = move || {
        error
            .get()
            .filter(|error| fields.iter().all(|field| error.for_field(field).is_none()))
            .map(|error| error.to_string())
    };
    view! { <p class="form-error" role="alert">{message}</p> }
}

/// Where to go after signing in: the `next` the sign-in page was given if it is a path on this
/// site, else the home page (never another site: that would be an open redirect).
pub fn safe_next(next: Option<String>) -> String {
    // Browsers drop tabs and newlines from URLs and read `\` as `/`, so `/\tevil.example`
    // would become `//evil.example`: any of them, or any other control or space, is refused.
    next.filter(|path| {
        path.starts_with('/')
            && !path.starts_with("//")
            && !path
                .chars()
                .any(|c| c == '\\' || c.is_control() || c.is_whitespace())
    })
    .unwrap_or_else(|| "/".into())
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_never_leaves_the_site() {
        for elsewhere in [
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\\evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "",
        ] {
            assert_eq!(safe_next(Some(elsewhere.into())), "/", "{elsewhere:?}");
        }
        assert_eq!(safe_next(None), "/");
        assert_eq!(
            safe_next(Some("/editor/my-post?draft=1".into())),
            "/editor/my-post?draft=1"
        );
    }
}
