//! Where words start, and where a known name can: the starts of words whose first three
//! bytes begin some name. The gazetteer scan runs its automaton, anchored, only
//! there: most words (lower-case ones above all) are ruled out by one table lookup, and no
//! match is ever looked for inside a word.

/// Where a name may start: the first three bytes of names, each as its class (every ASCII
/// letter and digit its own; other ASCII bytes one class, non-ASCII bytes another), as a bit
/// set over all 2^18 keys (32 KB), which rules out most words with one lookup. It only ever
/// lets more through, never fewer.
#[derive(Clone, Debug)]
pub struct Starts {
    keys: Box<[u64]>,
}

/// The class of a byte, in six bits: each ASCII letter and digit its own (small letters
/// first, then [`CAPITALS`], then [`DIGITS`]), every other ASCII byte one class, every
/// non-ASCII byte another.
static CLASS: [u8; 256] = {
    let mut classes = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        classes[b] = if byte.is_ascii_lowercase() {
            byte - b'a'
        } else if byte.is_ascii_uppercase() {
            CAPITALS.start + byte - b'A'
        } else if byte.is_ascii_digit() {
            DIGITS.start + byte - b'0'
        } else if byte.is_ascii() {
            DIGITS.end
        } else {
            DIGITS.end + 1
        };
        b += 1;
    }
    classes
};

/// The classes of the ASCII capitals.
pub const CAPITALS: std::ops::Range<u8> = 26..52;
/// The classes of the ASCII digits; below them, letters; from their end on, all but ASCII
/// letters and digits.
pub const DIGITS: std::ops::Range<u8> = 52..62;

/// The class of `byte` (see [`CLASS`]).
pub fn class(byte: u8) -> u8 {
    CLASS[usize::from(byte)]
}

/// The key of three bytes: their classes.
fn key(first: u8, second: u8, third: u8) -> usize {
    let key = |b: u8| usize::from(class(b));
    key(first) << 12 | key(second) << 6 | key(third)
}

/// Bytes `start..end` of `text`, at most 16 of them, as one number (little-endian, the rest
/// zero): read as the 16 bytes from `start` on with those past `end` cleared when the text
/// holds them, so that nothing is copied. A word holds no zero byte, so the padding cannot
/// make two words one. `None` for more than 16 bytes.
pub fn sixteen_bytes(text: &[u8], start: usize, end: usize) -> Option<u128> {
    let len = end - start;
    if len > 16 {
        return None;
    }
    Some(if let Some(sixteen) = text.get(start..start + 16) {
        let cut = u128::MAX.checked_shr(8 * (16 - len) as u32).unwrap_or(0);
        u128::from_le_bytes(sixteen.try_into().unwrap_or_default()) & cut
    } else {
        let mut bytes = [0u8; 16];
        bytes[..len].copy_from_slice(&text[start..end]);
        u128::from_le_bytes(bytes)
    })
}

/// True when bit `k` of `bits` is set.
fn has(bits: &[u64], k: usize) -> bool {
    bits[k / 64] & (1 << (k % 64)) != 0
}

impl Starts {
    /// The keys of `names`; a name shorter than three bytes allows any byte after it.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut keys = vec![0u64; (1 << 18) / 64].into_boxed_slice();
        let mut set = |k: usize| keys[k / 64] |= 1 << (k % 64);
        for name in names {
            // A name ends a word: what follows a short one is no ASCII letter or digit.
            let after_a_name = [b' ', 0x80];
            match *name.as_bytes() {
                [] => {}
                [a] => after_a_name.into_iter().for_each(|b| (0..=255).for_each(|c| set(key(a, b, c)))),
                [a, b] => after_a_name.into_iter().for_each(|c| set(key(a, b, c))),
                [a, b, c, ..] => set(key(a, b, c)),
            }
        }
        Self { keys }
    }

    /// True when a name may start at byte `at` of `bytes`, the start of a word.
    pub fn may_start(&self, bytes: &[u8], at: usize) -> bool {
        let byte = |i: usize| bytes.get(at + i).copied().unwrap_or(0);
        has(&self.keys, key(byte(0), byte(1), byte(2)))
    }
}

