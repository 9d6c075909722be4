//! Dates and times as our readers expect them: 2026年11月22日 in Japanese, 2026-11-22 in English,
//! and always in Japan time.

use crate::i18n::Lang;
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// Asia/Tokyo. Japan has had no daylight saving time since 1951, so a fixed +09:00 offset is exact
/// and spares the browser bundle a time-zone database.
pub fn tokyo() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset")
}

/// The years a date typed into Kizuna can fall in. Nothing the association records lies before
/// 1900 (its oldest members' births) or after 2100; a year outside (1066, 20266, 4714 BC) is a
/// slip of the keyboard, and the field says so instead of storing it.
pub const EARLIEST_YEAR: i32 = 1900;
pub const LATEST_YEAR: i32 = 2100;

/// `date` if it lies in the plausible range, else the field's `Date` problem.
pub fn plausible(date: NaiveDate) -> Result<NaiveDate, crate::error::FieldProblem> {
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(crate::error::FieldProblem::Date)
    }
}

/// Today's date in Japan.
pub fn today_in_japan() -> NaiveDate {
    japan_day(Utc::now())
}

/// The calendar day in Japan of a moment (an event's day, for ages and "today" lists).
pub fn japan_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&tokyo()).date_naive()
}

/// A moment typed in Japan time (what `<input type=datetime-local>` sends: 2026-12-05T10:00).
pub fn parse_local_time(input: &str) -> Result<DateTime<Utc>, crate::error::FieldProblem> {
    let input = input.trim();
    if input.is_empty() {
        return Err(crate::error::FieldProblem::Required);
    }
    let naive = NaiveDateTime::parse_from_str(input, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(input, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(input, "%Y-%m-%d %H:%M"))
        .map_err(|_| crate::error::FieldProblem::Date)?;
    plausible(naive.date())?;
    tokyo().from_local_datetime(&naive).single().map(|t| t.with_timezone(&Utc)).ok_or(crate::error::FieldProblem::Date)
}

/// The form value for a stored moment (Japan time).
pub fn local_time_value(at: DateTime<Utc>) -> String {
    at.with_timezone(&tokyo()).format("%Y-%m-%dT%H:%M").to_string()
}

/// Age in whole years on `day`.
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> i32 {
    let mut age = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// Under 18 (the age of majority in Japan since 2022).
pub fn is_minor(birth: NaiveDate, day: NaiveDate) -> bool {
    age_on(birth, day) < 18
}

/// How much of a date is known: some agreements are recorded only as "November 1991".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum DatePrecision {
    Day,
    Month,
    Year,
}

impl DatePrecision {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "day" => Some(DatePrecision::Day),
            "month" => Some(DatePrecision::Month),
            "year" => Some(DatePrecision::Year),
            _ => None,
        }
    }
}

/// A date shown only as far as it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartialDate {
    pub date: NaiveDate,
    pub precision: DatePrecision,
}

impl PartialDate {
    pub fn format(&self, lang: Lang) -> String {
        let (y, m, d) = (self.date.year(), self.date.month(), self.date.day());
        match (lang, self.precision) {
            (Lang::Ja, DatePrecision::Day) => format!("{y}年{m}月{d}日"),
            (Lang::Ja, DatePrecision::Month) => format!("{y}年{m}月"),
            (Lang::Ja, DatePrecision::Year) => format!("{y}年"),
            (Lang::En, DatePrecision::Day) => format!("{y:04}-{m:02}-{d:02}"),
            (Lang::En, DatePrecision::Month) => format!("{y:04}-{m:02}"),
            (Lang::En, DatePrecision::Year) => format!("{y:04}"),
        }
    }
}

pub fn format_date(lang: Lang, date: NaiveDate) -> String {
    PartialDate { date, precision: DatePrecision::Day }.format(lang)
}

/// A moment in Japan time, e.g. `2026年11月22日 14:05` or `2026-11-22 14:05 JST`.
pub fn format_datetime(lang: Lang, at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&tokyo());
    let date = format_date(lang, local.date_naive());
    let time = local.format("%H:%M");
    match lang {
        Lang::Ja => format!("{date} {time}"),
        Lang::En => format!("{date} {time} JST"),
    }
}

/// When an event is, as people read it on a page: `2026年12月31日（木）10:00〜12:00`,
/// `Thu 31 Dec 2026 10:00–12:00`; the second day only when it ends on another day. The year is
/// always there: pages are rendered in the browser too, which has no clock to trust for "this year".
pub fn format_event_time(lang: Lang, starts: DateTime<Utc>, ends: Option<DateTime<Utc>>) -> String {
    let (starts, ends) = (starts.with_timezone(&tokyo()), ends.map(|e| e.with_timezone(&tokyo())));
    let time = |at: &DateTime<FixedOffset>| match lang {
        Lang::Ja => at.format("%-H:%M").to_string(),
        Lang::En => at.format("%H:%M").to_string(),
    };
    // Japanese needs no space after the closing bracket of （木）.
    let gap = if lang == Lang::Ja { "" } else { " " };
    let start = format!("{}{gap}{}", weekday_date(lang, starts.date_naive(), true), time(&starts));
    let Some(end) = ends else { return start };
    if end.date_naive() == starts.date_naive() {
        let dash = if lang == Lang::Ja { "〜" } else { "–" };
        return format!("{start}{dash}{}", time(&end));
    }
    let end_day = weekday_date(lang, end.date_naive(), end.year() != starts.year());
    let dash = if lang == Lang::Ja { "〜" } else { " – " };
    format!("{start}{dash}{end_day}{gap}{}", time(&end))
}

