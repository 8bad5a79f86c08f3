//! Where a known name can start: the starts of words whose first three bytes begin some name.
//! The gazetteer scan runs its automaton, anchored, only there: most words (lower-case ones
//! above all) are ruled out by one table lookup, and no match is ever looked for inside a word.

/// The first three bytes of names, each folded to seven bits (exact for ASCII), as a bit set
/// over all 2^21 keys (256 KB). Folding only ever lets more through, never fewer.
#[derive(Clone, Debug)]
pub struct Starts {
    keys: Box<[u64]>,
}

/// The key of three bytes.
fn key(first: u8, second: u8, third: u8) -> usize {
    usize::from(first & 0x7f) << 14 | usize::from(second & 0x7f) << 7 | usize::from(third & 0x7f)
}

impl Starts {
    /// The keys of `names`; a name shorter than three bytes allows any byte after it.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut keys = vec![0u64; (1 << 21) / 64].into_boxed_slice();
        let mut set = |k: usize| keys[k / 64] |= 1 << (k % 64);
        for name in names {
            match *name.as_bytes() {
                [] => {}
                [a] => (0..128).for_each(|b| (0..128).for_each(|c| set(key(a, b, c)))),
                [a, b] => (0..128).for_each(|c| set(key(a, b, c))),
                [a, b, c, ..] => set(key(a, b, c)),
            }
        }
        Self { keys }
    }

    /// True when a name may start at byte `at` of `bytes` (judging by its first three bytes).
    pub fn may_start(&self, bytes: &[u8], at: usize) -> bool {
        let byte = |i: usize| bytes.get(at + i).copied().unwrap_or(0);
        let k = key(byte(0), byte(1), byte(2));
        self.keys[k / 64] & (1 << (k % 64)) != 0
    }
}

/// The start of the next word after byte `at` (a character boundary): the first position
/// after it whose previous character is neither a letter nor a digit (the end of the first
/// such character from `at` on), or the end of the text.
pub fn next_word_start(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut p = at;
    while p < bytes.len() {
        let byte = bytes[p];
        if byte.is_ascii() {
            if !byte.is_ascii_alphanumeric() {
                return p + 1;
            }
            p += 1;
        } else {
            let c = text[p..].chars().next().unwrap_or(' ');
            if !c.is_alphanumeric() {
                return p + c.len_utf8();
            }
            p += c.len_utf8();
        }
    }
    bytes.len()
}

/// True when the character before `at` (a character boundary) is neither a letter nor a digit.
pub fn starts_word(text: &str, at: usize) -> bool {
    !text[..at].chars().next_back().is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_three_bytes_of_a_name_pass() {
        let starts = Starts::new(["China", "oil", "US", "X", "São Paulo"]);
        assert!(starts.may_start(b"Chinese", 0));
        assert!(starts.may_start(b"oily", 0));
        assert!(starts.may_start(b"USA", 0), "a short name passes whatever follows");
        assert!(starts.may_start(b"US", 0));
        assert!(starts.may_start(b"Xi", 0));
        assert!(starts.may_start("São".as_bytes(), 0));
        assert!(!starts.may_start(b"copper", 0));
        assert!(!starts.may_start(b"Chad", 0));
        assert!(!starts.may_start(b"oak", 0));
    }

    #[test]
    fn word_starts_skip_letters_and_digits_only() {
        let text = "U.S.-China talks, día 2 — Brasília";
        let mut at = 0;
        let mut words = vec![];
        while at < text.len() {
            if starts_word(text, at) && text[at..].starts_with(char::is_alphanumeric) {
                words.push(&text[at..]);
            }
            at = next_word_start(text, at);
        }
        let firsts: Vec<char> = words.iter().map(|w| w.chars().next().unwrap()).collect();
        assert_eq!(firsts, ['U', 'S', 'C', 't', 'd', '2', 'B']);
    }
}
