//! The server functions: the UI's door into the server, under `/rpc`. Each parses, calls one
//! domain verb and answers; nothing else. Built for both targets: the browser gets a stub that
//! posts its arguments (through `client::AuthClient`, which carries the access token), the
//! server the body, with its helpers in `context`. Fixed paths keep them apart from the REST
//! API in `/api`.

mod account;
mod admin;
mod auth;
pub mod client;
#[cfg(feature = "ssr")]
pub mod context;
mod media;
mod moderation;
mod newsletters;
mod posts;
mod recovery;
mod revisions;
mod search;
mod second_factor;
mod setup;
mod social;

pub use account::{
    email_status, end_device_sessions, my_devices, my_notices, save_notices, send_verification,
    undo_email_change, update_account, verify_email,
};
pub use admin::{
    audit_log, delete_member, drafts_to_review, invite, list_invitations, list_members, outbox,
    reinstate_member, remove_member_second_factor, resend_message, revoke_invitation,
    save_site_settings, set_member_role, site_settings, suspend_member,
};
pub use auth::{
    change_password, current_user, login, login_second_factor, logout, refresh, register,
};
pub use media::my_uploads;
pub use moderation::{
    banned_accounts, close_comments, comment_queue, decide_comment, held_comments, lift_ban,
    waiting_comments,
};
pub use newsletters::{
    confirm_subscription, my_subscription, post_newsletter, save_my_subscription,
    subscribe_by_email, subscription_of_link,
};
pub use posts::{
    PostListQuery, add_comment, delete_comment, delete_post, get_page, get_post, get_profile,
    list_comments, list_pages, list_posts, list_tags, my_drafts, post_for_editing, posts_around,
    preview, save_post,
};
pub use recovery::{check_reset_link, request_password_reset, reset_password};
pub use revisions::{autosave_post, compare_revisions, post_revisions, restore_revision};
pub use search::search_posts;
pub use second_factor::{
    begin_totp, confirm_totp, my_second_factor, new_recovery_codes, turn_off_second_factor,
};
pub use setup::{check_setup_link, claim_site};
pub use social::{favorite_post, follow_author, following_feed, my_favorites};
