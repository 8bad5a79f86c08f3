//! Correcting the entities from the reader: rename, merge, change the kind of, or ignore the
//! focused entity (see [`focused_entity`]), and undo the corrections made here, the latest
//! first. A correction is an effect the loop carries out (the corrections file written, the
//! library corrected, see [`crate::entities::corrections`]); the reader then says what
//! happened ([`corrected`]) and shows it ([`applied`]).

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::entity_list::{panel_entities, panel_rows};
use super::prompt::Prompt;
use super::state::{Focus, State};
use super::update::Effect;
use crate::command::Command;
use crate::entities::corrections::{Correction, EntityKey};
use crate::entities::{EntityId, Kind};
use crate::library::Library;

/// How many entities the merge prompt offers at most.
const CHOICES: usize = 30;

/// What a correction prompt asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asking {
    /// The entity's new name.
    Rename,
    /// The entity to merge it into.
    Merge,
    /// Its kind.
    Kind,
}

/// One of the answers a correction prompt offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// An entity to merge into.
    Entity(EntityId),
    /// A kind.
    Kind(Kind),
}

/// The prompt of a correction that needs an answer: a new name, the entity to merge into (the
/// best matches of what is typed offered, ↑ and ↓ choose), or a kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorrectionPrompt {
    /// What it asks.
    pub asking: Asking,
    /// The entity corrected.
    pub entity: EntityId,
    /// What is typed.
    pub prompt: Prompt,
    /// The answers that match what is typed, best first (merge and kind).
    pub choices: Vec<Choice>,
    /// The answer chosen among them.
    pub chosen: usize,
}

/// A correction made here, and the entity to show selected once it is made or undone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Made {
    /// The correction.
    pub correction: Correction,
    /// The entity to select.
    pub entity: EntityId,
}

/// A change to the corrections file, for the loop to make.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Add this correction at the end.
    Add(Made),
    /// Take this correction, the latest made here, out again.
    Undo(Made),
}

/// The entity the correction keys act on: in the entity panel, the selected row. (Every view
/// that lists entities answers here, so that the keys work there too.)
#[must_use]
pub fn focused_entity(state: &State, library: &Library) -> Option<EntityId> {
    if super::browser::is_open(state) {
        return super::browser::selected_entity(state);
    }
    match state.focus {
        Focus::Entities => super::update::panel_selection(state, library),
        Focus::Articles | Focus::Article => None,
    }
}

/// A correction key: ignores the focused entity at once, opens the prompt the others need, or
/// undoes the latest correction made here.
pub(super) fn command(state: &mut State, library: &Library, command: Command) -> Option<Effect> {
    if let Some(off) = &state.correcting.off {
        state.status.message = Some(off.clone());
        return None;
    }
    if command == Command::UndoCorrection {
        let Some(made) = state.correcting.made.last() else {
            state.status.message = Some("nothing to undo: c u takes back the corrections made in this session".into());
            return None;
        };
        return Some(Effect::Correct(Edit::Undo(made.clone())));
    }
    let Some(entity) = focused_entity(state, library) else {
        state.status.message = Some("no entity to correct: choose one in the entity panel (e)".into());
        return None;
    };
    let key = EntityKey::of(library.entities().entity(entity));
    let asking = match command {
        Command::IgnoreEntity => return Some(made(Correction::Ignore { entity: key }, entity)),
        Command::RenameEntity => Asking::Rename,
        Command::MergeEntity => Asking::Merge,
        _ => Asking::Kind,
    };
    let text = if asking == Asking::Rename { key.name.as_str() } else { "" };
    let mut prompt = CorrectionPrompt { asking, entity, prompt: Prompt::new(text), choices: Vec::new(), chosen: 0 };
    prompt.choices = choices(state, library, &prompt);
    state.correcting.prompt = Some(prompt);
    None
}

/// The effect that makes a correction.
fn made(correction: Correction, entity: EntityId) -> Effect {
    Effect::Correct(Edit::Add(Made { correction, entity }))
}

