//! End-to-end: the real binary in a pseudo-terminal, keys typed, the screen read back through
//! a terminal emulator, and the terminal checked to be restored when newsdesk ends.

mod support;

use support::pty::{Tui, keys};

/// The article's position, from the pane's bottom border (` 42% ┘`).
fn percent(screen: &str) -> u32 {
    screen
        .lines()
        .find_map(|line| line.trim_end().strip_suffix("% ┘").and_then(|rest| rest.rsplit(' ').next()?.parse().ok()))
        .unwrap_or(0)
}

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn open_move_read_scroll_help_resize_and_quit() {
    let home = home();
    let mut tui = Tui::start(&[], 120, 32, home.path());
    // A frame may arrive in pieces: wait for its last row, the status bar, too.
    let screen = tui
        .wait_until("the first frame", |s| s.contains("Articles · 5 · by date") && s.contains("ARTICLES  article 1/5"));
    assert!(screen.contains("Sun 8 Jun 2025 · 1"), "{screen}");
    assert!(screen.contains("U.S. China Trade Talks Focus on Rare Earth Minerals Supply"));

    // Move down: the next article shows in the article pane.
    tui.send("j");
    let screen = tui.wait_for("article 2/5");
    assert!(screen.contains("unknown · undated (reports events of Sat 25 Oct 2025)"), "{screen}");

    // Open it and scroll half a page.
    tui.send(keys::ENTER);
    tui.wait_for("ARTICLE  article 2/5");
    let before = percent(&tui.screen());
    tui.send(keys::CTRL_D);
    let after = tui.wait_until("the article to scroll", |s| percent(s) > before);
    assert!(!after.contains("What's Happening?"), "the top scrolled away: {after}");

    // Help, generated from the keymap, and back.
    tui.send("?");
    let help = tui.wait_for("Help · keys");
    assert!(help.contains("g g, home") && help.contains("first article / top of the article"), "{help}");
    tui.send("q");
    tui.wait_until("the help to close", |s| !s.contains("Help · keys"));

    // A narrow terminal shows one pane at a time; a wide one both again.
    tui.resize(70, 24);
    tui.wait_until("the article alone", |s| !s.contains("Articles · 5") && s.contains("┌ Article"));
    tui.send(keys::ESC);
    tui.wait_until("the articles alone", |s| s.contains("Articles · 5") && !s.contains("┌ Article "));
    tui.resize(30, 8);
    tui.wait_for("Terminal too small");
    tui.resize(120, 32);
    tui.wait_until("both panes", |s| s.contains("Articles · 5") && s.contains("┌ Article "));

    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(tui.is_restored(), "the terminal is left in raw mode or on the alternate screen");
}

#[test]
fn grouping_cycles_and_a_click_selects_a_article() {
    let home = home();
    let mut tui = Tui::start(&[], 120, 32, home.path());
    tui.wait_for("Articles · 5 · by date");
    tui.send("s");
    tui.wait_for("Articles · 5 · oldest first");
    tui.send("s");
    let screen = tui.wait_for("Articles · 5 · by source");
    assert!(screen.contains("Coin World · 1") && screen.contains("unknown · 4"), "{screen}");
    tui.send("s");
    tui.wait_for("by title");
    tui.send("s");
    tui.wait_for("by date");
    // Row 4 is the second article (border, header, article, header, article).
    tui.send(&keys::click(10, 4));
    tui.wait_for("article 2/5");
    tui.send(&keys::wheel_down(80, 10));
    tui.wait_until("the wheel to scroll the article", |s| !s.contains(" 0% ") && s.contains('%'));
    tui.send(keys::CTRL_C);
    assert_eq!(tui.wait_exit(), 0);
    assert!(tui.is_restored());
}

#[test]
fn a_panic_restores_the_terminal_and_says_what_happened() {
    let home = home();
    let mut tui = Tui::start(&["--crash-test"], 100, 30, home.path());
    tui.wait_for("Articles · 5");
    tui.send("j");
    let code = tui.wait_exit();
    assert_ne!(code, 0);
    assert!(tui.is_restored(), "a panic left the terminal broken");
    assert!(tui.output().contains("newsdesk crashed: crash test"), "{}", tui.output());
}

#[test]
fn a_panic_finding_names_is_said_and_the_reader_goes_on_without_them() {
    let home = home();
    let mut tui = Tui::start(&["--crash-test=names"], 130, 32, home.path());
    let failed = "finding names failed (entity keys are off): crash test: a panic finding names";
    let screen = tui.wait_for(failed);
    let status = screen.lines().find(|line| line.contains(failed)).unwrap();
    assert!(!status.contains('%'), "the progress is gone: {status}");
    // The terminal is left to the reader, and nothing is printed over its screen.
    assert!(tui.with_screen(vt100::Screen::alternate_screen), "the panic hook left the alternate screen");
    assert!(!tui.output().contains("panicked") && !tui.output().contains("crashed"), "{}", tui.output());
    // The open article's own names are highlighted all the same (a person, light magenta).
    let colour = tui.with_screen(|screen| {
        let contents = screen.contents();
        let (y, line) = contents.lines().enumerate().find(|(_, l)| l.contains("Kevin Hassett")).unwrap();
        let x = line[..line.find("Kevin Hassett").unwrap()].chars().count();
        screen.cell(y as u16, x as u16).unwrap().fgcolor()
    });
    assert_eq!(colour, vt100::Color::Idx(13), "Kevin Hassett is highlighted");
    // The articles still move and open; the entity keys say why they do nothing.
    tui.send("j");
    tui.wait_until("the next article, the failure no longer said", |s| {
        s.contains("article 2/5") && !s.contains(failed)
    });
    tui.send(keys::ENTER);
    tui.wait_for("ARTICLE  article 2/5");
    tui.send("]");
    tui.wait_for(failed);
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(tui.is_restored());
    assert!(!tui.output().contains("panicked"), "{}", tui.output());
}

#[test]
fn a_bad_config_stops_before_the_terminal_is_touched() {
    let home = home();
    let config = home.path().join("config/newsdesk");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "[theme]\nheading = \"bold cyna\"\n").unwrap();
    let mut tui = Tui::start(&[], 100, 30, home.path());
    assert_eq!(tui.wait_exit(), 2);
    let output = tui.output();
    assert!(output.contains("config.toml:2:11: theme.heading: `cyna` is not a colour"), "{output}");
    assert!(!output.contains("\x1b[?1049h"), "the alternate screen was entered");
    assert!(tui.is_restored());
}

