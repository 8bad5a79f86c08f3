//! Recognises dates written in free text the way news sites write them.
//!
//! Forms: `2025-06-08` (also as the start of an ISO 8601 timestamp with a zone, whose date is
//! taken as written), `2017/2/7`, `June 8, 2025`, `Sunday, Jun 8, 2025 2:41 pm ET`, `Jun. 8th
//! 2025`, `8 June 2025`, `8th of June, 2025`, RFC 2822 (`Sun, 08 Jun 2025 14:41:00 -0400`), also
//! glued to surrounding text (`ET1min read`, `UpdatedJune 8, 2025`). Ambiguous numeric forms
//! (`06/08/2025`) are not guessed. Calendar arithmetic and validation are `jiff`'s.

use std::ops::Range;
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;

const MONTHS: &str = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?xi)
          (?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})
        | (?P<sy>\d{{4}})/(?P<sm>\d{{1,2}})/(?P<sd>\d{{1,2}})
        | (?P<m1>{MONTHS})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})
        | (?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{MONTHS})\.?,?\s+(?P<y2>\d{{4}})
        "
    );
    Regex::new(&pattern).expect("the date pattern is valid")
});

/// Finds the first date written in `text`; returns it with its byte range.
#[must_use]
pub fn find_date(text: &str) -> Option<(Date, Range<usize>)> {
    DATE.captures_iter(text).find_map(|caps| {
        let whole = caps.get(0)?;
        let (year, month, day, month_word) = if let Some(y) = caps.name("iy") {
            (y, number(caps.name("im")?.as_str())?, caps.name("id")?, None)
        } else if let Some(y) = caps.name("sy") {
            (y, number(caps.name("sm")?.as_str())?, caps.name("sd")?, None)
        } else if let Some(y) = caps.name("y1") {
            let m = caps.name("m1")?;
            (y, month_number(m.as_str())?, caps.name("d1")?, Some(m))
        } else {
            let m = caps.name("m2")?;
            (caps.name("y2")?, month_number(m.as_str())?, caps.name("d2")?, Some(m))
        };
        // Boundaries by hand (the regex crate has no look-around): no digit glued on either
        // side of a number, and a month name is either free-standing or capitalised after a
        // lower-case letter ("UpdatedJune 8").
        let before = text[..whole.start()].chars().next_back();
        let after = text[whole.end()..].chars().next();
        if after.is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        match month_word {
            Some(m) if m.start() == whole.start() => {
                let first = m.as_str().chars().next()?;
                if !first.is_uppercase() {
                    return None;
                }
                if before.is_some_and(|c| c.is_alphanumeric() && !c.is_lowercase()) {
                    return None;
                }
            }
            _ => {
                if before.is_some_and(char::is_alphanumeric) {
                    return None;
                }
                if month_word.is_some_and(|m| !m.as_str().starts_with(char::is_uppercase)) {
                    return None;
                }
            }
        }
        let date = make_date(number(year.as_str())?, month, number(day.as_str())?)?;
        Some((date, whole.range()))
    })
}

/// Reads a date from a metadata field (front matter, JSON record, manifest): any form
/// [`find_date`] knows, or a Unix timestamp in seconds or milliseconds (taken in UTC).
#[must_use]
pub fn parse_date(value: &str) -> Option<Date> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return date_of_timestamp(value.parse().ok()?);
    }
    find_date(value).map(|(date, _)| date)
}

/// The UTC date of a Unix timestamp; values past the year 5138 in seconds are milliseconds.
#[must_use]
pub(crate) fn date_of_timestamp(value: i64) -> Option<Date> {
    let timestamp = if value.abs() >= 100_000_000_000 {
        jiff::Timestamp::from_millisecond(value).ok()?
    } else {
        jiff::Timestamp::from_second(value).ok()?
    };
    let date = timestamp.to_zoned(jiff::tz::TimeZone::UTC).date();
    (1900..=2100).contains(&date.year()).then_some(date)
}

fn number<T: std::str::FromStr>(digits: &str) -> Option<T> {
    digits.parse().ok()
}

fn make_date(year: i16, month: i8, day: i8) -> Option<Date> {
    if !(1900..=2100).contains(&year) {
        return None;
    }
    Date::new(year, month, day).ok()
}

fn month_number(word: &str) -> Option<i8> {
    let prefix = word.get(..3)?.to_ascii_lowercase();
    let index = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .iter()
        .position(|m| *m == prefix)?;
    i8::try_from(index + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn found(text: &str) -> Option<Date> {
        find_date(text).map(|(d, _)| d)
    }

    #[test]
    fn news_forms_are_recognised() {
        let june8 = Some(date(2025, 6, 8));
        assert_eq!(found("Sunday, Jun 8, 2025 2:41 pm ET"), june8);
        assert_eq!(found("June 8, 2025"), june8);
        assert_eq!(found("Published June 8th, 2025 at noon"), june8);
        assert_eq!(found("Jun. 8 2025"), june8);
        assert_eq!(found("8 June 2025"), june8);
        assert_eq!(found("8th of June, 2025"), june8);
        assert_eq!(found("2025-06-08"), june8);
        assert_eq!(found("2025-06-08T23:30:00-04:00"), june8);
        assert_eq!(found("Sun, 08 Jun 2025 14:41:00 -0400"), june8);
        assert_eq!(found("SEPT. 30, 2024"), Some(date(2024, 9, 30)));
        assert_eq!(found("2017/2/7"), Some(date(2017, 2, 7)));
    }

    #[test]
    fn dates_glued_to_other_text_are_found() {
        assert_eq!(found("Sunday, Jun 8, 2025 2:41 pm ET1min read"), Some(date(2025, 6, 8)));
        assert_eq!(found("UpdatedJune 8, 2025"), Some(date(2025, 6, 8)));
        assert_eq!(found("Posted:2025-06-08"), Some(date(2025, 6, 8)));
    }

    #[test]
    fn range_covers_the_date_only() {
        let text = "Sunday, Jun 8, 2025 2:41 pm ET";
        let (_, range) = find_date(text).unwrap();
        assert_eq!(&text[range], "Jun 8, 2025");
    }

    #[test]
    fn impossible_and_ambiguous_dates_are_rejected() {
        assert_eq!(found("February 30, 2025"), None);
        assert_eq!(found("2025-13-01"), None);
        assert_eq!(found("06/08/2025"), None);
        assert_eq!(found("12025-06-08"), None);
        assert_eq!(found("2025-06-081"), None);
        assert_eq!(found("we may 8 2025"), None);
        assert_eq!(found("in 1066 a march 12 1066"), None);
        assert_eq!(found("no date here, only 2025"), None);
    }

    #[test]
    fn a_false_start_does_not_hide_a_later_date() {
        assert_eq!(found("ref 12025-01-01, then June 8, 2025"), Some(date(2025, 6, 8)));
    }

    #[test]
    fn metadata_fields_accept_timestamps() {
        assert_eq!(parse_date("1749393660"), Some(date(2025, 6, 8)));
        assert_eq!(parse_date("1749393660000"), Some(date(2025, 6, 8)));
        assert_eq!(parse_date(" 2025-06-08 "), Some(date(2025, 6, 8)));
        assert_eq!(parse_date("Sun, 08 Jun 2025 14:41:00 GMT"), Some(date(2025, 6, 8)));
        assert_eq!(parse_date("soon"), None);
        assert_eq!(parse_date(""), None);
    }
}
