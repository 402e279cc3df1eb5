//! Which unique constraint a failed write ran into, by its name: PostgreSQL reports it, and
//! SQLite names the index in its message (`UNIQUE constraint failed: index 'users_email_key'`)
//! or, for a column constraint, the column (`UNIQUE constraint failed: posts.slug`).

/// The name of the violated unique constraint, index or column, if `error` is one.
pub fn violated_constraint(error: &sqlx::Error) -> Option<String> {
    let sqlx::Error::Database(error) = error else {
        return None;
    };
    if !error.is_unique_violation() {
        return None;
    }
    if let Some(name) = error.constraint() {
        return Some(name.to_owned());
    }
    let detail = error.message().strip_prefix("UNIQUE constraint failed: ")?;
    let name = match detail.strip_prefix("index '") {
        Some(index) => index.trim_end_matches('\''),
        None => detail.split(',').next().unwrap_or(detail).trim(),
    };
    Some(name.to_owned())
}