#[test]
fn the_raw_text_toggles_with_its_boilerplate() {
    let home = home();
    let mut tui = Tui::start(&[], 120, 32, home.path());
    tui.wait_for("ARTICLES  article 1/5");
    tui.send("r");
    tui.wait_for("Article · raw text");
    tui.send(keys::TAB);
    tui.send("G");
    let raw = tui.wait_for("No comments yet");
    assert!(raw.contains("Aime Insights"), "{raw}");
    tui.send("r");
    let clean = tui.wait_until("the clean text", |s| s.contains("┌ Article ─") && !s.contains("raw text"));
    assert!(!clean.contains("No comments yet"), "{clean}");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn no_color_draws_without_colours() {
    let home = home();
    let mut tui = Tui::start_with_env(&[], 120, 32, home.path(), &[("NO_COLOR", "1")]);
    tui.wait_for("ARTICLES  article 1/5");
    let (coloured, selection_reversed) = tui.with_screen(|screen| {
        let mut coloured = 0;
        for row in 0..32 {
            for col in 0..120 {
                let cell = screen.cell(row, col).unwrap();
                if cell.fgcolor() != vt100::Color::Default || cell.bgcolor() != vt100::Color::Default {
                    coloured += 1;
                }
            }
        }
        (coloured, screen.cell(2, 3).unwrap().inverse())
    });
    assert_eq!(coloured, 0);
    assert!(selection_reversed, "the selected article stands out without colour");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn o_opens_the_url_with_the_configured_program_as_one_argument() {
    let home = home();
    let opened = home.path().join("opened.txt");
    let config = home.path().join("config/newsdesk");
    std::fs::create_dir_all(&config).unwrap();
    // The configured program receives the url as an argument of its own ($1), never as shell text.
    let command = format!(
        "[open]\nurl_command = [\"sh\", \"-c\", \"printf %s \\\"$1\\\" > \\\"$0\\\"\", {:?}, \"{{url}}\"]\n",
        opened.to_str().unwrap()
    );
    std::fs::write(config.join("config.toml"), command).unwrap();
    let corpus = support::fixture("mixed/markdown");
    let mut tui = Tui::start(&[corpus.to_str().unwrap()], 120, 32, home.path());
    tui.wait_for("Rare earth exports rebound");
    tui.send("o");
    tui.wait_for("opened https://example.com/rare-earths-rebound");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::fs::read_to_string(&opened).unwrap_or_default().is_empty() {
        assert!(std::time::Instant::now() < deadline, "the program was not run");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(std::fs::read_to_string(&opened).unwrap(), "https://example.com/rare-earths-rebound");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// Waits until the reader has found the entities: its first frame says `finding names` (the
/// search starts before it), and no frame after they are found does.
fn wait_for_names(tui: &Tui) {
    tui.wait_until("the names found", |s| s.contains(" ARTICLES ") && !s.contains("finding names"));
}

#[test]
fn jump_between_mentions_pivot_to_another_article_and_come_back() {
    let home = home();
    let mut tui = Tui::start(&[], 130, 32, home.path());
    tui.wait_for("ARTICLES  article 1/5");
    // The reader opens at once and finds the entities meanwhile, saying how far it has come.
    wait_for_names(&tui);
    tui.send("]");
    tui.wait_for("United States 1/8");
    tui.send("*");
    tui.wait_for("United States 2/8");
    tui.send("#");
    tui.wait_for("United States 1/8");
    tui.send("#");
    tui.wait_for("United States 8/8 · wrapped");
    // Every article naming the entity, then the second one opened at its first mention.
    tui.send("p");
    let pivot = tui.wait_for("United States · place · named in 5 articles");
    assert!(pivot.contains("Coin World"), "{pivot}");
    tui.send("j");
    tui.send(keys::ENTER);
    let opened =
        tui.wait_until("another article", |s| !s.contains("named in 5 articles") && s.contains("United States 1/"));
    assert!(opened.contains("article 2/5"), "{opened}");
    // Back to the first article, at the mention we left.
    tui.send(keys::BACKSPACE);
    tui.wait_for("article 1/5  United States 8/8");
    tui.send(keys::TAB);
    tui.wait_for("article 2/5  United States 1/");
    // Who appears with the current entity; Enter lists the articles naming both.
    tui.send("w");
    let partners = tui.wait_for("Named with United States");
    assert!(partners.contains("best associated first"), "{partners}");
    tui.send(keys::ENTER);
    tui.wait_for("named together in");
    tui.send(keys::ESC);
    tui.wait_for("Named with United States");
    tui.send(keys::ESC);
    tui.wait_until("the partners closed", |s| !s.contains("Named with"));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn search_narrows_the_list_as_you_type_opens_a_result_and_clears() {
    let home = home();
    let mut tui = Tui::start(&[], 120, 32, home.path());
    tui.wait_for("Articles · 5 · by date");
    wait_for_names(&tui);

    // Typing narrows the list live, best first, saying why an article matched.
    tui.send("/hasset");
    tui.wait_for("/ hasset");
    tui.send("t");
    // The three articles that name him; no title with the letters scattered across it.
    let screen = tui.wait_for("Articles · 3 of 5 · best first");
    assert!(screen.contains("↳ entity: Kevin Hassett"), "{screen}");
    assert!(screen.contains("3/5"), "{screen}");
    // The matched name is highlighted in its row.
    let highlighted = tui.with_screen(|screen| {
        let contents = screen.contents();
        let (y, line) = contents.lines().enumerate().find(|(_, l)| l.contains("↳ entity: Kevin Hassett")).unwrap();
        let x = line[..line.find("Kevin").unwrap()].chars().count();
        let cell = screen.cell(y as u16, x as u16).unwrap();
        (cell.bold(), cell.fgcolor())
    });
    assert_eq!(highlighted, (true, vt100::Color::Idx(9)), "bold light red");

    // Down moves through the results while typing; Enter opens one and keeps the filter.
    tui.send(keys::DOWN);
    tui.wait_for("article 2/3");
    tui.send(keys::ENTER);
    let screen = tui.wait_for("ARTICLE  article 2/3");
    assert!(screen.contains("/hassett · 3"), "the status bar shows the filter: {screen}");
    tui.send("n");
    tui.wait_for("search hit 1/");

    // Esc returns to the articles, a second Esc clears the filter.
    tui.send(keys::ESC);
    tui.wait_for("ARTICLES  article 2/3");
    tui.send(keys::ESC);
    let screen = tui.wait_for("search cleared");
    assert!(screen.contains("Articles · 5 · by date"), "{screen}");

    // Up in an empty prompt recalls the last query; Esc restores the list as it was.
    tui.send("/");
    tui.wait_for("PROMPT");
    tui.send(keys::UP);
    tui.wait_for("Articles · 3 of 5");
    tui.send(keys::ESC);
    tui.wait_until("the list as before", |s| s.contains("Articles · 5 · by date") && s.contains("ARTICLES"));

    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(tui.is_restored());
}

#[test]
fn find_in_the_article_counts_and_jumps() {
    let home = home();
    let mut tui = Tui::start(&[], 120, 32, home.path());
    tui.wait_for("Articles · 5 · by date");
    tui.send("frare");
    let screen = tui.wait_for("find: rare");
    assert!(screen.contains(" 1/"), "{screen}");
    tui.send(keys::ENTER);
    tui.wait_for("“rare” 1/");
    tui.send("n");
    tui.wait_for("“rare” 2/");
    tui.send("N");
    tui.wait_for("“rare” 1/");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// The first line of text in view in the article pane (right of the article list).
fn first_article_line(screen: &str) -> String {
    screen
        .lines()
        .skip(1)
        .filter_map(|line| line.split("││").nth(1))
        .map(|text| text.trim_end_matches(['│', '║', '█']).trim().to_owned())
        .find(|text| !text.is_empty())
        .unwrap_or_default()
}

/// The state file of the built-in corpus for a `home`.
fn state_file(home: &std::path::Path) -> std::path::PathBuf {
    newsdesk::persist::Store::in_folder(&home.join("state/newsdesk"), &[newsdesk::corpus::Location::Builtin])
        .path()
        .to_path_buf()
}

#[test]
fn stars_reading_and_the_last_place_last_between_sessions() {
    let home = home();
    let mut tui = Tui::start(&[], 120, 32, home.path());
    tui.wait_for("ARTICLES  article 1/5");
    // Star the second article, read the third and scroll it, then quit.
    tui.send("jm");
    tui.wait_for("starred");
    tui.send("j");
    tui.send(keys::ENTER);
    let unscrolled = first_article_line(&tui.wait_for("ARTICLE  article 3/5"));
    tui.send(keys::CTRL_D);
    let scrolled = tui.wait_until("the article to scroll", |s| first_article_line(s) != unscrolled);
    let top = first_article_line(&scrolled);
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(state_file(home.path()).is_file(), "the state was written");

    let mut tui = Tui::start(&[], 120, 32, home.path());
    let screen = tui.wait_for("article 3/5");
    assert_eq!(first_article_line(&screen), top, "the article is where it was left: {screen}");
    let lines: Vec<&str> = screen.lines().collect();
    let starred = lines.iter().find(|l| l.contains('★')).expect("a starred article");
    assert!(starred.starts_with("│●★"), "still starred, still unread: {starred}");
    assert!(screen.contains("· 4 unread"), "{screen}");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn a_corrupt_state_file_is_set_aside_and_the_reader_starts_anyway() {
    let home = home();
    let file = state_file(home.path());
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, "{ not json").unwrap();
    let mut tui = Tui::start(&[], 140, 32, home.path());
    let screen = tui.wait_for("saved state is corrupt");
    assert!(screen.contains("Articles · 5"), "{screen}");
    let aside = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().contains(".json.corrupt-"));
    assert!(aside, "the bad file was kept aside");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok(), "a good file replaced it: {text}");
}

#[test]
fn the_export_key_writes_the_listed_articles_and_says_where() {
    let home = home();
    let mut tui = Tui::start(&[], 160, 32, home.path());
    tui.wait_for("Articles · 5");
    tui.send("/'coin");
    tui.wait_for("Articles · 1 of 5");
    tui.send(keys::ENTER);
    tui.send("x");
    let screen = tui.wait_for("exported 1 article to");
    let file = std::fs::read_dir(home.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap_or_else(|| panic!("no export file: {screen}"));
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.starts_with("# newsdesk export: 1 article"), "{text}");
    assert!(text.contains("Coin World"), "{text}");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn hostile_article_text_never_reaches_the_terminal() {
    let home = home();
    let corpus = home.path().join("hostile");
    std::fs::create_dir_all(&corpus).unwrap();
    let long_word = "x".repeat(100_000);
    let hostile = format!(
        "Title \x1b]2;PWNED\x07with \x1b[38;5;201mcolour\x1b[0m\n\n\
         Clear \x1b[2J\x1b[H screen, bell \x07\x07, back\x08\x08space, carriage\rreturn, \
         bidi \u{202e}desrever\u{202c}, zero\u{200b}width, cursor \x1b[10;10Hmoves, \x1b7saved\x1b8.\n\n\
         {long_word}\n\n\
         稀土出口管制 rare earths 🚢🚢 export controls 中美贸易.\n"
    );
    std::fs::write(corpus.join("hostile.txt"), hostile).unwrap();
    std::fs::write(corpus.join("wide.txt"), "中美贸易谈判 稀土 🚢 Trade talks\n\nBody text.\n").unwrap();
    // File and folder names are untrusted too: the folder names the source, and an empty
    // file's name shows in the load report.
    let strange = corpus.join("wire\x1b[31mred");
    std::fs::create_dir_all(&strange).unwrap();
    std::fs::write(strange.join("article.txt"), "Zebra Article From A Strange Folder\n\nBody.\n").unwrap();
    std::fs::write(corpus.join("empty\x1b]2;PWNED\x07.txt"), "").unwrap();
    let mut tui = Tui::start(&[corpus.to_str().unwrap()], 100, 30, home.path());
    tui.wait_for("Articles · 3");
    tui.send(keys::ENTER);
    tui.send("G");
    tui.wait_for("中美贸易.");
    tui.send("gg");
    tui.wait_for("ARTICLE");
    let border_columns = tui.with_screen(|screen| {
        let contents = screen.contents();
        // The article list's right border stands in one column on every row: wide characters
        // take two cells and line up.
        let columns: Vec<usize> = contents
            .lines()
            .take(29)
            .filter_map(|line| line.char_indices().nth(1).map(|_| line))
            .filter_map(|line| {
                let mut column = 0;
                for c in line.chars() {
                    if c == '│' && column > 0 {
                        return Some(column);
                    }
                    column += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                }
                None
            })
            .collect::<Vec<usize>>();
        columns
    });
    assert!(border_columns.windows(2).all(|w| w[0] == w[1]), "{border_columns:?}");
    tui.send("s");
    tui.wait_for("wire");
    tui.wait_for("1 file skipped or partly read");
    tui.send("!");
    tui.wait_for("1 problem in 1 file");
    // Esc and the next key sent together would read as Alt and that key: wait in between.
    tui.send(keys::ESC);
    tui.wait_until("the report to close", |s| !s.contains("Load report"));
    let output = tui.output();
    for bad in ["\x1b]2;PWNED", "\x07", "\x08", "\x1b[38;5;201m", "\x1b[31m", "\x1b7", "\u{202e}", "\u{200b}"] {
        assert!(!output.contains(bad), "{bad:?} reached the terminal");
    }
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(tui.is_restored());
}

#[test]
fn stories_group_the_articles_and_the_article_names_the_other_outlets() {
    let home = home();
    let mut tui = Tui::start(&[], 120, 32, home.path());
    tui.wait_for("ARTICLES  article 1/5");
    // The stories are found in the background; then the open article names the others.
    let screen = tui.wait_for("also reported by: outlets not named");
    assert!(screen.contains("Coin World · Sun 8 Jun 2025"), "{screen}");

    // S lists the stories: the London talks apart from Kuala Lumpur.
    tui.send("S");
    let screen = tui.wait_for("Stories · 2 · by story");
    assert!(screen.contains("8–10 Jun 2025 · 3 in 2 outlets · 3 unread"), "{screen}");
    assert!(screen.contains("25 Oct 2025 · 2 in 1 outlet · 2 unread"), "{screen}");
    assert!(screen.contains("story 2/2"), "the open article's story is selected: {screen}");

    // Enter lists the story's articles; J steps through them from the article.
    tui.send(keys::ENTER);
    let screen = tui.wait_for("/ story:");
    assert!(screen.contains("Articles · 3 of 5"), "{screen}");
    assert!(screen.contains("Discourse continues") && !screen.contains("China's imposition"), "{screen}");
    tui.send(keys::ENTER);
    tui.wait_for("ARTICLE  article 1/3");
    tui.send("J");
    let screen = tui.wait_for("story article 2/3");
    assert!(screen.contains("undated (reports events of Mon 9 Jun 2025)"), "{screen}");
    assert!(screen.contains("also reported by: Coin World"), "{screen}");

    // R marks the whole story read; esc, esc: back to the stories.
    tui.send("R");
    tui.wait_for("story marked read: 3 articles");
    tui.send(keys::ESC);
    tui.wait_for("ARTICLES  article");
    tui.send(keys::ESC);
    let screen = tui.wait_for("back to the stories");
    assert!(screen.contains("Stories · 2 · by story · 1 unread"), "{screen}");
    tui.send("q");
    tui.wait_exit();
}

#[test]
fn the_timeline_narrows_the_list_to_a_day_and_widens_it_again() {
    let home = home();
    let mut tui = Tui::start(&[], 120, 32, home.path());
    tui.wait_for("ARTICLES  article 1/5");
    tui.send("t");
    let screen = tui.wait_for("TIMELINE");
    assert!(screen.contains("8–11 Jun 2025 · 3 articles · enter narrows the list to it"), "{screen}");
    assert!(screen.contains("8 Jun–25 Oct 2025 · 4 days/bar · 1 undated"), "{screen}");
    tui.send(keys::ENTER);
    let screen = tui.wait_for("/ date:2025-06-08..2025-06-11");
    assert!(screen.contains("Articles · 3 of 5"), "{screen}");
    // The strip now spans those days, one a bar; l and enter narrow to the 9th alone.
    let screen = tui.wait_for("│8–10 Jun 2025  ");
    assert!(!screen.contains("undated"), "none of them is undated: {screen}");
    tui.send("l");
    tui.wait_for("9 Jun 2025 · 1 article");
    tui.send(keys::ENTER);
    let screen = tui.wait_for("/ date:2025-06-09");
    assert!(screen.contains("Articles · 1 of 5") && screen.contains("US-China Trade Talks: A Critical"), "{screen}");
    tui.send("T");
    let screen = tui.wait_for("every day is listed again");
    assert!(screen.contains("Articles · 5 · by date"), "{screen}");
    tui.send(keys::ESC);
    tui.wait_until("the timeline to close", |s| !s.contains("TIMELINE"));
    tui.send("q");
    tui.wait_exit();
}

#[test]
fn a_file_added_to_the_open_folder_appears_and_a_removed_one_is_marked_gone() {
    let home = home();
    let corpus = home.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("first.md"), "---\ntitle: Talks open in London\ndate: 2025-06-09\n---\nThe talks on rare earths opened in London on Monday.\n").unwrap();
    // Named as users name folders: relative to where newsdesk runs (the watch reports absolute
    // paths; the articles keep the path as named).
    let mut tui = Tui::start(&["corpus"], 120, 32, home.path());
    tui.wait_for("ARTICLES  article 1/1");
    // Down to nothing: the selection stays on the first article as the list grows.
    std::fs::write(corpus.join("second.md"), "---\ntitle: Talks close with a deal on magnets\ndate: 2025-06-10\n---\nThe London talks closed on Tuesday with a deal on magnets.\n").unwrap();
    let screen = tui.wait_for("1 new article");
    assert!(screen.contains("Articles · 2 · by date"), "{screen}");
    assert!(screen.contains("●+unknown") && screen.contains("Talks close with a deal on ma"), "marked new: {screen}");
    assert!(screen.contains("ARTICLES  article 2/2"), "the selected article stays selected (now second): {screen}");
    assert!(screen.contains("The talks on rare earths opened"), "and shown: {screen}");

    // A new file in a subfolder, and one removed.
    std::fs::create_dir(corpus.join("wire")).unwrap();
    std::fs::write(
        corpus.join("wire/third.txt"),
        "Markets steady after talks\n\nMarkets held steady after the London talks.\n",
    )
    .unwrap();
    std::fs::remove_file(corpus.join("first.md")).unwrap();
    let screen =
        tui.wait_until("the third article and the first gone", |s| s.contains("Articles · 3") && s.contains("✕"));
    assert!(screen.contains("wire") && screen.contains("Markets steady after talks"), "{screen}");
    assert!(screen.contains("●✕unknown     Talks open in London"), "gone, not vanished: {screen}");
    // A file changed: its new version is listed, the old one gone.
    std::fs::write(
        corpus.join("second.md"),
        "---\ntitle: Deal on magnets signed\ndate: 2025-06-10\n---\nThe deal on magnets was signed.\n",
    )
    .unwrap();
    let screen = tui.wait_for("Deal on magnets signed");
    assert!(screen.contains("Articles · 4"), "{screen}");
    assert!(screen.contains("●✕unknown     Talks close with a deal"), "the old version is gone: {screen}");
    tui.send("q");
    tui.wait_exit();
}

#[test]
fn an_opml_file_edited_in_the_open_folder_adds_none_of_its_feeds_again() {
    let home = home();
    let (corpus, feeds) = (home.path().join("corpus"), home.path().join("feeds"));
    std::fs::create_dir(&corpus).unwrap();
    std::fs::create_dir(&feeds).unwrap();
    let item = |n: u32| {
        format!(
            "<item><title>Copper report {n}</title><guid>c{n}</guid><description>Copper rose in Chile on day {n}.</description></item>"
        )
    };
    std::fs::write(
        feeds.join("metals.rss"),
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Metals Wire</title>{}{}</channel></rss>",
            item(1),
            item(2)
        ),
    )
    .unwrap();
    let opml = |title: &str| {
        format!(
            "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>{title}</title></head><body><outline text=\"m\" type=\"rss\" xmlUrl=\"../feeds/metals.rss\"/></body></opml>"
        )
    };
    std::fs::write(corpus.join("list.opml"), opml("Metals")).unwrap();
    let mut tui = Tui::start(&["corpus"], 120, 32, home.path());
    tui.wait_for("Articles · 2 · by date");
    // The list is edited (its feeds read again, unchanged), then an article is added.
    std::fs::write(corpus.join("list.opml"), opml("Metals and mining")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(600));
    std::fs::write(corpus.join("note.md"), "---\ntitle: Smelter opens\n---\nA smelter opened in Chile.\n").unwrap();
    let screen = tui.wait_for("Smelter opens");
    assert!(screen.contains("Articles · 3 · by date"), "the feed's items are not added twice: {screen}");
    assert!(!screen.contains("✕"), "nor marked gone: {screen}");
    tui.send("q");
    tui.wait_exit();
}

#[test]
fn the_reader_keeps_a_cache_and_says_once_when_it_cannot_trust_it() {
    let home = home();
    let corpus = home.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for name in ["000_13e1994f0669fe3e.txt", "004_25d0d9acb951db08.txt"] {
        let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/corpus").join(name);
        std::fs::copy(seed, corpus.join(name)).unwrap();
    }
    let caches = home.path().join("cache/newsdesk");
    let cache_file = || std::fs::read_dir(&caches).ok()?.next()?.ok().map(|e| e.path());
    let mut tui = Tui::start(&["corpus"], 120, 32, home.path());
    tui.wait_for("ARTICLES  article 1/2");
    wait_for_names(&tui);
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let file = cache_file().expect("a cache written once the names were found");

    // Damaged between two sessions: said in the status bar, not used, made again.
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&file, bytes).unwrap();
    let mut tui = Tui::start(&["corpus"], 120, 32, home.path());
    let screen = tui.wait_for("the cache is corrupt: not used, and made again");
    assert!(screen.contains("ARTICLES  article 1/2"), "the articles all the same: {screen}");
    wait_for_names(&tui);
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let mut tui = Tui::start(&["corpus"], 120, 32, home.path());
    wait_for_names(&tui);
    assert!(!tui.screen().contains("made again"), "said once");
    assert!(cache_file().is_some());
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn the_fetch_key_fetches_the_folders_feeds_and_new_items_appear() {
    let server = support::feed_server::Server::start();
    let home = home();
    let corpus = home.path().join("news");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("first.md"),
        "---\ntitle: Talks open in London\ndate: 2025-06-09\n---\nThe talks opened.\n",
    )
    .unwrap();
    // The folder subscribes to the server's feed, as `newsdesk fetch URL --into news` leaves it.
    let list = format!(
        "<?xml version=\"1.0\"?><opml version=\"2.0\"><head/><body><outline text=\"t\" xmlUrl=\"{}\"/></body></opml>",
        server.url("/feed.xml")
    );
    std::fs::write(corpus.join(".newsdesk-subscriptions.opml"), list).unwrap();
    let mut tui = Tui::start(&[corpus.to_str().unwrap()], 120, 32, home.path());
    tui.wait_for("ARTICLES  article 1/1");
    tui.send("F");
    let screen = tui.wait_for("fetched 1 feed: 2 new items, 0 unchanged, 0 failed");
    let screen = if screen.contains("Articles · 3") { screen } else { tui.wait_for("Articles · 3") };
    assert!(screen.contains("U.S. China Trade Talks Focus"), "{screen}");
    assert!(screen.contains("●+Coin World"), "marked new: {screen}");
    tui.send("q");
    tui.wait_exit();
}

#[test]
fn next_unread_opens_the_next_unread_article_and_stops_at_the_end() {
    let home = home();
    let mut tui = Tui::start(&[], 120, 32, home.path());
    tui.wait_for("ARTICLES  article 1/5");
    // Mark the second read, then from the first, `.` skips it.
    tui.send("ju");
    tui.wait_for("marked read");
    tui.send("g");
    tui.send("g");
    tui.wait_for("article 1/5");
    tui.send(".");
    let screen = tui.wait_for("ARTICLE  article 3/5");
    assert!(screen.contains("Discourse continues"), "the second, read, is skipped: {screen}");
    tui.send("..");
    tui.wait_for("ARTICLE  article 5/5");
    tui.send(".");
    tui.wait_for("no unread article below (1 above)");
    tui.send(",,,");
    tui.wait_for("ARTICLE  article 1/5");
    tui.send("q");
    tui.wait_exit();
}

#[test]
fn y_copies_the_url_and_capital_y_the_title_with_osc_52() {
    use base64::Engine as _;
    let home = home();
    let dir = home.path().join("corpus");
    std::fs::create_dir(&dir).unwrap();
    // A url with an escape in it: it reaches the clipboard only as base64.
    std::fs::write(
        dir.join("a.md"),
        "---\ntitle: Talks open in London\nurl: https://example.com/talks?a=1&b=2\n---\nText.\n",
    )
    .unwrap();
    let mut tui = Tui::start(&[dir.to_str().unwrap()], 120, 32, home.path());
    tui.wait_for("ARTICLES  article 1/1");
    tui.send("y");
    tui.wait_for("url copied to the clipboard");
    let url = base64::engine::general_purpose::STANDARD.encode("https://example.com/talks?a=1&b=2");
    assert!(tui.output().contains(&format!("\u{1b}]52;c;{url}\u{7}")), "the OSC 52 sequence with the url");
    tui.send("Y");
    tui.wait_for("title copied to the clipboard");
    let title = base64::engine::general_purpose::STANDARD.encode("Talks open in London");
    assert!(tui.output().contains(&format!("\u{1b}]52;c;{title}\u{7}")));
    tui.send("q");
    tui.wait_exit();
}

#[test]
fn the_chosen_order_of_the_list_lasts_to_the_next_session() {
    let home = home();
    let mut tui = Tui::start(&[], 120, 32, home.path());
    tui.wait_for("Articles · 5 · by date");
    tui.send("s");
    let screen = tui.wait_for("Articles · 5 · oldest first");
    let first = screen.lines().nth(2).unwrap_or_default().to_owned();
    assert!(first.contains("Coin World"), "the dated article first, then the events by day: {screen}");
    tui.send("q");
    tui.wait_exit();
    let mut again = Tui::start(&[], 120, 32, home.path());
    again.wait_for("Articles · 5 · oldest first");
    again.send("q");
    again.wait_exit();
}

#[test]
fn d_goes_to_a_date_or_the_nearest_listed_article() {
    let home = home();
    let mut tui = Tui::start(&[], 120, 32, home.path());
    tui.wait_for("ARTICLES  article 1/5");
    tui.send("D");
    tui.wait_for("go to date:");
    tui.send("jun 10");
    tui.send(keys::ENTER);
    let screen = tui.wait_for("Tue 10 Jun 2025");
    assert!(screen.contains("Discourse continues in Washington"), "the article of that day: {screen}");
    assert!(screen.contains("article 3/5"), "{screen}");
    tui.send("D");
    tui.send("2025-09-01");
    tui.send(keys::ENTER);
    let screen = tui.wait_for("nothing on Mon 1 Sep 2025: the nearest, Sat 25 Oct 2025");
    assert!(screen.contains("China's imposition of strict"), "{screen}");
    tui.send("D");
    tui.send("soon");
    tui.send(keys::ENTER);
    tui.wait_for("`soon` is not a date");
    tui.send("q");
    tui.wait_exit();
}

#[test]
fn ctrl_t_in_the_search_prompt_searches_the_exact_words_and_the_mode_lasts() {
    let home = home();
    let mut tui = Tui::start(&[], 120, 32, home.path());
    tui.wait_for("ARTICLES  article 1/5");
    tui.send("/minerasl");
    let fuzzy =
        tui.wait_until("the typo forgiven", |s| s.contains("/ minerasl") && s.contains("/5") && !s.contains(" 0/5"));
    assert!(fuzzy.contains("Rare Earth Minerals"), "{fuzzy}");
    tui.send("\x14"); // ctrl-t
    let exact = tui.wait_until("the exact word alone", |s| s.contains("= minerasl") && s.contains(" 0/5"));
    assert!(exact.contains("search exact words"), "{exact}");
    tui.send(keys::ENTER);
    tui.send("q");
    tui.wait_exit();
    // The next session's prompt is still exact.
    let mut again = Tui::start(&[], 120, 32, home.path());
    again.wait_for("ARTICLES  article");
    again.send("/");
    again.wait_for("│= ");
    again.send(keys::ESC);
    again.wait_until("the prompt to close", |s| !s.contains("│= "));
    again.send("q");
    again.wait_exit();
}

#[test]
fn the_pipe_key_gives_the_clean_article_to_the_pager_and_comes_back() {
    let home = home();
    let out = home.path().join("piped.txt");
    let pager = format!("sh -c 'cat > {}'", out.display());
    let mut tui = Tui::start_with_env(&[], 120, 32, home.path(), &[("PAGER", &pager)]);
    tui.wait_for("ARTICLES  article 1/5");
    tui.send("|");
    let screen = tui.wait_for("piped to sh -c");
    assert!(screen.contains("Articles · 5"), "the reader is back and redrawn: {screen}");
    let piped = std::fs::read_to_string(&out).unwrap();
    assert!(
        piped.starts_with("U.S. China Trade Talks Focus on Rare Earth Minerals Supply\nCoin World · Sun 8 Jun 2025"),
        "{piped}"
    );
    assert!(piped.contains("Kevin Hassett, director of the National Economic Council"), "the clean text: {piped}");
    // Keys work again.
    tui.send("j");
    tui.wait_for("article 2/5");
    tui.send("q");
    tui.wait_exit();
    assert!(tui.is_restored());
}

#[test]
fn space_chooses_articles_and_u_marks_the_chosen_read() {
    let home = home();
    let mut tui = Tui::start(&[], 120, 32, home.path());
    tui.wait_for("ARTICLES  article 1/5");
    tui.send(" ");
    tui.wait_for("1 chosen");
    tui.send("jj ");
    let screen = tui.wait_for("2 chosen: x exports them");
    assert!(screen.contains("· 2 chosen"), "the panel counts them: {screen}");
    assert_eq!(screen.matches('✓').count(), 2, "{screen}");
    tui.send("u");
    tui.wait_for("2 articles marked read");
    tui.send("q");
    tui.wait_exit();
}

#[test]
fn marks_in_bulk_are_undone_one_change_at_a_time_after_a_restart() {
    let home = home();
    let mut tui = Tui::start(&[], 120, 32, home.path());
    tui.wait_for("ARTICLES  article 1/5");
    // By source: Coin World (1), then unknown (4); A on the second marks the unknown four.
    tui.send("ss");
    tui.wait_for("Articles · 5 · by source · 5 unread");
    tui.send("j");
    tui.wait_for("article 2/5");
    tui.send("A");
    let screen = tui.wait_for("marked 4 articles under unknown read · z undoes");
    assert!(screen.contains("Articles · 5 · by source · 1 unread"), "{screen}");
    // A sequence: a k marks what is above the cursor, Coin World's.
    tui.send("a");
    tui.wait_for(" a… ");
    tui.send("k");
    tui.wait_for("marked 1 article above the cursor read · z undoes");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    // The next session undoes them, the last first, back to exactly what was unread.
    let mut tui = Tui::start(&[], 120, 32, home.path());
    tui.wait_for("Articles · 5 · by source · 0 unread");
    tui.send("z");
    let screen = tui.wait_for("undone: marked 1 article above the cursor read · 1 more to undo");
    assert!(screen.contains("Articles · 5 · by source · 1 unread"), "{screen}");
    tui.send("z");
    let screen = tui.wait_for("undone: marked 4 articles under unknown read · nothing more to undo");
    assert!(screen.contains("Articles · 5 · by source · 5 unread"), "{screen}");
    tui.send("z");
    tui.wait_for("nothing to undo");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn the_pipe_key_gives_the_chosen_articles_to_the_pager_in_one_run() {
    let home = home();
    let out = home.path().join("piped.txt");
    // Each run of the pager appends a line of its own: one run, one line.
    let pager = format!("sh -c 'echo run >> {0}; cat >> {0}'", out.display());
    let mut tui = Tui::start_with_env(&[], 120, 32, home.path(), &[("PAGER", &pager)]);
    tui.wait_for("ARTICLES  article 1/5");
    // The third and the first article chosen, out of order: piped in the list's order.
    tui.send("jj ");
    tui.wait_for("1 chosen");
    tui.send("gg ");
    tui.wait_for("2 chosen");
    tui.send("|");
    let screen = tui.wait_for("piped 2 articles to sh -c");
    assert!(screen.contains("Articles · 5"), "the reader is back and redrawn: {screen}");
    let piped = std::fs::read_to_string(&out).unwrap();
    assert_eq!(piped.matches("run\n").count(), 1, "one run of the pager: {piped}");
    let first = piped.find("U.S. China Trade Talks Focus on Rare Earth Minerals Supply\nCoin World · Sun 8 Jun 2025");
    let third = piped.find("Discourse continues in Washington");
    assert!(first.is_some() && third.is_some() && first < third, "both, in the list's order: {piped}");
    assert!(piped.contains("──────── article 2 of 2 ────────"), "{piped}");
    tui.send("q");
    tui.wait_exit();
    assert!(tui.is_restored());
}

#[test]
fn v_selects_lines_of_the_article_and_y_copies_their_text_as_written() {
    use base64::Engine as _;
    let home = home();
    let dir = home.path().join("corpus");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("a.md"),
        "---\ntitle: Talks open in London\ndate: 2025-06-09\n---\nThe talks on rare earths opened in London on \
         Monday, and the delegates talked late into the night about magnets and export licences.\n\n\
         A second paragraph.\n",
    )
    .unwrap();
    let mut tui = Tui::start(&[dir.to_str().unwrap()], 100, 30, home.path());
    tui.wait_for("ARTICLES  article 1/1");
    tui.send(keys::ENTER);
    tui.wait_for("ARTICLE  article 1/1");
    // From the title: down over the metadata line, a blank line and the paragraph, wrapped
    // over three lines.
    tui.send("v");
    tui.wait_for("SELECTION  article 1/1  1 line selected");
    tui.send("jjjjj");
    tui.wait_for("6 lines selected");
    tui.send("y");
    let screen = tui.wait_for("6 lines copied to the clipboard");
    assert!(screen.contains("ARTICLE  article 1/1"), "the selection ends: {screen}");
    let output = tui.output();
    let start = output.find("\u{1b}]52;c;").expect("an OSC 52 sequence") + 7;
    let end = start + output[start..].find('\u{7}').unwrap();
    let copied =
        String::from_utf8(base64::engine::general_purpose::STANDARD.decode(&output[start..end]).unwrap()).unwrap();
    assert!(copied.starts_with("Talks open in London\nunknown · Mon 9 Jun 2025 · "), "{copied}");
    assert!(
        copied.ends_with("\n\nThe talks on rare earths opened in London on Monday, and the delegates talked late into the night about magnets and export licences."),
        "the paragraph whole, as written: {copied}"
    );
    // Esc cancels a selection, and leaves the article open.
    tui.send("v");
    tui.wait_for("SELECTION");
    tui.send(keys::ESC);
    tui.wait_for("ARTICLE  article 1/1");
    tui.send("q");
    tui.wait_exit();
}

/// The entity in the pivot window's title (`┌ London · place · named in 3 articles ┐`).
fn pivot_title(screen: &str) -> String {
    let line = screen.lines().find(|l| l.contains(" · named in ")).unwrap_or_default();
    let title = line.split("┌ ").nth(1).unwrap_or_default();
    title.split(" · named in ").next().unwrap_or_default().to_owned()
}

#[test]
fn the_entity_browser_filters_sorts_pivots_and_comes_back_where_it_was() {
    let home = home();
    let mut tui = Tui::start(&[], 130, 32, home.path());
    tui.wait_for("ARTICLES  article 1/5");
    wait_for_names(&tui);
    tui.send("E");
    let screen = tui.wait_for("Entities of 5 articles · 25 · by articles · every kind");
    assert!(screen.contains(" BROWSER  entity 1/25"), "{screen}");
    let china = screen.lines().find(|l| l.contains("China")).unwrap_or_default().to_owned();
    assert!(china.contains("place") && china.contains(" 35 ") && china.contains(" 5 "), "{china}");
    tui.send("s");
    tui.wait_for("· by mentions ·");
    // The filter, typed: the names that match, best first; down to the second.
    tui.send("/");
    tui.wait_for(" PROMPT ");
    tui.send("on");
    let screen = tui.wait_for("best match, then by mentions");
    assert!(screen.contains("/ on"), "{screen}");
    tui.send(keys::DOWN);
    tui.wait_for("entity 2/");
    // Enter lists its articles; back returns to the browser, the same entity selected.
    tui.send(keys::ENTER);
    let pivot = tui.wait_for(" · named in ");
    let entity = pivot_title(&pivot);
    assert!(!entity.is_empty(), "{pivot}");
    tui.send(keys::ESC);
    let back = tui.wait_until("the browser again", |s| s.contains(" BROWSER ") && !s.contains(" · named in "));
    assert!(back.contains("entity 2/") && back.contains("/ on"), "{back}");
    assert!(back.contains("best match, then by mentions"), "{back}");
    tui.send(keys::ENTER);
    let again = tui.wait_for(" · named in ");
    assert_eq!(pivot_title(&again), entity, "{again}");
    // An article opened from there hides the browser; E shows it again as it was.
    tui.send(keys::ENTER);
    tui.wait_until("the article", |s| s.contains(" ARTICLE ") && !s.contains(" BROWSER "));
    tui.send("E");
    let reopened = tui.wait_for(" BROWSER ");
    assert!(reopened.contains("entity 2/") && reopened.contains("/ on"), "{reopened}");
    // Esc clears the filter, then closes.
    tui.send(keys::ESC);
    tui.wait_for("filter cleared");
    tui.send(keys::ESC);
    tui.wait_until("the browser closed", |s| !s.contains(" BROWSER "));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn the_entity_browser_corrects_the_selected_entity_as_the_panel_does() {
    let home = home();
    let mut tui = Tui::start(&[], 120, 32, home.path());
    tui.wait_for("ARTICLES  article 1/5");
    wait_for_names(&tui);
    tui.send("E");
    let screen = tui.wait_for(" BROWSER ");
    assert!(screen.contains("entity 1/"), "{screen}");
    let first = screen.lines().nth(2).unwrap_or_default().to_owned();
    assert!(first.contains("China"), "the most named first: {screen}");
    tui.send("ci");
    let screen = tui.wait_for("ignoring “China” · c u undoes");
    assert!(screen.contains(" BROWSER "), "the browser stays: {screen}");
    let screen = tui.wait_until("China gone from the browser", |s| !s.lines().any(|l| l.contains("│ China ")));
    let file = home.path().join("config/newsdesk/corrections.toml");
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("[[ignore]]\nname = \"China\""), "{written}\n{screen}");
    tui.send("cu");
    tui.wait_until("China back", |s| s.lines().any(|l| l.contains("│ China ")));
    assert!(!std::fs::read_to_string(&file).unwrap().contains("[[ignore]]"));
    tui.send("q");
    tui.wait_until("the browser closed", |s| !s.contains(" BROWSER "));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

/// A folder of one article naming two people and a place.
fn talks_folder(home: &std::path::Path) -> std::path::PathBuf {
    let news = home.join("news");
    std::fs::create_dir_all(&news).unwrap();
    std::fs::write(
        news.join("talks.txt"),
        "Hassett meets Okonkwo\n\nKevin Hassett met Mara Okonkwo in Geneva on Monday. Hassett said the talks \
         would go on, and Okonkwo agreed.\n",
    )
    .unwrap();
    news
}

/// The entity panel's row naming `name`, if it shows one: the panel is the part of the screen
/// right of its title's border (`┌ Entities · 3`), beside the article, which names them too.
fn panel_row(screen: &str, name: &str) -> Option<String> {
    let column = screen.lines().find_map(|line| {
        let at = line.find("┌ Entities · ")?;
        Some(line[..at].chars().count())
    })?;
    screen.lines().find_map(|line| {
        let panel: String = line.chars().skip(column).collect();
        panel.contains(name).then(|| panel.trim_matches(|c: char| c == '│' || c.is_whitespace()).to_owned())
    })
}

#[test]
fn entities_are_renamed_merged_and_undone_in_the_panel_and_the_command_line_reads_the_corrections() {
    let home = home();
    let news = talks_folder(home.path());
    let mut tui = Tui::start(&[news.to_str().unwrap()], 150, 30, home.path());
    tui.wait_until("names found", |s| s.contains("Articles · 1") && !s.contains("finding names"));
    tui.send(keys::ENTER);
    tui.wait_for("ARTICLE ");
    tui.send("e");
    let screen = tui.wait_for("Entities · 3");
    assert!(screen.contains("c r rename"), "the status bar hints at the keys: {screen}");

    // Rename the selected entity (the first person): the name to edit, cleared, typed anew.
    tui.send("cr");
    tui.wait_for("rename “Kevin Hassett” to: Kevin Hassett");
    tui.send("\x15Kevin A. Hassett");
    tui.send(keys::ENTER);
    let screen = tui.wait_for("renamed “Kevin Hassett” to “Kevin A. Hassett” · c u undoes");
    assert!(panel_row(&screen, "Kevin A. Hassett").is_some(), "{screen}");
    let file = home.path().join("config/newsdesk/corrections.toml");
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(
        written.contains("[[rename]]\nname = \"Kevin Hassett\"\nkind = \"person\"\nto = \"Kevin A. Hassett\"\n"),
        "{written}"
    );

    // Merge the next person into it, chosen by a few letters.
    tui.send("j");
    tui.send("cm");
    tui.wait_for("merge “Mara Okonkwo” into:");
    tui.send("hass");
    tui.wait_for("→ Kevin A. Hassett · person");
    tui.send(keys::ENTER);
    let screen = tui.wait_for("merged “Mara Okonkwo” into “Kevin A. Hassett”");
    let row = tui.wait_until("the panel to show the merge", |s| s.contains("Entities · 2"));
    assert!(panel_row(&row, "Mara Okonkwo").is_none(), "{screen}");
    assert!(panel_row(&row, "Kevin A. Hassett").is_some_and(|r| r.ends_with('4')), "{row}");
    assert!(std::fs::read_to_string(&file).unwrap().contains("[[merge]]"));

    // Undo it: back on screen and out of the file; then merge again.
    tui.send("cu");
    tui.wait_for("undone: merged “Mara Okonkwo” into “Kevin A. Hassett”");
    tui.wait_for("Entities · 3");
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(!written.contains("[[merge]]") && written.contains("[[rename]]"), "{written}");
    tui.send("jcm");
    tui.wait_for("merge “Mara Okonkwo” into:");
    tui.send("hass");
    tui.wait_for("→ Kevin A. Hassett");
    tui.send(keys::ENTER);
    tui.wait_for("Entities · 2");
    tui.send("q");
    tui.wait_until("the panel to close", |s| !s.contains("Entities · "));
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    // The command line, run again with the same config folder, applies them.
    let output =
        support::newsdesk(&home.path().join("config")).args(["entities", news.to_str().unwrap()]).output().unwrap();
    let table = String::from_utf8(output.stdout).unwrap();
    let hassett = table.lines().find(|l| l.starts_with("Kevin A. Hassett ")).unwrap_or_else(|| panic!("{table}"));
    // Both people's mentions (the title's \"Hassett\" too), both names.
    assert!(hassett.contains(" 5 ") && hassett.contains("Mara Okonkwo"), "{hassett}");
    assert!(!table.lines().any(|l| l.starts_with("Mara Okonkwo") || l.starts_with("Kevin Hassett")), "{table}");
}

#[test]
fn a_bad_line_in_the_corrections_is_said_at_start_and_the_others_apply() {
    let home = home();
    let news = talks_folder(home.path());
    let folder = home.path().join("config/newsdesk");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("corrections.toml"),
        "[[ignore]]\nname = \"Geneva\"\nkind = \"plaec\"\n\n[[rename]]\nname = \"Mara Okonkwo\"\nto = \"Dr Mara Okonkwo\"\n",
    )
    .unwrap();
    let mut tui = Tui::start(&[news.to_str().unwrap()], 200, 30, home.path());
    let said = "corrections.toml:3: ignore.kind: unknown kind \"plaec\"";
    let screen = tui.wait_until("the problem said, names found", |s| s.contains(said) && !s.contains("finding names"));
    assert!(screen.contains("the other corrections apply"), "{screen}");
    tui.send(keys::ENTER);
    tui.send("e");
    let screen = tui.wait_for("Entities · 3");
    assert!(panel_row(&screen, "Dr Mara Okonkwo").is_some(), "{screen}");
    assert!(panel_row(&screen, "Geneva").is_some(), "the bad entry does nothing: {screen}");
    tui.send("q");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}