/// A character typed into the prompt.
pub(super) fn type_char(state: &mut State, library: &Library, c: char) {
    let Some(prompt) = state.correcting.prompt.as_mut() else { return };
    prompt.prompt.insert(c);
    rechoose(state, library);
}

/// A command while the prompt is open: enter corrects, esc leaves it, ↑ and ↓ choose, the rest
/// edits.
pub(super) fn prompt_command(state: &mut State, library: &Library, command: Command) -> Option<Effect> {
    let prompt = state.correcting.prompt.as_mut()?;
    let count = prompt.choices.len();
    match command {
        Command::Back => state.correcting.prompt = None,
        Command::Open => return answer(state, library),
        Command::Down | Command::PageDown | Command::HalfPageDown if count > 0 => {
            prompt.chosen = (prompt.chosen + 1) % count;
        }
        Command::Up | Command::PageUp | Command::HalfPageUp if count > 0 => {
            prompt.chosen = (prompt.chosen + count - 1) % count;
        }
        _ => {
            if super::searching::edit(&mut prompt.prompt, command) {
                rechoose(state, library);
            }
        }
    }
    None
}

/// The choices again, after the text changed.
fn rechoose(state: &mut State, library: &Library) {
    let Some(prompt) = state.correcting.prompt.as_ref() else { return };
    let choices = choices(state, library, prompt);
    if let Some(prompt) = state.correcting.prompt.as_mut() {
        prompt.choices = choices;
        prompt.chosen = 0;
    }
}

/// What the prompt offers for what is typed: for a merge, the entities whose names match it
/// best (with nothing typed, the open article's others); for a kind, the kinds it starts.
fn choices(state: &State, library: &Library, prompt: &CorrectionPrompt) -> Vec<Choice> {
    let index = library.entities();
    let typed = prompt.prompt.text.trim();
    match prompt.asking {
        Asking::Rename => Vec::new(),
        Asking::Kind => {
            let typed = typed.to_lowercase();
            let current = index.entity(prompt.entity).kind;
            Kind::ALL
                .into_iter()
                .filter(|&k| {
                    k != current
                        && (k.name().starts_with(&typed)
                            || (k == Kind::Organisation && "organization".starts_with(&typed)))
                })
                .map(Choice::Kind)
                .collect()
        }
        Asking::Merge if typed.is_empty() => {
            let Some(reading) = state.reading.as_ref() else { return Vec::new() };
            panel_entities(&panel_rows(library, reading.index))
                .into_iter()
                .filter(|&id| id != prompt.entity)
                .map(Choice::Entity)
                .collect()
        }
        Asking::Merge => {
            let matcher = SkimMatcherV2::default().ignore_case();
            let mut scored: Vec<(i64, u32, EntityId)> = index
                .entities()
                .iter()
                .enumerate()
                .filter(|&(i, e)| e.mentions > 0 && i != prompt.entity.0 as usize)
                .filter_map(|(i, e)| Some((matcher.fuzzy_match(&e.name, typed)?, e.mentions, EntityId(i as u32))))
                .collect();
            scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
            scored.into_iter().take(CHOICES).map(|(_, _, id)| Choice::Entity(id)).collect()
        }
    }
}

