//! Recovery codes: ten single-use codes shown once when a second factor is turned on (or
//! asked for again), for the day the phone is lost. Each holds 80 random bits, so a SHA-256
//! digest is safe to keep (as with refresh tokens) and checking one costs no password hash.

use sha2::{Digest, Sha256};

/// How many a set holds.
pub const SET_SIZE: usize = 10;

/// Digits and letters nobody misreads (no 1, i, l or o), 32 of them: 5 bits a character.
const ALPHABET: &[u8; 32] = b"023456789abcdefghjkmnpqrstuvwxyz";

/// A new set of codes, each as shown: four groups of four (`7hq2-…`).
pub fn new_set() -> Vec<String> {
    (0..SET_SIZE).map(|_| new_code()).collect()
}

fn new_code() -> String {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    let characters: Vec<char> = bytes
        .iter()
        .map(|byte| char::from(ALPHABET[usize::from(byte & 31)]))
        .collect();
    characters
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Whether `typed` looks like a recovery code rather than an app's six digits.
pub fn looks_like_one(typed: &str) -> bool {
    normalized(typed).len() == 16
}

/// The digest kept for a code, however it was typed (any case, with or without dashes and
/// spaces).
pub fn digest(typed: &str) -> String {
    hex::encode(Sha256::digest(normalized(typed).as_bytes()))
}

fn normalized(typed: &str) -> String {
    typed
        .chars()
        .filter(|character| !matches!(character, '-' | ' ' | '\t'))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_read_back_however_it_is_typed() {
        let set = new_set();
        assert_eq!(set.len(), SET_SIZE);
        let code = &set[0];
        assert_eq!(code.len(), 19, "{code}");
        assert!(looks_like_one(code));
        assert_eq!(digest(code), digest(&code.to_uppercase().replace('-', " ")));
        assert!(!looks_like_one("123456"));
        assert_ne!(set[0], set[1]);
    }
}