/// `2026年12月31日（木）` / `Thu 31 Dec 2026` (without the year: `12月31日（木）`, `Thu 31 Dec`).
fn weekday_date(lang: Lang, date: NaiveDate, with_year: bool) -> String {
    match lang {
        Lang::Ja => {
            const DAYS: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
            let weekday = DAYS[date.weekday().num_days_from_monday() as usize];
            let year = if with_year { format!("{}年", date.year()) } else { String::new() };
            format!("{year}{}月{}日（{weekday}）", date.month(), date.day())
        }
        Lang::En if with_year => date.format("%a %-d %b %Y").to_string(),
        Lang::En => date.format("%a %-d %b").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::FieldProblem;

    #[test]
    fn event_times_read_as_people_write_them() {
        let at = |d: u32, h: u32| tokyo().with_ymd_and_hms(2026, 12, d, h, 0, 0).unwrap().with_timezone(&Utc);
        let both =
            |starts, ends| (format_event_time(Lang::Ja, starts, ends), format_event_time(Lang::En, starts, ends));
        assert_eq!(
            both(at(31, 10), Some(at(31, 12))),
            ("2026年12月31日（木）10:00〜12:00".into(), "Thu 31 Dec 2026 10:00–12:00".into())
        );
        assert_eq!(
            both(at(5, 8), Some(at(6, 18))),
            ("2026年12月5日（土）8:00〜12月6日（日）18:00".into(), "Sat 5 Dec 2026 08:00 – Sun 6 Dec 18:00".into())
        );
        assert_eq!(both(at(31, 10), None), ("2026年12月31日（木）10:00".into(), "Thu 31 Dec 2026 10:00".into()));
    }

    #[test]
    fn event_times_lie_in_plausible_years() {
        assert!(parse_local_time("2026-12-05T10:00").is_ok());
        for wrong in ["0001-01-01T10:00", "-4714-11-24T10:00", "1066-10-14T09:00", "2500-01-01T10:00"] {
            assert_eq!(parse_local_time(wrong), Err(FieldProblem::Date), "{wrong}");
        }
    }

    #[test]
    fn minors_by_age_on_the_day() {
        let birth = NaiveDate::from_ymd_opt(2009, 7, 25).unwrap();
        assert!(is_minor(birth, NaiveDate::from_ymd_opt(2027, 7, 24).unwrap()));
        assert!(!is_minor(birth, NaiveDate::from_ymd_opt(2027, 7, 25).unwrap()));
    }

    #[test]
    fn only_plausible_years_are_dates() {
        let day = |y| NaiveDate::from_ymd_opt(y, 4, 1).unwrap();
        assert_eq!(plausible(day(2026)), Ok(day(2026)));
        assert_eq!(plausible(day(1900)), Ok(day(1900)));
        for wrong in [1066, 1899, 2101, -4713] {
            assert_eq!(plausible(day(wrong)), Err(crate::error::FieldProblem::Date), "{wrong}");
        }
    }
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn japanese_dates_use_year_month_day_characters() {
        assert_eq!(format_date(Lang::Ja, day(2026, 11, 22)), "2026年11月22日");
        assert_eq!(format_date(Lang::Ja, day(2020, 9, 7)), "2020年9月7日");
    }

    #[test]
    fn english_dates_are_iso_like() {
        assert_eq!(format_date(Lang::En, day(2020, 9, 7)), "2020-09-07");
    }

    #[test]
    fn partial_dates_show_only_what_is_known() {
        let nov_1991 = PartialDate { date: day(1991, 11, 1), precision: DatePrecision::Month };
        assert_eq!(nov_1991.format(Lang::Ja), "1991年11月");
        assert_eq!(nov_1991.format(Lang::En), "1991-11");
        let year = PartialDate { precision: DatePrecision::Year, ..nov_1991 };
        assert_eq!(year.format(Lang::Ja), "1991年");
    }

    #[test]
    fn times_are_shown_in_tokyo() {
        // 15:30 UTC on 22 Nov is 00:30 on 23 Nov in Tokyo: the date must roll over too.
        let at = Utc.with_ymd_and_hms(2026, 11, 22, 15, 30, 0).unwrap();
        assert_eq!(format_datetime(Lang::Ja, at), "2026年11月23日 00:30");
        assert_eq!(format_datetime(Lang::En, at), "2026-11-23 00:30 JST");
    }

    #[test]
    fn precision_names_parse() {
        assert_eq!(DatePrecision::parse("month"), Some(DatePrecision::Month));
        assert_eq!(DatePrecision::parse("week"), None);
    }
}