/// Enter in the prompt: the correction its answer makes, or what is missing.
fn answer(state: &mut State, library: &Library) -> Option<Effect> {
    let prompt = state.correcting.prompt.as_ref()?;
    let entity = prompt.entity;
    let key = EntityKey::of(library.entities().entity(entity));
    let chosen = prompt.choices.get(prompt.chosen).copied();
    let typed = prompt.prompt.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let correction = match (prompt.asking, chosen) {
        (Asking::Rename, _) if typed.is_empty() => {
            state.status.message = Some("type the new name (esc leaves it as it is)".into());
            return None;
        }
        (Asking::Rename, _) if typed == key.name => {
            state.correcting.prompt = None;
            state.status.message = Some("the name is unchanged".into());
            return None;
        }
        (Asking::Rename, _) => Correction::Rename { entity: key, to: typed },
        (Asking::Merge, Some(Choice::Entity(into))) => {
            let into_key = EntityKey::of(library.entities().entity(into));
            state.correcting.prompt = None;
            return Some(made(Correction::Merge { into: into_key, names: vec![key] }, into));
        }
        (Asking::Kind, Some(Choice::Kind(to))) => Correction::Kind { entity: key, to },
        (Asking::Merge, _) => {
            state.status.message = Some(format!("no entity matches “{typed}”"));
            return None;
        }
        (Asking::Kind, _) => {
            let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            state.status.message = Some(format!("no kind starts with “{typed}”: {}", kinds.join(", ")));
            return None;
        }
    };
    state.correcting.prompt = None;
    Some(made(correction, entity))
}

/// The loop made the change to the corrections file (or could not): the status bar says so,
/// and the correction goes on (or comes off) the stack of those to undo.
pub(super) fn corrected(state: &mut State, edit: Edit, outcome: Result<(), String>) {
    let (made, undoing) = match edit {
        Edit::Add(made) => (made, false),
        Edit::Undo(made) => (made, true),
    };
    let what = made.correction.describe();
    state.status.message = Some(match (outcome, undoing) {
        (Ok(()), false) => {
            let message = format!("{what} · c u undoes (corrections.toml)");
            state.correcting.focus = Some(made.entity);
            state.correcting.made.push(made);
            message
        }
        (Ok(()), true) => {
            if let Some(at) = state.correcting.made.iter().rposition(|m| *m == made) {
                state.correcting.made.remove(at);
            }
            state.correcting.focus = Some(made.entity);
            format!("undone: {what}")
        }
        (Err(why), false) => format!("not saved, so not made: {what}: {why}"),
        (Err(why), true) => format!("could not undo “{what}”: {why}"),
    });
}

/// The library took the corrections: the entity corrected is selected in the panel, and the
/// search under way runs again (names changed).
pub(super) fn applied(state: &mut State, library: &Library) -> Option<Effect> {
    if let (Some(entity), Some(reading)) = (state.correcting.focus.take(), state.reading.as_ref())
        && let Some(position) = panel_entities(&panel_rows(library, reading.index)).iter().position(|&e| e == entity)
        && state.entities.panel.is_some()
    {
        state.entities.panel = Some(position);
    }
    super::searching::search_again(state, library)
}

