//! Words for what the user reads: counts with the noun in the right number.

/// `n` and the noun in the number `n` asks for: `1 article`, `2 articles`, `0 articles`.
#[must_use]
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(counted(1, "article", "articles"), "1 article");
        assert_eq!(counted(0, "article", "articles"), "0 articles");
        assert_eq!(counted(2, "file", "files"), "2 files");
    }
}
