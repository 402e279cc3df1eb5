//! Counting a post's words for its reading time.

/// Words as a reader meets them: runs of letters or digits between spaces, and, in scripts
/// written without spaces, characters, two to a word.
#[derive(Default)]
pub struct WordCount {
    words: i64,
    unspaced_characters: i64,
}

impl WordCount {
    pub fn add(&mut self, text: &str) {
        let mut in_word = false;
        for c in text.chars() {
            if is_unspaced_script(c) {
                self.unspaced_characters += 1;
                in_word = false;
            } else if c.is_whitespace() {
                in_word = false;
            } else if c.is_alphanumeric() && !in_word {
                self.words += 1;
                in_word = true;
            }
        }
    }

    pub fn total(&self) -> i64 {
        self.words + (self.unspaced_characters + 1) / 2
    }
}

/// Han ideographs (Chinese, and kanji), hiragana and katakana: scripts that put no spaces
/// between words. Korean does, and is counted by its words.
fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'     // hiragana, katakana
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'   // compatibility ideographs
        | '\u{20000}'..='\u{3134F}' // extensions B to G
    )
}
