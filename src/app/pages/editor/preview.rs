//! The preview follows the body a moment after typing stops, rendered by the server's own
//! renderer, so it shows exactly what publishing will.

use leptos::prelude::*;

use crate::{app::session::use_session, server_fns::preview};

/// How long typing must pause before the preview is asked for.
const PAUSE: std::time::Duration = std::time::Duration::from_millis(300);

/// The preview's HTML, following `body`.
pub fn follow(body: RwSignal<String>) -> RwSignal<String> {
    let session = use_session();
    let html = RwSignal::new(String::new());
    // Only the answer to the latest request is shown.
    let generation = StoredValue::new(0u64);
    Effect::new(move || {
        let text = body.get();
        let current = generation.get_value() + 1;
        generation.set_value(current);
        set_timeout(
            move || {
                if generation.get_value() != current {
                    return;
                }
                leptos::task::spawn_local(async move {
                    match preview(text).await {
                        Ok(rendered) if generation.get_value() == current => html.set(rendered),
                        Ok(_) => {}
                        Err(failure) => session.check(&failure),
                    }
                });
            },
            PAUSE,
        );
    });
    html
}
