//! Every setting's default: a blog runs with no settings file at all.

use std::time::Duration;

use super::*;

impl Default for Settings {
    fn default() -> Self {
        Self {
            server: ServerSettings {
                address: SocketAddr::from(([127, 0, 0, 1], 3000)),
                public_url: String::new(),
                trusted_proxy_hops: 0,
                max_connections: 4096,
                header_read_timeout: Duration::from_secs(10),
                request_timeout: Duration::from_secs(30),
                max_body_bytes: 1024 * 1024,
                shutdown_grace: Duration::from_secs(10),
            },
            database: DatabaseSettings {
                url: "sqlite://data/blog.db".into(),
                max_connections: 8,
            },
            site: crate::server::site::builtin(),
            auth: AuthSettings {
                access_token_lifetime: Duration::from_secs(15 * 60),
                refresh_token_lifetime: Duration::from_secs(7 * 24 * 60 * 60),
                refresh_policy: RefreshPolicy::Rotate,
                session_max_lifetime: Duration::from_secs(30 * 24 * 60 * 60),
                refresh_reuse_grace: Duration::from_secs(30),
                clock_leeway: Duration::from_secs(5),
                recent_sign_in: Duration::from_secs(10 * 60),
                hashing_permits: 0,
                hashing_queue_wait: Duration::from_secs(2),
                secret: String::new(),
                previous_secret: String::new(),
                secret_file: "data/jwt-secret".into(),
            },
            throttle: ThrottleSettings {
                failures_per_account_and_address: 5,
                failures_per_address: 30,
                failures_per_account: 50,
                sign_ups_per_address: 50,
                reset_requests_per_address: 10,
                reset_emails_per_account: 3,
                window: Duration::from_secs(15 * 60),
                max_back_off: Duration::from_secs(15 * 60),
                max_account_back_off: Duration::from_secs(60),
            },
            limits: LimitsSettings {
                comments: WriteQuota {
                    per_minute: 6,
                    burst: 20,
                },
                posts: WriteQuota {
                    per_minute: 30,
                    burst: 60,
                },
                autosaves: WriteQuota {
                    per_minute: 30,
                    burst: 60,
                },
                uploads: WriteQuota {
                    per_minute: 10,
                    burst: 30,
                },
                reactions: WriteQuota {
                    per_minute: 60,
                    burst: 120,
                },
            },
            api: ApiSettings {
                cors_allowed_origins: Vec::new(),
                max_body_bytes: 1024 * 1024,
            },
            cache: CacheSettings {
                max_bytes: 32 * 1024 * 1024,
            },
            sessions: SessionSettings {
                store: SessionStoreKind::Database,
            },
            redis: RedisSettings {
                url: String::new(),
                key_prefix: "blog".into(),
            },
            media: MediaSettings {
                store: MediaStoreKind::Disk,
                folder: "data/media".into(),
                s3: S3Settings {
                    bucket: String::new(),
                    region: "us-east-1".into(),
                    endpoint: String::new(),
                    access_key_id: String::new(),
                    secret_access_key: String::new(),
                },
                max_upload_bytes: 10 * 1024 * 1024,
                max_pixels: 40_000_000,
                processing_permits: 0,
                processing_queue_wait: Duration::from_secs(10),
                upload_timeout: Duration::from_secs(120),
            },
            email: EmailSettings {
                smtp_url: String::new(),
                from: String::new(),
                retry_after: Duration::from_secs(30),
                give_up_after: Duration::from_secs(2 * 24 * 60 * 60),
                sends_at_once: 4,
                claim_lease: Duration::from_secs(5 * 60),
            },
        }
    }
}
