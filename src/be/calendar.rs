//! Belgian public holidays and business days.
//!
//! Book XIX of the Code of Economic Law starts the consumer waiting period on the
//! 3rd *working day* after a paper reminder, and formal-notice deadlines are counted
//! in business days: both need the same calendar. The holiday list is data
//! (`data/holidays.yaml`); only Easter (Gregorian computus) is computed here.
//!
//! Whether Saturday is a working day is unsettled for Book XIX (law reference sheet
//! §14); we skip Saturdays, which gives the later, safer date.

use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Deserialize;

use crate::error::UserError;

/// The holiday rules shipped with clausier, so a calendar needs no file at run time.
const EMBEDDED_HOLIDAYS: &str = include_str!("../../data/holidays.yaml");

/// A Belgian linguistic community, whose own holiday a business may also observe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Community {
    /// 11 July.
    Flemish,
    /// 27 September.
    French,
    /// 15 November.
    German,
}

impl std::str::FromStr for Community {
    type Err = UserError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "flemish" | "vl" | "nl" => Ok(Community::Flemish),
            "french" | "fr" => Ok(Community::French),
            "german" | "de" => Ok(Community::German),
            other => Err(UserError::new(format!("unknown community `{other}`"))
                .hint("use flemish, french or german")),
        }
    }
}

/// One holiday on a given date, named in the three document languages.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Holiday {
    /// The calendar date.
    pub date: NaiveDate,
    /// Stable key (`easter_monday`, `armistice`, ...) for tests and JSON.
    pub key: String,
    /// French name.
    pub fr: String,
    /// Dutch name.
    pub nl: String,
    /// English name.
    pub en: String,
}

/// One row of `data/holidays.yaml`: a fixed day or an offset from Easter Sunday.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayRule {
    key: String,
    #[serde(default)]
    community: Option<Community>,
    #[serde(default)]
    month: Option<u32>,
    #[serde(default)]
    day: Option<u32>,
    #[serde(default)]
    easter_offset: Option<i64>,
    fr: String,
    nl: String,
    en: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayFile {
    national: Vec<HolidayRule>,
    community: Vec<HolidayRule>,
}

/// The rules parsed once from the embedded file; the file is tested, so parsing cannot fail.
fn rules() -> &'static HolidayFile {
    static RULES: OnceLock<HolidayFile> = OnceLock::new();
    RULES.get_or_init(|| {
        let file: HolidayFile = serde_yaml::from_str(EMBEDDED_HOLIDAYS)
            .unwrap_or_else(|e| panic!("data/holidays.yaml is invalid: {e}"));
        for r in file.national.iter().chain(&file.community) {
            let fixed = r.month.is_some() && r.day.is_some() && r.easter_offset.is_none();
            let easter = r.easter_offset.is_some() && r.month.is_none() && r.day.is_none();
            assert!(
                fixed || easter,
                "data/holidays.yaml: `{}` needs month+day or easter_offset",
                r.key
            );
        }
        file
    })
}

/// Easter Sunday of `year` (Gregorian, anonymous algorithm of Meeus/Jones/Butcher):
/// Easter Monday, Ascension and Whit Monday hang off it.
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
        .expect("computus always yields a March or April date")
}

/// A Belgian business calendar: national holidays, optionally one community's holiday.
///
/// Weekends (Saturday and Sunday) and the holidays are not business days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Calendar {
    /// The community holiday also observed, if any.
    pub community: Option<Community>,
}

impl Calendar {
    /// The national calendar (the ten legal public holidays), used unless told otherwise.
    pub fn national() -> Self {
        Calendar { community: None }
    }

    /// The national calendar plus one community's holiday.
    pub fn with_community(community: Community) -> Self {
        Calendar {
            community: Some(community),
        }
    }

    /// All holidays of `year` in this calendar, sorted by date.
    pub fn holidays(&self, year: i32) -> Vec<Holiday> {
        let file = rules();
        let community = file
            .community
            .iter()
            .filter(|r| r.community.is_some() && r.community == self.community);
        let easter = easter_sunday(year);
        let mut out: Vec<Holiday> = file
            .national
            .iter()
            .chain(community)
            .filter_map(|r| {
                let date = match (r.month, r.day, r.easter_offset) {
                    (Some(m), Some(d), None) => NaiveDate::from_ymd_opt(year, m, d)?,
                    (None, None, Some(off)) if off >= 0 => {
                        easter.checked_add_days(Days::new(off.unsigned_abs()))?
                    }
                    (None, None, Some(off)) => {
                        easter.checked_sub_days(Days::new(off.unsigned_abs()))?
                    }
                    _ => return None,
                };
                Some(Holiday {
                    date,
                    key: r.key.clone(),
                    fr: r.fr.clone(),
                    nl: r.nl.clone(),
                    en: r.en.clone(),
                })
            })
            .collect();
        out.sort_by_key(|h| h.date);
        out
    }

