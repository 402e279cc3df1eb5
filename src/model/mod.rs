//! Serializable types shared by the UI, the server functions and the REST API.

mod email;
mod error;
mod media;
mod members;
mod moderation;
mod post;
mod revision;
mod role;
pub mod routes;
mod search;
mod second_factor;
mod site;
mod theme;
mod user;
pub mod wire;

pub use email::{EmailStatus, NewsletterReport, Notices, OutboxMessage, OutboxPage};
pub use error::AppError;
pub use media::{MediaItem, MediaPage, MediaUse, Upload, variant_url};
pub use members::{
    MEMBER_SEARCH_MAX_CHARS, MEMBERS_PER_PAGE, Member, MemberFilter, MemberPage, MemberQuery,
    MemberSort, TheirPosts,
};
pub use moderation::{
    BannedAccount, HoldReason, ModerationQueue, QueueKind, QueuedComment, Verdict,
    WAITING_COUNT_CAP,
};
pub use post::{
    Comment, CommentPage, DeletedPost, FavoriteState, Heading, Moment, PageLink, Post, PostDraft,
    PostKind, PostLink, PostNeighbours, PostPage, PostStatus, PostSummary, Profile, Publication,
    TagCount, WORDS_PER_MINUTE, reading_minutes,
};
pub use revision::{
    DiffLine, LineChange, RevisionChanges, RevisionDiff, RevisionKind, RevisionPage,
    RevisionSummary, TextChange,
};
pub use role::{Action, Role};
pub use search::{SearchHit, SearchResults, TextPart};
pub use second_factor::{
    SecondFactorChallenge, SecondFactorSettings, SignInMethod, SignInStep, TotpSetup,
};
pub use site::{
    CodeTheme, CommentPolicy, Logo, NavLink, Registration, SettingKey, SettingSource, SiteInfo,
    SiteSettings, SiteSettingsChange, SiteSettingsPage,
};
pub use theme::{THEME_BOOT_SCRIPT, Theme};
pub use user::{
    AuditEntry, AuditPage, Device, Invitation, NewInvitation, SetupLinkRefusal, SignedIn, User,
};
