//! Turns a file's bytes into text, or says why it is not text: binary formats are recognised
//! by their signature or by NUL bytes, UTF-16 by its byte-order mark, and bytes that are not
//! UTF-8 are replaced (and reported) rather than lost with the whole file.

use std::borrow::Cow;

/// What a file's bytes turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Decoded<'a> {
    /// Text (borrowed from the bytes when they were valid UTF-8); `replaced_from_line` is the
    /// first line where invalid bytes were replaced.
    Text { text: Cow<'a, str>, replaced_from_line: Option<u32> },
    /// Nothing but whitespace.
    Empty,
    /// Binary content: what it looks like.
    Binary(&'static str),
}

/// File signatures of common binary formats found in scraped folders.
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3", "an SQLite database"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"\xd0\xcf\x11\xe0", "an Office document"),
];

/// How far into a file NUL bytes are looked for.
const SNIFF_LEN: usize = 8192;

/// Decodes a file's bytes, borrowing them when they are valid UTF-8.
pub(crate) fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some(&(_, what)) = SIGNATURES.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Decoded::Binary(what);
    }
    if let Some(utf16) = decode_utf16(bytes) {
        return finish(Cow::Owned(utf16), None);
    }
    if memchr::memchr(0, &bytes[..bytes.len().min(SNIFF_LEN)]).is_some() {
        return Decoded::Binary("binary data (NUL bytes)");
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => finish(Cow::Borrowed(text), None),
        Err(err) => {
            let line = super::line_at(bytes, err.valid_up_to());
            finish(String::from_utf8_lossy(bytes), Some(line))
        }
    }
}

fn finish(text: Cow<'_, str>, replaced_from_line: Option<u32>) -> Decoded<'_> {
    if text.trim().is_empty() { Decoded::Empty } else { Decoded::Text { text, replaced_from_line } }
}

/// Text in UTF-16 with a byte-order mark.
fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let little_endian = match bytes {
        [0xff, 0xfe, ..] => true,
        [0xfe, 0xff, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little_endian { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) }
    });
    Some(char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(decoded: Decoded<'_>) -> (String, Option<u32>) {
        match decoded {
            Decoded::Text { text, replaced_from_line } => (text.into_owned(), replaced_from_line),
            other => panic!("expected text, got {other:?}"),
        }
    }

    #[test]
    fn utf8_with_a_bom_loses_the_bom() {
        assert_eq!(text(decode(b"\xef\xbb\xbfHello")), ("Hello".into(), None));
    }

    #[test]
    fn invalid_bytes_are_replaced_and_their_line_reported() {
        let (text, line) = text(decode(b"one\ntwo\nthr\xffee\n"));
        assert_eq!(text, "one\ntwo\nthr\u{fffd}ee\n");
        assert_eq!(line, Some(3));
    }

    #[test]
    fn utf16_with_a_bom_is_decoded() {
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend("Héllo".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(text(decode(&bytes)).0, "Héllo");
    }

    #[test]
    fn images_archives_and_nul_bytes_are_binary() {
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n...."), Decoded::Binary("a PNG image"));
        assert_eq!(decode(b"PK\x03\x04rest"), Decoded::Binary("a ZIP archive"));
        assert_eq!(decode(b"text\0more"), Decoded::Binary("binary data (NUL bytes)"));
    }

    #[test]
    fn whitespace_only_is_empty() {
        assert_eq!(decode(b" \n\t\n"), Decoded::Empty);
        assert_eq!(decode(b""), Decoded::Empty);
    }
}