    /// The holiday falling on `date`, if any (weekends are not holidays).
    pub fn holiday_on(&self, date: NaiveDate) -> Option<Holiday> {
        self.holidays(date.year())
            .into_iter()
            .find(|h| h.date == date)
    }

    /// Whether `date` is a public holiday in this calendar.
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.holiday_on(date).is_some()
    }

    /// Whether `date` is a business (working) day: not Saturday, Sunday or a holiday.
    pub fn is_business_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.is_holiday(date)
    }

    /// The `n`-th business day strictly after `date` (`n` = 0 returns `date` itself):
    /// "the 3rd working day after posting" is `add_business_days(posted, 3)`.
    pub fn add_business_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut d = date;
        let mut left = n;
        while left > 0 {
            d = d.succ_opt().unwrap_or(d);
            if self.is_business_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// `date` if it is a business day, otherwise the next one: a deadline that falls on
    /// a weekend or holiday moves to the next business day.
    pub fn next_business_day_from(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        while !self.is_business_day(d) {
            match d.succ_opt() {
                Some(n) => d = n,
                None => break,
            }
        }
        d
    }

    /// The non-business days after `from` up to and including `to`, each with its reason
    /// (holiday key or `weekend`): lets an explanation say why a deadline moved.
    pub fn skipped_days(&self, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, String)> {
        let mut out = Vec::new();
        let mut d = from;
        while d < to {
            d = match d.succ_opt() {
                Some(n) => n,
                None => break,
            };
            if let Some(h) = self.holiday_on(d) {
                out.push((d, h.key));
            } else if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                out.push((d, "weekend".to_string()));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_matches_published_dates() {
        assert_eq!(easter_sunday(2019), d(2019, 4, 21));
        assert_eq!(easter_sunday(2024), d(2024, 3, 31));
        assert_eq!(easter_sunday(2025), d(2025, 4, 20));
        assert_eq!(easter_sunday(2026), d(2026, 4, 5));
        assert_eq!(easter_sunday(2027), d(2027, 3, 28));
        assert_eq!(easter_sunday(2038), d(2038, 4, 25));
    }

    #[test]
    fn belgium_has_ten_national_holidays_in_2026() {
        let h = Calendar::national().holidays(2026);
        let dates: Vec<_> = h.iter().map(|h| h.date).collect();
        assert_eq!(
            dates,
            vec![
                d(2026, 1, 1),
                d(2026, 4, 6),
                d(2026, 5, 1),
                d(2026, 5, 14),
                d(2026, 5, 25),
                d(2026, 7, 21),
                d(2026, 8, 15),
                d(2026, 11, 1),
                d(2026, 11, 11),
                d(2026, 12, 25),
            ]
        );
    }

    #[test]
    fn community_holiday_only_when_asked() {
        assert!(Calendar::national().is_business_day(d(2025, 7, 11)));
        assert!(!Calendar::with_community(Community::Flemish).is_business_day(d(2025, 7, 11)));
        assert!(Calendar::with_community(Community::French).is_business_day(d(2025, 7, 11)));
    }

    #[test]
    fn third_working_day_skips_weekend_and_easter_monday() {
        let cal = Calendar::national();
        // Thu 2 Apr 2026 + 3 working days: Fri 3, (Sat, Sun, Easter Mon 6), Tue 7, Wed 8.
        assert_eq!(cal.add_business_days(d(2026, 4, 2), 3), d(2026, 4, 8));
        assert_eq!(cal.next_business_day_from(d(2026, 11, 11)), d(2026, 11, 12));
        assert_eq!(cal.next_business_day_from(d(2026, 11, 14)), d(2026, 11, 16));
        assert_eq!(cal.add_business_days(d(2026, 4, 2), 0), d(2026, 4, 2));
    }
}