/// The positions where a word may start, 64 bytes at a time: a few bit operations per block
/// (on [`TextBits`] worked out once per text) pass over the lower-case text that makes most of
/// an article.
///
/// Every position whose character starts a word (a letter or digit after neither) and is one
/// the search asks for (any letter or digit, or capitals only) is yielded, in order. Where a
/// non-ASCII character is involved, the bits can only tell "maybe": the caller checks those
/// positions (see [`Candidates::is_exact`]).
#[derive(Clone, Debug)]
pub struct Candidates<'a> {
    bytes: &'a [u8],
    capitals_only: bool,
    bits: &'a TextBits,
    /// Where `bytes` starts in the text `bits` describe.
    base: usize,
    /// Where the current block starts.
    block: usize,
    /// The current block's positions not yet yielded.
    pending: u64,
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `word` set when that byte is ASCII and within `lo..=hi`.
fn in_range(word: u64, lo: u8, hi: u8) -> u64 {
    let low7 = word & !HIGHS;
    // No byte carries into the next: each is at most 0x7f + 0x80.
    let at_least_lo = low7 + ONES * u64::from(0x80 - lo);
    let above_hi = low7 + ONES * u64::from(0x7f - hi);
    at_least_lo & !above_hi & !word & HIGHS
}

/// The high bits of the eight bytes of `highs`, as the low eight bits.
fn gather(highs: u64) -> u64 {
    ((highs >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// What the bytes of a text are, one bit per byte, 64 bytes to a block: worked out once per
/// text, eight bytes per word-sized step, and read by every pass over it.
#[derive(Clone, Debug, Default)]
pub struct TextBits {
    /// Per block: [`NON_ASCII`], [`WORD_STARTS`], [`CAPITAL_STARTS`], [`WORD_CANDIDATES`],
    /// [`CAPITAL_CANDIDATES`].
    blocks: Vec<[u64; KINDS]>,
}

/// How many kinds of bits a block holds.
const KINDS: usize = 5;

/// Bytes of non-ASCII characters.
const NON_ASCII: usize = 0;
/// ASCII letters and digits, and the first bytes of non-ASCII characters.
const WORD_STARTS: usize = 1;
/// ASCII capitals, and the first bytes of non-ASCII characters.
const CAPITAL_STARTS: usize = 2;
/// The [`WORD_STARTS`] that may start a word: after no letter or digit, as far as the bits
/// tell (next to a non-ASCII character, a caller checks; see [`Candidates`]).
const WORD_CANDIDATES: usize = 3;
/// The same for [`CAPITAL_STARTS`].
const CAPITAL_CANDIDATES: usize = 4;

impl TextBits {
    /// The bits of `text`.
    pub fn of(text: &str) -> Self {
        let chunks = text.as_bytes().chunks_exact(64);
        let mut last = [0u8; 64];
        last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        let last = (!chunks.remainder().is_empty()).then_some(&last);
        // (`chunks_exact` gives 64 bytes: the zeros are never used.)
        let mut blocks: Vec<[u64; KINDS]> =
            chunks.map(|chunk| chunk.try_into().unwrap_or(&[0; 64])).chain(last).map(block_of).collect();
        // Whether the byte before each block is part of a word, and non-ASCII (the text's
        // first byte has a space before it).
        let (mut wordish_last, mut non_ascii_last) = (0, 0);
        for block in &mut blocks {
            let non_ascii = block[NON_ASCII];
            // Letters, digits and every byte of a non-ASCII character.
            let wordish = block[WORD_STARTS] | non_ascii;
            let wordish_before = wordish << 1 | wordish_last;
            let non_ascii_before = non_ascii << 1 | non_ascii_last;
            let may_start = !wordish_before | non_ascii_before;
            block[WORD_CANDIDATES] = block[WORD_STARTS] & may_start;
            block[CAPITAL_CANDIDATES] = block[CAPITAL_STARTS] & may_start;
            (wordish_last, non_ascii_last) = (wordish >> 63, non_ascii >> 63);
        }
        Self { blocks }
    }

    /// How many ASCII letters and digits stand from byte `at` on.
    pub fn ascii_word_len(&self, at: usize) -> usize {
        let mut len = 0;
        loop {
            let ascii_alphanumeric = self.window(WORD_STARTS, at + len) & !self.window(NON_ASCII, at + len);
            let ones = ascii_alphanumeric.trailing_ones() as usize;
            len += ones;
            if ones < 64 {
                return len;
            }
        }
    }

    /// The 64 bits of one kind from byte `at` on (zero past the end).
    fn window(&self, kind: usize, at: usize) -> u64 {
        let word = |i: usize| self.blocks.get(i).map_or(0, |b| b[kind]);
        let (i, shift) = (at / 64, at % 64);
        if shift == 0 { word(i) } else { word(i) >> shift | word(i + 1) << (64 - shift) }
    }
}

/// The bits of 64 bytes, eight at a time.
fn block_of(bytes: &[u8; 64]) -> [u64; KINDS] {
    let words: [u64; 8] =
        std::array::from_fn(|i| u64::from_le_bytes(bytes[8 * i..8 * i + 8].try_into().unwrap_or_default()));
    let mut block = [0u64; KINDS];
    if words.iter().fold(0, |all, word| all | word) & HIGHS == 0 {
        // All ASCII (most blocks of most texts): no lead bytes to add.
        for (i, &word) in words.iter().enumerate() {
            let letter = in_range(word | (ONES * 0x20), b'a', b'z');
            block[WORD_STARTS] |= gather(letter | in_range(word, b'0', b'9')) << (8 * i);
            block[CAPITAL_STARTS] |= gather(letter & !(word << 2)) << (8 * i);
        }
        return block;
    }
    for (i, &word) in words.iter().enumerate() {
        // Setting 0x20 folds capitals onto small letters; a capital is a letter without it.
        let letter = in_range(word | (ONES * 0x20), b'a', b'z');
        let upper = letter & !(word << 2);
        let alphanumeric = letter | in_range(word, b'0', b'9');
        let high = word & HIGHS;
        // A lead byte is 11xxxxxx.
        let lead = high & (word << 1);
        block[NON_ASCII] |= gather(high) << (8 * i);
        block[WORD_STARTS] |= gather(alphanumeric | lead) << (8 * i);
        block[CAPITAL_STARTS] |= gather(upper | lead) << (8 * i);
    }
    block
}

impl<'a> Candidates<'a> {
    /// The starts of words in `text`, which starts at byte `base` of the text `bits` describe.
    pub fn words(text: &'a str, bits: &'a TextBits, base: usize) -> Self {
        Self::new(text, bits, base, false)
    }

    /// The starts of words that begin with a capital letter (or any non-ASCII character).
    pub fn capitals(text: &'a str, bits: &'a TextBits, base: usize) -> Self {
        Self::new(text, bits, base, true)
    }

    fn new(text: &'a str, bits: &'a TextBits, base: usize, capitals_only: bool) -> Self {
        let mut candidates = Self { bytes: text.as_bytes(), capitals_only, bits, base, block: 0, pending: 0 };
        candidates.load(0);
        candidates
    }

    /// Moves to the block at `block` and works out its candidates.
    fn load(&mut self, block: usize) {
        self.block = block;
        let Some(left) = self.bytes.len().checked_sub(block).filter(|&n| n > 0) else {
            self.pending = 0;
            return;
        };
        let at = self.base + block;
        let (wanted, candidates) =
            if self.capitals_only { (CAPITAL_STARTS, CAPITAL_CANDIDATES) } else { (WORD_STARTS, WORD_CANDIDATES) };
        // The text may go on past `bytes`: what is there is not wanted.
        let inside = if left >= 64 { u64::MAX } else { (1 << left) - 1 };
        // Nothing stands before `bytes` in it: its first byte starts a word if wanted at all.
        let first = if block == 0 { self.bits.window(wanted, at) & 1 } else { 0 };
        self.pending = (self.bits.window(candidates, at) | first) & inside;
    }

    /// Yields nothing before `at` from now on.
    pub fn skip_to(&mut self, at: usize) {
        let block = at - at % 64;
        if block != self.block {
            self.load(block);
        }
        self.pending &= u64::MAX << (at - block);
    }

    /// True when the byte at `at` and the one before it are ASCII: a yielded position is then
    /// surely a word start, of an ASCII letter or digit (a capital, if capitals were asked for).
    pub fn is_exact(&self, at: usize) -> bool {
        self.bytes[at].is_ascii() && at.checked_sub(1).is_none_or(|i| self.bytes[i].is_ascii())
    }
}

impl Iterator for Candidates<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.pending == 0 {
            if self.block + 64 >= self.bytes.len() {
                return None;
            }
            self.load(self.block + 64);
        }
        let bit = self.pending.trailing_zeros() as usize;
        self.pending &= self.pending - 1;
        Some(self.block + bit)
    }
}

/// True when the character before `at` (a character boundary) is neither a letter nor a digit.
pub fn starts_word(text: &str, at: usize) -> bool {
    !text[..at].chars().next_back().is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_words_that_share_three_bytes_with_a_name_pass() {
        let starts = Starts::new(["China", "oil", "US", "X", "São Paulo", "U.S.", "The Hague"]);
        for word in ["China's", "oil", "US", "X", "São", "U.S.-China", "The", "X-ray"] {
            assert!(starts.may_start(word.as_bytes(), 0), "{word}");
        }
        // (Words that share three bytes with a name pass: the automaton rules them out.)
        for word in ["USA", "Xi", "copper", "Chad", "Sao", "Thy"] {
            assert!(!starts.may_start(word.as_bytes(), 0), "{word}");
        }
        assert!(starts.may_start(b"in China", 3));
    }

    /// The word starts a caller of [`Candidates`] keeps: the yielded positions, checked
    /// where the bits could not tell.
    fn kept(text: &str, capitals: bool) -> Vec<usize> {
        let bits = TextBits::of(text);
        let candidates =
            if capitals { Candidates::capitals(text, &bits, 0) } else { Candidates::words(text, &bits, 0) };
        let exact = candidates.clone();
        candidates
            .filter(|&at| {
                let c = text[at..].chars().next().unwrap();
                exact.is_exact(at)
                    || (starts_word(text, at) && if capitals { c.is_uppercase() } else { c.is_alphanumeric() })
            })
            .collect()
    }

    /// Word starts by definition, one character at a time.
    fn naive(text: &str, capitals: bool) -> Vec<usize> {
        text.char_indices()
            .filter(|&(at, c)| starts_word(text, at) && if capitals { c.is_uppercase() } else { c.is_alphanumeric() })
            .map(|(at, _)| at)
            .collect()
    }

    #[test]
    fn word_starts_are_found_around_non_ascii_text() {
        let text = "U.S.-China talks, día 2 — Brasília, Éire";
        let firsts =
            |starts: Vec<usize>| starts.iter().map(|&at| text[at..].chars().next().unwrap()).collect::<Vec<_>>();
        assert_eq!(firsts(kept(text, false)), ['U', 'S', 'C', 't', 'd', '2', 'B', 'É']);
        assert_eq!(firsts(kept(text, true)), ['U', 'S', 'C', 'B', 'É']);
    }

    #[test]
    fn word_starts_carry_across_blocks_and_skip_forward() {
        // "Word" starts at 62 and crosses into the second block; "Glued" is no word start.
        let text = format!("{} Word and {}Glued", "x".repeat(61), "y".repeat(60));
        assert_eq!(kept(&text, true), [62]);
        assert_eq!(kept(&text, false), [0, 62, 67, 71]);
        let bits = TextBits::of(&text);
        let mut candidates = Candidates::words(&text, &bits, 0);
        candidates.skip_to(63);
        assert_eq!(candidates.next(), Some(67), "the first word start at or after 63");
        candidates.skip_to(200);
        assert_eq!(candidates.next(), None);
    }

    #[test]
    fn bytes_are_classed_eight_at_a_time() {
        let word = u64::from_le_bytes(*b"aZ0@[`z{");
        assert_eq!(gather(in_range(word, b'a', b'z')), 0b0100_0001);
        assert_eq!(gather(in_range(word, b'A', b'Z')), 0b0000_0010);
        assert_eq!(gather(in_range(word, b'0', b'9')), 0b0000_0100);
        assert_eq!(gather(in_range(u64::from_le_bytes([0xc3, 0xa9, b'a', 0, 0, 0, 0, 0]), b'a', b'z')), 0b100);
    }

    proptest::proptest! {
        #[test]
        fn a_part_read_through_the_whole_texts_bits_is_read_as_alone(
            text in "([a-zA-Z0-9 ,.'-]|é|É|—){0,300}",
            cut in 0usize..300,
            length in 0usize..200,
            capitals: bool,
        ) {
            let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let from = starts[cut.min(starts.len() - 1)];
            let to = *starts.iter().find(|&&i| i >= (from + length).min(text.len())).unwrap();
            let part = &text[from..to];
            let (whole, alone) = (TextBits::of(&text), TextBits::of(part));
            let read = |bits: &TextBits, base: usize| -> Vec<usize> {
                if capitals { Candidates::capitals(part, bits, base).collect() } else { Candidates::words(part, bits, base).collect() }
            };
            proptest::prop_assert_eq!(read(&whole, from), read(&alone, 0));
        }

        #[test]
        fn ascii_words_are_measured_as_byte_by_byte(text in "([a-zA-Z0-9 .'-]|é|—|[a-z]{60,70}){0,12}") {
            let bits = TextBits::of(&text);
            for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let by_bytes = text.as_bytes()[at..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
                proptest::prop_assert_eq!(bits.ascii_word_len(at), by_bytes, "at {}", at);
            }
        }

        #[test]
        fn every_word_start_is_found(text in "([a-zA-Z0-9 ,.'-]|é|É|ü|—|’|中|😀){0,200}", capitals: bool) {
            proptest::prop_assert_eq!(kept(&text, capitals), naive(&text, capitals));
        }
    }
}
