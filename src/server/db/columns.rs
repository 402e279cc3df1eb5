//! Enums as the database stores them: a status or a role is written and read as its name,
//! and a name the code does not know is an error rather than a silent default.

use sqlx::{
    Any, Database, Decode, Encode, Type, any::AnyTypeInfo, encode::IsNull, error::BoxDynError,
};

use crate::model::{PostKind, PostStatus, RevisionKind, Role};

/// Text-column codecs for an enum whose variants map one-to-one onto names.
macro_rules! text_column {
    ($type:ty { $($variant:path => $name:literal),+ $(,)? }) => {
        impl $type {
            /// The name the database stores.
            pub fn column_name(self) -> &'static str {
                match self {
                    $($variant => $name),+
                }
            }
        }

        impl Type<Any> for $type {
            fn type_info() -> AnyTypeInfo {
                <str as Type<Any>>::type_info()
            }
        }

        impl<'q> Encode<'q, Any> for $type {
            fn encode_by_ref(
                &self,
                buf: &mut <Any as Database>::ArgumentBuffer,
            ) -> Result<IsNull, BoxDynError> {
                <&str as Encode<Any>>::encode(self.column_name(), buf)
            }
        }

        impl<'r> Decode<'r, Any> for $type {
            fn decode(value: <Any as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
                match <&str as Decode<Any>>::decode(value)? {
                    $($name => Ok($variant),)+
                    other => Err(format!(
                        "unknown {} {other:?} in the database",
                        stringify!($type)
                    )
                    .into()),
                }
            }
        }
    };
}

text_column!(PostStatus {
    PostStatus::Draft => "draft",
    PostStatus::Published => "published",
});

text_column!(PostKind {
    PostKind::Post => "post",
    PostKind::Page => "page",
});

text_column!(Role {
    Role::Admin => "admin",
    Role::Editor => "editor",
    Role::Author => "author",
    Role::Contributor => "contributor",
});

text_column!(RevisionKind {
    RevisionKind::Save => "save",
    RevisionKind::Autosave => "autosave",
    RevisionKind::Restore => "restore",
    RevisionKind::Import => "import",
    RevisionKind::Scheduled => "scheduled",
});
