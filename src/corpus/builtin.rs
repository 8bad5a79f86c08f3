//! The default corpus, compiled into the binary so that an installed `newsdesk` opens it from
//! any folder: the five seed articles on the 2025 US-China rare-earth talks, exactly as they
//! were scraped, and the manifest that records what they do not state about themselves.

/// The prefix of the paths of built-in files, as reports and `--format json` show them.
pub const BUILTIN_PREFIX: &str = "builtin:";

/// The built-in files: name and bytes. The manifest is among them.
pub const FILES: &[(&str, &[u8])] = &[
    ("000_13e1994f0669fe3e.txt", include_bytes!("../../assets/corpus/000_13e1994f0669fe3e.txt")),
    ("001_18db89e8e39fbc6a.txt", include_bytes!("../../assets/corpus/001_18db89e8e39fbc6a.txt")),
    ("002_7ea1e30fdb9b6aef.txt", include_bytes!("../../assets/corpus/002_7ea1e30fdb9b6aef.txt")),
    ("003_f9136b2e547a0949.txt", include_bytes!("../../assets/corpus/003_f9136b2e547a0949.txt")),
    ("004_25d0d9acb951db08.txt", include_bytes!("../../assets/corpus/004_25d0d9acb951db08.txt")),
    ("manifest.toml", include_bytes!("../../assets/corpus/manifest.toml")),
];

/// The bytes of a built-in file.
#[must_use]
pub fn file(name: &str) -> Option<&'static [u8]> {
    FILES.iter().find(|(n, _)| *n == name).map(|(_, bytes)| *bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_in_assets_corpus_is_embedded() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/corpus");
        let mut on_disk: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        on_disk.sort();
        let embedded: Vec<&str> = FILES.iter().map(|(n, _)| *n).collect();
        assert_eq!(on_disk, embedded);
    }
}
