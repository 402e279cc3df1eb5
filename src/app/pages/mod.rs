//! One module per page.

mod account;
mod admin;
mod admin_tabs;
mod audit;
mod devices;
mod drafts;
mod editor;
mod following;
mod listing;
mod media;
mod members;
mod moderation;
mod not_found;
mod post;
mod search;
mod setup;
mod signin;
mod signup;
mod site_settings;

pub use account::AccountPage;
pub use admin::AdminPage;
pub use audit::AuditPage;
pub use drafts::DraftsPage;
pub use editor::EditorPage;
pub use following::FollowingPage;
pub use listing::{HomePage, ProfileFavoritesPage, ProfilePage, TagPage};
pub use media::MediaLibraryPage;
pub use moderation::{ModerationPage, hold_reason as moderation_reason};
pub use not_found::NotFoundPage;
pub use post::PostPage;
pub use search::SearchPage;
pub use setup::SetupPage;
pub use signin::SignInPage;
pub use signup::SignUpPage;
pub use site_settings::SiteSettingsPage;
