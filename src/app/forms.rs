//! Form pieces shared by the pages: a submission that calls a server function and keeps its
//! error, a labelled field with its error beside it, and the safe return path after sign-in.

use leptos::prelude::*;

use super::{
    errors::{describe, field_message, with_label},
    session::use_session,
};
use crate::{i18n::page_locale, model::AppError};

/// A form's call to the server: pending while it runs, its error kept for the fields to show,
/// and a session that the server says is over ended (the page then asks for a sign-in).
pub struct Submission<I: 'static, O: 'static> {
    action: Action<I, Result<O, AppError>>,
    pub error: RwSignal<Option<AppError>>,
}

impl<I, O> Clone for Submission<I, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I, O> Copy for Submission<I, O> {}

impl<I, O> Submission<I, O>
where
    I: Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    /// `call` sends the input; `on_success` runs with each answer that is not an error.
    pub fn new<Fut>(
        call: impl Fn(I) -> Fut + Send + Sync + 'static,
        on_success: impl Fn(O) + 'static,
    ) -> Self
    where
        Fut: Future<Output = Result<O, AppError>> + Send + 'static,
    {
        let session = use_session();
        let action = Action::new(move |input: &I| call(input.clone()));
        let error = RwSignal::new(None);
        Effect::new(move || match action.value().get() {
            Some(Ok(answer)) => on_success(answer),
            Some(Err(failure)) => {
                session.check(&failure);
                error.set(Some(failure));
            }
            None => {}
        });
        Self { action, error }
    }

    /// Sends `input`, forgetting the previous error; ignored while a call is under way.
    pub fn submit(&self, input: I) {
        if self.action.pending().get_untracked() {
            return;
        }
        self.error.set(None);
        self.action.dispatch(input);
    }

    pub fn pending(&self) -> Memo<bool> {
        self.action.pending()
    }
}

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
    /// The element id, when two forms on a page have a field of the same name.
    #[prop(optional)]
    id: Option<&'static str>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let locale = page_locale();
    let message = move || {
        error
            .get()
            .and_then(|error| field_message(&error, name, locale))
    };
    let id = id.unwrap_or(name);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described_by = match hint {
        Some(_) => format!("{hint_id} {error_id}"),
        None => error_id.clone(),
    };
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                bind:value=value
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=described_by
            />
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <p class="field-error" id=error_id role="alert">
                {move || message().map(|message| with_label(label, &message, locale))}
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
    let locale = page_locale();
    let message = move || {
        error
            .get()
            .filter(|error| fields.iter().all(|field| error.for_field(field).is_none()))
            .map(|error| describe(&error, locale))
    };
    view! { <p class="form-error" role="alert">{message}</p> }
}

/// What went wrong, where the content or the answer would have been. Rendered on the
/// server, the page answers with the error's status (a page that cannot be shown is not a
/// 200).
#[component]
pub fn ErrorMessage(
    error: AppError,
    /// Within a line (beside a button) rather than a paragraph of its own.
    #[prop(optional)]
    inline: bool,
) -> impl IntoView {
    answer_with_status_of(&error);
    view! { <Alert message=describe(&error, page_locale()) inline /> }
}

/// Rendered on the server, the page answers with `error`'s status; in the browser, nothing.
pub fn answer_with_status_of(error: &AppError) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(error.status()),
    ) {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = error;
}

/// A message that something failed, announced to screen readers.
#[component]
pub fn Alert(#[prop(into)] message: String, #[prop(optional)] inline: bool) -> impl IntoView {
    if inline {
        view! { <span class="form-error" role="alert">{message}</span> }.into_any()
    } else {
        view! { <p class="form-error" role="alert">{message}</p> }.into_any()
    }
}

/// Where to go after signing in: the `next` the sign-in page was given if it is a path on this
/// site, else the home page (never another site: that would be an open redirect).
pub fn safe_next(next: Option<String>) -> String {
    next.filter(|path| crate::model::routes::is_local_path(path))
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