/// The prompt's line for the status bar: what it asks (`rename “Xi” to: `), and the answer
/// chosen with its place among the choices.
#[must_use]
pub fn prompt_label(prompt: &CorrectionPrompt, library: &Library) -> (String, String) {
    let index = library.entities();
    let name = crate::sanitize::line(&index.entity(prompt.entity).name).into_owned();
    let label = match prompt.asking {
        Asking::Rename => format!(" rename “{name}” to: "),
        Asking::Merge => format!(" merge “{name}” into: "),
        Asking::Kind => format!(" kind of “{name}”: "),
    };
    let of = prompt.choices.len();
    let chosen = match prompt.choices.get(prompt.chosen) {
        _ if prompt.asking == Asking::Rename => String::new(),
        None => " no match ".to_owned(),
        Some(Choice::Kind(kind)) => format!(" → {kind} ({}/{of}) ", prompt.chosen + 1),
        Some(Choice::Entity(id)) => {
            let entity = index.entity(*id);
            let articles = crate::wording::counted(entity.articles.len(), "article", "articles");
            let name = crate::sanitize::line(&entity.name);
            format!(" → {name} · {} · {articles} ({}/{of}) ", entity.kind, prompt.chosen + 1)
        }
    };
    (label, chosen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::corrections::Corrections;
    use crate::reader::update::{Input, update};
    use crate::testing::seeds;

    /// The reader on the seeds, the article naming `name` open and its entity panel focused
    /// with `name` selected.
    fn panel_on(library: &Library, name: &str) -> State {
        let mut state = State::new(library, 46, 40);
        update(&mut state, library, Input::Resize(120, 40));
        let index = library.entities();
        let (id, entity) = index.entities().iter().enumerate().find(|(_, e)| e.name == name).expect(name);
        let article = entity.articles[0].0 as usize;
        super::super::update::go_to(&mut state, super::super::state::Place { article, anchor: None, current: None });
        update(&mut state, library, Input::Command(Command::ToggleEntities));
        let rows = panel_entities(&panel_rows(library, article));
        state.entities.panel = rows.iter().position(|&e| e == EntityId(id as u32));
        assert_eq!(focused_entity(&state, library), Some(EntityId(id as u32)));
        state
    }

    /// Carries out a correction as the loop does, with `file` for the corrections file.
    fn carry_out(state: &mut State, library: &mut Library, file: &mut Vec<Correction>, effect: Option<Effect>) {
        let Some(Effect::Correct(edit)) = effect else { panic!("a correction, not {effect:?}") };
        match &edit {
            Edit::Add(made) => file.push(made.correction.clone()),
            Edit::Undo(made) => {
                let at = file.iter().rposition(|c| *c == made.correction).expect("in the file");
                file.remove(at);
            }
        }
        update(state, library, Input::Corrected { edit, outcome: Ok(()) });
        library.set_corrections(Corrections::from(file.clone()));
        update(state, library, Input::CorrectionsApplied);
    }

    fn press(state: &mut State, library: &Library, command: Command) -> Option<Effect> {
        update(state, library, Input::Command(command))
    }

    fn type_text(state: &mut State, library: &Library, text: &str) {
        for c in text.chars() {
            update(state, library, Input::Type(c));
        }
    }

    fn selected_name(state: &State, library: &Library) -> String {
        library.entities().entity(focused_entity(state, library).unwrap()).name.clone()
    }

    #[test]
    fn a_rename_is_typed_shown_at_once_and_undone() {
        let mut library = seeds();
        let mut file = Vec::new();
        let mut state = panel_on(&library, "Kevin Hassett");
        assert_eq!(press(&mut state, &library, Command::RenameEntity), None);
        assert_eq!(crate::reader::mode(&state), crate::command::Mode::Prompt);
        assert_eq!(state.correcting.prompt.as_ref().unwrap().prompt.text, "Kevin Hassett", "the name to edit");
        press(&mut state, &library, Command::ClearPrompt);
        type_text(&mut state, &library, "Kevin  A. Hassett ");
        let effect = press(&mut state, &library, Command::Open);
        carry_out(&mut state, &mut library, &mut file, effect);
        assert_eq!(selected_name(&state, &library), "Kevin A. Hassett", "still selected, under its new name");
        let message = state.status.message.clone().unwrap();
        assert_eq!(message, "renamed “Kevin Hassett” to “Kevin A. Hassett” · c u undoes (corrections.toml)");
        assert_eq!(crate::reader::mode(&state), crate::command::Mode::Entities);
        press(&mut state, &library, Command::Down);
        let next = selected_name(&state, &library);
        assert_ne!(next, "Kevin A. Hassett", "down moves on");
        press(&mut state, &library, Command::MergeEntity);
        let asked = state.correcting.prompt.as_ref().unwrap().entity;
        assert_eq!(library.entities().entity(asked).name, next, "the entity selected");
        press(&mut state, &library, Command::Back);
        press(&mut state, &library, Command::Up);

        let effect = press(&mut state, &library, Command::UndoCorrection);
        carry_out(&mut state, &mut library, &mut file, effect);
        assert!(file.is_empty());
        assert_eq!(selected_name(&state, &library), "Kevin Hassett");
        assert!(state.status.message.as_deref().unwrap().starts_with("undone: renamed"));
        assert_eq!(press(&mut state, &library, Command::UndoCorrection), None);
        assert!(state.status.message.as_deref().unwrap().starts_with("nothing to undo"));
    }

    #[test]
    fn a_merge_offers_the_names_that_match_and_selects_the_entity_kept() {
        let mut library = seeds();
        let mut file = Vec::new();
        let mut state = panel_on(&library, "Xi Jinping");
        press(&mut state, &library, Command::MergeEntity);
        let offered = state.correcting.prompt.as_ref().unwrap().choices.len();
        assert!(offered > 0, "with nothing typed, the article's other entities");
        type_text(&mut state, &library, "trmp");
        let prompt = state.correcting.prompt.as_ref().unwrap();
        let (label, chosen) = prompt_label(prompt, &library);
        assert_eq!(label, " merge “Xi Jinping” into: ");
        assert!(chosen.starts_with(" → Donald Trump · person · "), "{chosen}");
        press(&mut state, &library, Command::Down);
        press(&mut state, &library, Command::Up);
        let effect = press(&mut state, &library, Command::Open);
        carry_out(&mut state, &mut library, &mut file, effect);
        assert_eq!(selected_name(&state, &library), "Donald Trump");
        let xi = library.entities().entities().iter().find(|e| e.name == "Xi Jinping").unwrap();
        assert_eq!(xi.mentions, 0, "merged");
        assert_eq!(
            state.status.message.as_deref(),
            Some("merged “Xi Jinping” into “Donald Trump” · c u undoes (corrections.toml)")
        );
    }

    #[test]
    fn a_kind_is_chosen_by_its_first_letters_and_an_ignored_entity_leaves_the_panel() {
        let mut library = seeds();
        let mut file = Vec::new();
        let mut state = panel_on(&library, "Wall Street");
        press(&mut state, &library, Command::ChangeKind);
        type_text(&mut state, &library, "pl");
        assert_eq!(state.correcting.prompt.as_ref().unwrap().choices, [Choice::Kind(Kind::Place)]);
        let effect = press(&mut state, &library, Command::Open);
        carry_out(&mut state, &mut library, &mut file, effect);
        assert_eq!(library.entities().entity(focused_entity(&state, &library).unwrap()).kind, Kind::Place);
        assert_eq!(
            state.status.message.as_deref().map(|m| m.split(" · ").next()),
            Some(Some("“Wall Street” is now a place"))
        );

        let effect = press(&mut state, &library, Command::IgnoreEntity);
        carry_out(&mut state, &mut library, &mut file, effect);
        let article = state.reading.as_ref().unwrap().index;
        let names: Vec<String> = panel_entities(&panel_rows(&library, article))
            .into_iter()
            .map(|e| library.entities().entity(e).name.clone())
            .collect();
        assert!(!names.contains(&"Wall Street".to_owned()), "{names:?}");
        assert_eq!(file.len(), 2);
        assert_eq!(state.correcting.made.len(), 2, "both can be undone");
    }

    #[test]
    fn a_kind_that_is_no_kind_is_said_and_esc_leaves_the_prompt() {
        let library = seeds();
        let mut state = panel_on(&library, "Wall Street");
        press(&mut state, &library, Command::ChangeKind);
        type_text(&mut state, &library, "planet");
        assert_eq!(press(&mut state, &library, Command::Open), None);
        assert!(state.status.message.as_deref().unwrap().starts_with("no kind starts with “planet”: person, "));
        press(&mut state, &library, Command::Back);
        assert!(state.correcting.prompt.is_none());
    }

    #[test]
    fn with_corrections_off_the_keys_say_so() {
        let library = seeds();
        let mut state = panel_on(&library, "Wall Street");
        state.correcting.off = Some("corrections are off".into());
        assert_eq!(press(&mut state, &library, Command::IgnoreEntity), None);
        assert_eq!(state.status.message.as_deref(), Some("corrections are off"));
    }
}
