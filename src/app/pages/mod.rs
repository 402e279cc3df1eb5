//! One module per page.

mod account;
mod home;
mod not_found;
mod signin;
mod signup;

pub use account::AccountPage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
pub use signin::SignInPage;
pub use signup::SignUpPage;
