//! Jumping between mentions in an article: the next or previous mention that passes a filter
//! (any entity, the current one, one kind), wrapping around the ends and saying so, as a
//! pager's search does. Pure: mentions in, a position out.

use crate::entities::Mention;

/// Where a jump landed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Jump {
    /// The mention's index among the article's mentions.
    pub index: usize,
    /// True when the jump went past the end (or the start) and came round.
    pub wrapped: bool,
}

/// Which way to jump.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Towards the end of the article.
    Forward,
    /// Towards its start.
    Backward,
}

/// The next mention (in `direction`) that passes `wanted`, after the current mention, or,
/// with no current mention, from byte `anchor` (the top of the view going forward, its bottom
/// going back). `None` when no mention passes.
#[must_use]
pub fn jump(
    mentions: &[Mention],
    current: Option<usize>,
    anchor: u32,
    direction: Direction,
    wanted: impl Fn(&Mention) -> bool,
) -> Option<Jump> {
    let starts: Vec<u32> = mentions.iter().map(|m| m.start).collect();
    jump_among(&starts, current, anchor, direction, |i| wanted(&mentions[i]))
}

/// The same jump over anything with a start in the text (mentions, search hits): `starts`
/// are their first bytes, in order; `wanted` picks by index.
#[must_use]
pub fn jump_among(
    starts: &[u32],
    current: Option<usize>,
    anchor: u32,
    direction: Direction,
    wanted: impl Fn(usize) -> bool,
) -> Option<Jump> {
    let candidates: Vec<usize> = (0..starts.len()).filter(|&i| wanted(i)).collect();
    let (first, last) = (*candidates.first()?, *candidates.last()?);
    let found = match (direction, current) {
        (Direction::Forward, Some(at)) => candidates.iter().copied().find(|&i| i > at),
        (Direction::Backward, Some(at)) => candidates.iter().rev().copied().find(|&i| i < at),
        (Direction::Forward, None) => candidates.iter().copied().find(|&i| starts[i] >= anchor),
        (Direction::Backward, None) => candidates.iter().rev().copied().find(|&i| starts[i] < anchor),
    };
    Some(match (found, direction) {
        (Some(index), _) => Jump { index, wrapped: false },
        (None, Direction::Forward) => Jump { index: first, wrapped: true },
        (None, Direction::Backward) => Jump { index: last, wrapped: true },
    })
}

/// The position of mention `index` among the mentions of its entity: `(n, of)`, 1-based.
#[must_use]
pub fn ordinal(mentions: &[Mention], index: usize) -> (usize, usize) {
    let entity = mentions[index].entity;
    let same: Vec<usize> = (0..mentions.len()).filter(|&i| mentions[i].entity == entity).collect();
    let n = same.iter().position(|&i| i == index).map_or(0, |p| p + 1);
    (n, same.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::EntityId;

    fn mentions(entities: &[u32]) -> Vec<Mention> {
        entities
            .iter()
            .enumerate()
            .map(|(i, &e)| Mention { entity: EntityId(e), start: i as u32 * 10, end: i as u32 * 10 + 5 })
            .collect()
    }

    #[test]
    fn next_and_previous_move_one_mention() {
        let m = mentions(&[1, 2, 1, 3]);
        assert_eq!(jump(&m, Some(1), 0, Direction::Forward, |_| true), Some(Jump { index: 2, wrapped: false }));
        assert_eq!(jump(&m, Some(1), 0, Direction::Backward, |_| true), Some(Jump { index: 0, wrapped: false }));
    }

    #[test]
    fn jumping_past_the_last_mention_wraps_to_the_first() {
        let m = mentions(&[1, 2, 1, 3]);
        assert_eq!(jump(&m, Some(3), 0, Direction::Forward, |_| true), Some(Jump { index: 0, wrapped: true }));
        assert_eq!(jump(&m, Some(0), 0, Direction::Backward, |_| true), Some(Jump { index: 3, wrapped: true }));
    }

    #[test]
    fn a_filter_keeps_to_one_entity() {
        let m = mentions(&[1, 2, 1, 3, 1]);
        let same = |x: &Mention| x.entity == EntityId(1);
        assert_eq!(jump(&m, Some(0), 0, Direction::Forward, same), Some(Jump { index: 2, wrapped: false }));
        assert_eq!(jump(&m, Some(4), 0, Direction::Forward, same), Some(Jump { index: 0, wrapped: true }));
        assert_eq!(ordinal(&m, 2), (2, 3));
    }

    #[test]
    fn with_one_mention_a_jump_wraps_onto_itself() {
        let m = mentions(&[7]);
        assert_eq!(jump(&m, Some(0), 0, Direction::Forward, |_| true), Some(Jump { index: 0, wrapped: true }));
        assert_eq!(ordinal(&m, 0), (1, 1));
    }

    #[test]
    fn with_no_entity_there_is_nowhere_to_jump() {
        assert_eq!(jump(&[], None, 0, Direction::Forward, |_| true), None);
        let m = mentions(&[1, 2]);
        assert_eq!(jump(&m, None, 0, Direction::Forward, |x| x.entity == EntityId(9)), None);
    }

    #[test]
    fn without_a_current_mention_jumps_start_from_the_view() {
        let m = mentions(&[1, 2, 3, 4]);
        // The view starts at byte 15: the first mention in view is the third (at 20).
        assert_eq!(jump(&m, None, 15, Direction::Forward, |_| true), Some(Jump { index: 2, wrapped: false }));
        assert_eq!(jump(&m, None, 15, Direction::Backward, |_| true), Some(Jump { index: 1, wrapped: false }));
    }
}
