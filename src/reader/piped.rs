//! The text the pipe key gives a program: each article's title, metadata line and clean text,
//! made safe for a terminal (the program is most often a pager); several articles (the
//! chosen ones) one after the other, each under a line that numbers it.

use std::fmt::Write as _;

use crate::library::Library;

/// The articles (indexes, in order) as one text. One article is its title, its metadata line,
/// a blank line and its text; several are each introduced by a line such as
/// `──────── article 2 of 3 ────────` after a blank line.
#[must_use]
pub fn text(library: &Library, articles: &[usize]) -> String {
    let mut text = String::new();
    for (n, &index) in articles.iter().enumerate() {
        let article = &library.articles()[index];
        if articles.len() > 1 {
            if n > 0 {
                text.push('\n');
            }
            let _ = write!(text, "──────── article {} of {} ────────\n\n", n + 1, articles.len());
        }
        let meta = super::article_layout::meta_line(library, article);
        let _ = write!(
            text,
            "{}\n{meta}\n\n{}\n",
            crate::sanitize::line(&article.title),
            crate::sanitize::text(article.text.trim_end())
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::library_of;

    #[test]
    fn one_article_is_its_title_metadata_and_text_several_are_numbered_in_order() {
        let library = library_of(&[
            ("a.md", "---\ntitle: Talks open\nsource: Wire\ndate: 2025-06-09\n---\nThe talks opened.\n"),
            ("b.md", "---\ntitle: Talks close\nsource: Wire\ndate: 2025-06-10\n---\nThe talks closed.\n"),
        ]);
        let index = |title: &str| library.articles().iter().position(|a| a.title == title).unwrap();
        let (open, close) = (index("Talks open"), index("Talks close"));
        let one = text(&library, &[open]);
        assert_eq!(one, "Talks open\nWire · Mon 9 Jun 2025 · 3 words · 1 min read\n\nThe talks opened.\n");
        let both = text(&library, &[close, open]);
        assert_eq!(
            both,
            "──────── article 1 of 2 ────────\n\nTalks close\nWire · Tue 10 Jun 2025 · 3 words · 1 min read\n\n\
             The talks closed.\n\n──────── article 2 of 2 ────────\n\n{one}"
                .replace("{one}", &one)
        );
    }
}
