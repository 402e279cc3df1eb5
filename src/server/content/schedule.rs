//! Scheduled posts go public on time without a request to trigger them: every server looks
//! for due posts once a second (one index read), and publishing claims each post with a
//! conditional update, so several servers publish it exactly once between them.

use std::time::Duration;

use super::Posts;

/// How often a server looks: the longest a scheduled post can be late.
const EVERY: Duration = Duration::from_secs(1);

/// Publishes due posts for as long as the process runs.
pub fn start(posts: Posts) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if let Err(error) = posts.publish_due().await {
                tracing::warn!(%error, "cannot publish scheduled posts");
            }
        }
    });
}
