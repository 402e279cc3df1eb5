//! A page's bodies in each encoding, and its validator: computed once, when the page is
//! kept, off the async workers (brotli at a high quality takes milliseconds).

use std::io::Write;

use axum::body::Bytes;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};

/// brotli quality: within a few per cent of the smallest output (10 and 11 are several times
/// slower), at a cost paid once per change to the page.
const BROTLI_QUALITY: u32 = 8;
const BROTLI_WINDOW: u32 = 22;

pub struct Encoded {
    pub brotli: Bytes,
    pub gzip: Bytes,
    pub etag: String,
}

pub async fn encode(body: Bytes) -> Encoded {
    tokio::task::spawn_blocking(move || encode_now(&body))
        .await
        .expect("encoding a page does not panic")
}

fn encode_now(body: &[u8]) -> Encoded {
    let mut brotli = Vec::with_capacity(body.len() / 4);
    {
        let mut writer =
            brotli::CompressorWriter::new(&mut brotli, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
        writer.write_all(body).expect("writing to memory");
    }
    let mut gzip = flate2::write::GzEncoder::new(
        Vec::with_capacity(body.len() / 3),
        flate2::Compression::best(),
    );
    gzip.write_all(body).expect("writing to memory");
    let gzip = gzip.finish().expect("writing to memory");
    let digest = Sha256::digest(body);
    Encoded {
        brotli: brotli.into(),
        gzip: gzip.into(),
        etag: format!("\"{}\"", URL_SAFE_NO_PAD.encode(&digest[..16])),
    }
}
