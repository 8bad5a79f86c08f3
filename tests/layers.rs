//! The house's layers: every top-level module of the crate uses only modules below it. This
//! test reads the `crate::` paths of every module's non-test code (comments, strings and
//! `#[cfg(test)]` items left out) and fails on any import cycle between top-level modules,
//! naming the modules of the cycle and one line of each edge. It also keeps the terminal
//! (crossterm) in the shell.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// Where one top-level module uses another: file and line.
type Evidence = BTreeMap<(String, String), (PathBuf, usize)>;

/// The only top-level modules allowed to name crossterm: the terminal shell, and the keymap's
/// translation of key events is in the shell too.
const TERMINAL_MODULES: &[&str] = &["tui"];

#[test]
fn top_level_modules_form_no_import_cycle() {
    let edges = crate_edges();
    let cycles = cycles(&edges);
    let described: Vec<String> = cycles
        .iter()
        .map(|group| format!("{} in one cycle, e.g. {}", group.join(", "), describe(group, &edges)))
        .collect();
    assert!(described.is_empty(), "import cycles between top-level modules:\n{}", described.join("\n"));
}

#[test]
fn only_the_shell_names_the_terminal() {
    let mut offenders = Vec::new();
    for (module, files) in modules() {
        if TERMINAL_MODULES.contains(&module.as_str()) {
            continue;
        }
        for file in files {
            let code = non_test_code(&fs::read_to_string(&file).unwrap());
            for (n, line) in code.lines().enumerate() {
                if line.contains("crossterm") {
                    offenders.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "crossterm outside the shell:\n{}", offenders.join("\n"));
}

#[test]
fn the_check_finds_a_cycle_and_ignores_tests_and_comments() {
    let code = "use crate::a::X; // crate::c\n/// [`Y`](crate::d::Y)\nfn f() { let s = \"crate::e\"; }\n\
                #[cfg(test)]\nmod tests { use crate::f; fn g() { let c = '{'; } }\nuse crate::{b::Z, g};\n";
    assert_eq!(used_modules(&non_test_code(code)), ["a", "b", "g"]);
    let mut edges = Evidence::new();
    for (from, to) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        edges.insert((from.into(), to.into()), (PathBuf::from(format!("{from}.rs")), 1));
    }
    let found = cycles(&edges);
    assert_eq!(found, vec![vec!["a".to_owned(), "b".to_owned(), "c".to_owned()]]);
    assert_eq!(describe(&found[0], &edges), "a -> b (a.rs:1) -> c (b.rs:1) -> a (c.rs:1)");
}

/// The crate's top-level modules and the source files of each (`foo.rs` and everything under
/// `foo/`), but for files declared only for tests.
fn modules() -> BTreeMap<String, Vec<PathBuf>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules = BTreeMap::new();
    for entry in fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned) else { continue };
        if path.extension().is_some_and(|e| e == "rs") && stem != "lib" && stem != "main" {
            let mut files = vec![path.clone()];
            collect(&src.join(&stem), &mut files);
            let test_only = test_only_files(&files);
            files.retain(|f| !test_only.contains(f));
            modules.insert(stem, files);
        }
    }
    modules
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// Files declared by `#[cfg(test)] mod name;` (with everything under them).
fn test_only_files(files: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut test_only = BTreeSet::new();
    for file in files {
        let text = fs::read_to_string(file).unwrap();
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for pair in lines.windows(2) {
            if pair[0] == "#[cfg(test)]"
                && let Some(name) = pair[1].strip_prefix("mod ").and_then(|m| m.strip_suffix(';'))
            {
                let dir = file.with_extension("");
                let dir = if file.file_name().is_some_and(|n| n == "mod.rs") {
                    file.parent().unwrap().to_path_buf()
                } else {
                    dir
                };
                test_only.insert(dir.join(format!("{name}.rs")));
                for f in files.iter().filter(|f| f.starts_with(dir.join(name))) {
                    test_only.insert(f.clone());
                }
            }
        }
    }
    test_only
}

/// Every edge between top-level modules, with the first place it is seen.
fn crate_edges() -> Evidence {
    let mut edges = Evidence::new();
    let modules = modules();
    for (module, files) in &modules {
        for file in files {
            let code = non_test_code(&fs::read_to_string(file).unwrap());
            for (n, line) in code.lines().enumerate() {
                for used in used_modules(line) {
                    if used != *module && modules.contains_key(&used) {
                        edges.entry((module.clone(), used)).or_insert((file.clone(), n + 1));
                    }
                }
            }
        }
    }
    edges
}

