//! Who may do what. The table is plain data so the UI can leave out what would be refused
//! (a contributor sees no Publish button); the domain enforces it on every change.

use serde::{Deserialize, Serialize};

/// An account's part in the blog, from most to least trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything, including who has which role.
    Admin,
    /// Publishes and edits anyone's posts and moderates comments.
    Editor,
    /// Writes and publishes their own posts.
    Author,
    /// Writes drafts that an editor publishes.
    Contributor,
}

/// Something an account may be allowed to do. "Own" is a post the account wrote; a comment
/// anyone may write and its writer may delete, whatever the role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    /// Start a post and edit or delete it while it is a draft that was never published.
    WriteDrafts,
    /// Publish, unpublish or schedule one's own posts, and edit or delete them once published.
    PublishOwn,
    /// See, edit and delete anyone's posts, drafts included.
    EditOthers,
    /// Publish, unpublish or schedule anyone's posts.
    PublishOthers,
    /// Delete anyone's comments (a post's author may always delete those under it).
    ModerateComments,
    /// Upload images and files.
    Upload,
    /// Change accounts' roles.
    ManageRoles,
    /// Change the site's settings (title, navigation, registration).
    ManageSite,
}

impl Action {
    pub const ALL: [Action; 8] = [
        Action::WriteDrafts,
        Action::PublishOwn,
        Action::EditOthers,
        Action::PublishOthers,
        Action::ModerateComments,
        Action::Upload,
        Action::ManageRoles,
        Action::ManageSite,
    ];
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Editor, Role::Author, Role::Contributor];

    /// The one table of permissions.
    pub fn may(self, action: Action) -> bool {
        use Action::*;
        match self {
            Role::Admin => true,
            Role::Editor => !matches!(action, ManageRoles | ManageSite),
            Role::Author => matches!(action, WriteDrafts | PublishOwn | Upload),
            Role::Contributor => matches!(action, WriteDrafts | Upload),
        }
    }

    /// The role's name as settings, the command line and the database spell it.
    pub fn name(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Author => "author",
            Role::Contributor => "contributor",
        }
    }

    /// Reads a role's name, in any case.
    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|role| role.name().eq_ignore_ascii_case(name.trim()))
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        for role in Role::ALL {
            assert_eq!(Role::parse(&role.name().to_uppercase()), Some(role));
        }
        assert_eq!(Role::parse("owner"), None);
    }

    #[test]
    fn each_role_may_at_most_what_the_one_above_may() {
        for pair in Role::ALL.windows(2) {
            for action in Action::ALL {
                assert!(
                    !pair[1].may(action) || pair[0].may(action),
                    "{} may {action:?} but {} may not",
                    pair[1],
                    pair[0]
                );
            }
        }
    }
}
