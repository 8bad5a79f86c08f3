//! Going to a date: a prompt that takes `2017-03-14`, `14 mar`, `mar 14`, `2017-03` or a
//! relative `-3d` / `-2w` / `-1m` (before the newest listed article's day), and selects the
//! first listed article of that day, or the nearest one.

use jiff::ToSpan;
use jiff::civil::Date;

use super::prompt::Prompt;
use super::state::State;
use super::update::select;
use crate::command::Command;
use crate::library::Library;

/// The month names a date may use, by their first three letters.
const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// `D`: opens the prompt.
pub(super) fn open(state: &mut State) {
    state.goto = Some(Prompt::new(""));
}

/// A command while the prompt is open: enter goes, esc closes, the rest edits.
pub(super) fn command(state: &mut State, library: &Library, command: Command) {
    let Some(prompt) = state.goto.as_mut() else { return };
    match command {
        Command::Back => state.goto = None,
        Command::Open => {
            let text = prompt.text.clone();
            state.goto = None;
            go(state, library, &text);
        }
        _ => _ = super::searching::edit(prompt, command),
    }
}

/// Selects the listed article nearest the day `text` names; says what it did.
fn go(state: &mut State, library: &Library, text: &str) {
    let all = library.articles();
    let listed: Vec<(usize, Date)> = (0..state.list.listing.selectable.len())
        .filter_map(|n| Some((n, all[state.list.listing.article_at(n)?].day()?)))
        .collect();
    let Some(newest) = listed.iter().map(|&(_, day)| day).max() else {
        state.status.message = Some("no dated article is listed".into());
        return;
    };
    let day = match parse_day(text, newest) {
        Ok(day) => day,
        Err(why) => {
            state.status.message = Some(why);
            return;
        }
    };
    // The nearest day, and of its articles the first listed.
    let distance = |d: Date| (d - day).get_days().unsigned_abs();
    let Some(&(position, found)) = listed.iter().min_by_key(|&&(n, d)| (distance(d), n)) else { return };
    select(state, position);
    state.status.message = Some(if found == day {
        super::listing::day_label(day)
    } else {
        format!("nothing on {}: the nearest, {}", super::listing::day_label(day), super::listing::day_label(found))
    });
}

/// The day a text names: a date (`2017-03-14`, `2017-03` for its first day, `14 mar`,
/// `mar 14`, with or without a year; without one, the latest such day not after `newest`), or
/// `-N` days, weeks or months before `newest` (`-3d`, `-2w`, `-1m`).
pub fn parse_day(text: &str, newest: Date) -> Result<Date, String> {
    let text = text.trim().to_lowercase();
    let bad = || format!("`{text}` is not a date: try 2017-03-14, 14 mar, mar 14 or -3d");
    if let Some(relative) = text.strip_prefix('-') {
        let split = relative.find(|c: char| !c.is_ascii_digit()).unwrap_or(relative.len());
        let n: i64 = relative[..split].parse().map_err(|_| bad())?;
        let span = match relative[split..].trim() {
            "" | "d" | "day" | "days" => n.days(),
            "w" | "week" | "weeks" => n.weeks(),
            "m" | "month" | "months" => n.months(),
            _ => return Err(bad()),
        };
        return newest.checked_sub(span).map_err(|_| bad());
    }
    if let Ok(day) = text.parse::<Date>() {
        return Ok(day);
    }
    if let Some((year, month)) = text.split_once('-')
        && let (Ok(year), Ok(month)) = (year.parse::<i16>(), month.parse::<i8>())
    {
        return Date::new(year, month, 1).map_err(|_| bad());
    }
    // Words: a month name, a day, maybe a year, in either order.
    let mut month = None;
    let (mut numbers, mut year) = (Vec::new(), None);
    for word in text.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()) {
        if let Some(m) = MONTHS.iter().position(|m| word.starts_with(m)) {
            month = Some(i8::try_from(m + 1).unwrap_or(1));
        } else if let Ok(n) = word.trim_end_matches(|c: char| c.is_alphabetic()).parse::<i16>() {
            if n > 31 { year = Some(n) } else { numbers.push(n) }
        } else {
            return Err(bad());
        }
    }
    let (Some(month), [day]) = (month, numbers.as_slice()) else { return Err(bad()) };
    let day = i8::try_from(*day).map_err(|_| bad())?;
    if let Some(year) = year {
        return Date::new(year, month, day).map_err(|_| bad());
    }
    let this_year = Date::new(newest.year(), month, day).map_err(|_| bad())?;
    if this_year <= newest { Ok(this_year) } else { Date::new(newest.year() - 1, month, day).map_err(|_| bad()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn days_are_read_as_people_write_them() {
        let newest = date(2017, 3, 30);
        assert_eq!(parse_day("2017-03-14", newest), Ok(date(2017, 3, 14)));
        assert_eq!(parse_day("2017-03", newest), Ok(date(2017, 3, 1)));
        assert_eq!(parse_day("mar 14", newest), Ok(date(2017, 3, 14)));
        assert_eq!(parse_day("14 March", newest), Ok(date(2017, 3, 14)));
        assert_eq!(parse_day("Dec 25", newest), Ok(date(2016, 12, 25)), "the latest not after the newest");
        assert_eq!(parse_day("feb 3, 2016", newest), Ok(date(2016, 2, 3)));
        assert_eq!(parse_day("-3d", newest), Ok(date(2017, 3, 27)));
        assert_eq!(parse_day("-2w", newest), Ok(date(2017, 3, 16)));
        assert_eq!(parse_day("-1m", newest), Ok(date(2017, 2, 28)));
        assert!(parse_day("yesterday", newest).unwrap_err().contains("is not a date"));
        assert!(parse_day("feb 30", newest).is_err());
    }
}