/// The top-level modules a piece of code names through `crate::` (or `$crate::`), in order.
fn used_modules(code: &str) -> Vec<String> {
    let mut used = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a::b, c}`: the first segment of each item at the group's top level.
            let mut depth = 0;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => {
                        used.push(identifier(&group[i..]).to_owned());
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            used.push(identifier(rest).to_owned());
        }
    }
    used
}

fn identifier(text: &str) -> &str {
    let end = text.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(text.len());
    &text[..end]
}

/// The code with comments, string and character literals blanked out (line breaks kept, so
/// that line numbers stay), and every item under `#[cfg(test)]` removed.
fn non_test_code(text: &str) -> String {
    let blanked = blank_comments_and_literals(text);
    let mut out = String::with_capacity(blanked.len());
    let mut rest = blanked.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // The item ends at its first `;` outside braces, or where its first brace closes.
        let mut depth = 0;
        let mut end = rest.len();
        for (i, c) in rest.char_indices().skip("#[cfg(test)]".len()) {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        out.extend(rest[..end].chars().filter(|&c| c == '\n'));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Blanks comments, strings (raw ones too) and character literals, keeping line breaks.
fn blank_comments_and_literals(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let keep_breaks =
        |out: &mut String, from: &[char]| out.extend(from.iter().map(|&c| if c == '\n' { '\n' } else { ' ' }));
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let end = if c == '/' && next == Some('/') {
            chars[i..].iter().position(|&c| c == '\n').map_or(chars.len(), |p| i + p)
        } else if c == '/' && next == Some('*') {
            let mut j = i + 2;
            while j + 1 < chars.len() && !(chars[j] == '*' && chars[j + 1] == '/') {
                j += 1;
            }
            (j + 2).min(chars.len())
        } else if c == 'r'
            && matches!(next, Some('#' | '"'))
            && !chars[..i].last().is_some_and(|c| c.is_alphanumeric() || *c == '_')
        {
            let hashes = chars[i + 1..].iter().take_while(|&&c| c == '#').count();
            if chars.get(i + 1 + hashes) == Some(&'"') {
                let mut j = i + 2 + hashes;
                loop {
                    if j >= chars.len() {
                        break chars.len();
                    }
                    if chars[j] == '"' && chars[j + 1..].iter().take(hashes).filter(|&&c| c == '#').count() == hashes {
                        break j + 1 + hashes;
                    }
                    j += 1;
                }
            } else {
                i + 1
            }
        } else if c == '"' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            (j + 1).min(chars.len())
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{..}'), not a lifetime ('a).
            if next == Some('\\') {
                chars[i + 2..].iter().position(|&c| c == '\'').map_or(i + 1, |p| i + 3 + p)
            } else if chars.get(i + 2) == Some(&'\'') {
                i + 3
            } else {
                i + 1
            }
        } else {
            out.push(c);
            i += 1;
            continue;
        };
        if end == i + 1 {
            out.push(c);
        } else {
            keep_breaks(&mut out, &chars[i..end]);
        }
        i = end;
    }
    out
}

/// The strongly connected groups of more than one module (each a set of modules that import
/// one another in a ring), each sorted.
fn cycles(edges: &Evidence) -> Vec<Vec<String>> {
    let nodes: BTreeSet<&String> = edges.keys().flat_map(|(a, b)| [a, b]).collect();
    let reaches = |from: &String| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(node) = stack.pop() {
            for (a, b) in edges.keys() {
                if *a == node && seen.insert(b.clone()) {
                    stack.push(b.clone());
                }
            }
        }
        seen
    };
    let reach: BTreeMap<&String, BTreeSet<String>> = nodes.iter().map(|n| (*n, reaches(n))).collect();
    let mut groups: Vec<Vec<String>> = Vec::new();
    for node in &nodes {
        if groups.iter().any(|g| g.contains(node)) || !reach[node].contains(*node) {
            continue;
        }
        let group: Vec<String> = nodes
            .iter()
            .filter(|other| reach[node].contains(**other) && reach[*other].contains(*node))
            .map(|s| (*s).clone())
            .collect();
        groups.push(group);
    }
    groups
}

/// One ring through a group, with where each edge is: `a -> b (a.rs:3) -> a (b.rs:9)`.
fn describe(group: &[String], edges: &Evidence) -> String {
    // The shortest way back to the first module, by breadth-first search inside the group.
    let start = &group[0];
    let mut previous: BTreeMap<String, String> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start.clone()]);
    let mut closing = None;
    while let Some(node) = queue.pop_front() {
        for ((a, b), _) in edges.iter().filter(|((a, b), _)| *a == node && group.contains(b)) {
            if b == start {
                closing = Some(a.clone());
                break;
            }
            if !previous.contains_key(b) {
                previous.insert(b.clone(), a.clone());
                queue.push_back(b.clone());
            }
        }
        if closing.is_some() {
            break;
        }
    }
    let mut path = vec![start.clone()];
    let mut node = closing.expect("a group is a ring");
    while node != *start {
        path.push(node.clone());
        node = previous[&node].clone();
    }
    path[1..].reverse();
    path.push(start.clone());
    let mut text = path[0].clone();
    for pair in path.windows(2) {
        let (file, line) = &edges[&(pair[0].clone(), pair[1].clone())];
        let file = file.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(file);
        let file = file.strip_prefix("src").unwrap_or(file).display().to_string().trim_start_matches('/').to_owned();
        let _ = write!(text, " -> {} ({file}:{line})", pair[1]);
    }
    text
}
