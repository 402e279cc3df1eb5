//! One module per page.

mod account;
mod devices;
mod drafts;
mod editor;
mod listing;
mod not_found;
mod post;
mod signin;
mod signup;

pub use account::AccountPage;
pub use drafts::DraftsPage;
pub use editor::EditorPage;
pub use listing::{HomePage, ProfilePage, TagPage};
pub use not_found::NotFoundPage;
pub use post::PostPage;
pub use signin::SignInPage;
pub use signup::SignUpPage;
