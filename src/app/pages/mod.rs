//! One module per page.

mod home;
mod not_found;

pub use home::HomePage;
pub use not_found::NotFoundPage;
