//! The Japanese administrative calendar: which days national administrative organs are closed.
//!
//! A statutory deadline that falls on a closed day rolls forward to the next open day
//! (行政機関の休日に関する法律 Art. 2), so deadline evaluation asks this module whether a day is closed,
//! and which day is the next open one.
//!
//! The closed days (行政機関の休日, same law, Art. 1) are Saturdays, Sundays, the holidays of
//! 国民の祝日に関する法律 (national holidays, 振替休日 substitute holidays and 国民の休日 citizens' holidays),
//! and 29 December to 3 January.
//!
//! The calendar only answers for the years it knows with certainty, its *horizon*: the vernal and autumnal
//! equinox days are fixed each February for the following year only (国立天文台 暦要項 in the 官報), and the
//! Diet has moved or added holidays by special laws (2019, 2020, 2021).
//! Outside the horizon every query returns [`OutsideHorizon`], which callers turn into a warning: the calendar
//! never guesses.
//! See `docs/decisions/0005-japanese-administrative-calendar.md`.
//!
//! ```
//! use jiff::civil::date;
//! use procedure_core::calendar::{jp_admin, Closure};
//!
//! let calendar = jp_admin();
//! // 2026-05-06 is the substitute holiday for Constitution Memorial Day (a Sunday).
//! assert_eq!(calendar.closed(date(2026, 5, 6))?, Some(Closure::SubstituteHoliday));
//! // A deadline on Saturday 2 May 2026 rolls over Golden Week to Thursday 7 May.
//! assert_eq!(calendar.next_open_on_or_after(date(2026, 5, 2))?, date(2026, 5, 7));
//! # Ok::<(), procedure_core::calendar::OutsideHorizon>(())
//! ```

use std::fmt;
use std::sync::LazyLock;

use jiff::civil::Date;

/// The first year the calendar covers: the first year with 山の日 (Mountain Day, 11 August).
const FIRST_YEAR: i16 = 2016;

/// The last year the calendar covers: the last year whose equinox days are officially announced.
///
/// Keep it equal to the last year of [`ANNOUNCED_EQUINOXES`] (a test checks it).
const LAST_YEAR: i16 = 2027;

/// Equinox days officially announced in the 暦要項 of 国立天文台 (published in the 官報 each February for the
/// following year), as `(year, day in March of 春分の日, day in September of 秋分の日)`.
///
/// Where a year is listed here, these dates are used; other years of the horizon use
/// [`approximate_equinoxes`], which tests check against the dates reported for 2016–2025.
/// To extend the horizon each February, add the newly announced year here and raise [`LAST_YEAR`].
const ANNOUNCED_EQUINOXES: &[(i16, u8, u8)] = &[
    // 令和8年暦要項, 官報 2025-02-03 (reported by 時事通信, nihon-hanzai-jiken.com, note.com).
    (2026, 20, 23),
    // 令和9年暦要項, 官報 2026-02-02 (reported by astroarts.co.jp, livedoor/sorae, news.mynavi.jp).
    (2027, 21, 23),
];

/// The laws and the official pages this calendar follows.
const SOURCE: &str = "行政機関の休日に関する法律 (昭和63年法律第91号) Art. 1, \
https://laws.e-gov.go.jp/law/363AC0000000091; \
国民の祝日に関する法律 (昭和23年法律第178号), https://laws.e-gov.go.jp/law/323AC1000000178; \
天皇の即位の日及び即位礼正殿の儀の行われる日を休日とする法律 (平成30年法律第99号); \
東京オリンピック競技大会・東京パラリンピック競技大会特別措置法 Art. 32 (平成27年法律第33号, \
as amended by 平成30年法律第55号 for 2020 and 令和2年法律第68号 for 2021); \
Cabinet Office, 「国民の祝日」について, https://www8.cao.go.jp/chosei/shukujitsu/gaiyou.html; \
equinox days: 国立天文台 暦要項, https://eco.mtk.nao.ac.jp/koyomi/yoko/";

/// Why a day is closed.
///
/// When several reasons apply, the most specific one is given: a national holiday by name, then a
/// substitute holiday, then a citizens' holiday, then the year-end closure, then Sunday or Saturday.
/// So 1 January is [`Closure::Holiday`] (元日), and Sunday 3 May 2026 is [`Closure::Holiday`] (憲法記念日).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Closure {
    /// A Saturday.
    Saturday,
    /// A Sunday.
    Sunday,
    /// A national holiday (国民の祝日), or a day a special law treats as one (2019's enthronement days).
    Holiday {
        /// The Japanese name, e.g. `憲法記念日`.
        name_ja: &'static str,
        /// The English name used by the Cabinet Office, e.g. `Constitution Memorial Day`.
        name_en: &'static str,
    },
    /// A substitute holiday (振替休日, 国民の祝日に関する法律 Art. 3(2)): the first day after a national holiday
    /// on a Sunday that is not itself a national holiday.
    SubstituteHoliday,
    /// A citizens' holiday (国民の休日, 国民の祝日に関する法律 Art. 3(3)): a day between two national holidays.
    CitizensHoliday,
    /// The year-end and new-year closure, 29 December to 3 January (行政機関の休日に関する法律 Art. 1(1)(3)).
    YearEnd,
}

/// A date the calendar cannot answer for with certainty: callers turn it into a warning.
///
/// ```
/// use jiff::civil::date;
/// use procedure_core::calendar::jp_admin;
///
/// let error = jp_admin().closed(date(2030, 3, 20)).unwrap_err();
/// assert_eq!(error.horizon, jp_admin().horizon());
/// assert!(error.to_string().contains("2030-03-20"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OutsideHorizon {
    /// The date that was asked about, or the first date of a search that left the horizon.
    pub date: Date,
    /// The first and last years the calendar covers.
    pub horizon: (i16, i16),
}

impl fmt::Display for OutsideHorizon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (first, last) = self.horizon;
        write!(
            f,
            "{} is outside the administrative calendar: its closed days are known with certainty only for {first} to {last}",
            self.date
        )
    }
}

impl std::error::Error for OutsideHorizon {}

/// A calendar of closed days, precomputed for the years of its horizon.
///
/// It is immutable and shared: get it with [`jp_admin`].
pub struct Calendar {
    name: &'static str,
    horizon: (i16, i16),
    source: &'static str,
    /// One entry per day of each year of the horizon, indexed by `year - horizon.0` and `day_of_year - 1`.
    years: Vec<[Mark; 366]>,
}

impl fmt::Debug for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calendar").field("name", &self.name).field("horizon", &self.horizon).finish_non_exhaustive()
    }
}

static JP_ADMIN: LazyLock<Calendar> = LazyLock::new(|| Calendar {
    name: "jp_admin",
    horizon: (FIRST_YEAR, LAST_YEAR),
    source: SOURCE,
    years: (FIRST_YEAR..=LAST_YEAR).map(build_year).collect(),
});

/// The calendar of Japanese national administrative organs (行政機関の休日), named `jp_admin` in procedure files.
///
/// It is built once, on first use.
///
/// ```
/// use procedure_core::calendar::jp_admin;
///
/// assert_eq!(jp_admin().name(), "jp_admin");
/// ```
pub fn jp_admin() -> &'static Calendar {
    &JP_ADMIN
}

/// The calendar a procedure file names `name`, if there is one: see [`crate::CALENDARS`].
///
/// ```
/// use procedure_core::calendar::by_name;
///
/// assert_eq!(by_name("jp_admin").map(|c| c.name()), Some("jp_admin"));
/// assert!(by_name("jp").is_none());
/// ```
pub fn by_name(name: &str) -> Option<&'static Calendar> {
    match name {
        "jp_admin" => Some(jp_admin()),
        _ => None,
    }
}

impl Calendar {
    /// The name procedure files use for this calendar, e.g. `jp_admin`.
    ///
    /// ```
    /// assert_eq!(procedure_core::calendar::jp_admin().name(), "jp_admin");
    /// ```
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The first and last years the calendar covers with certainty.
    ///
    /// The last year is the last one whose equinox days are officially announced.
    ///
    /// ```
    /// let (first, last) = procedure_core::calendar::jp_admin().horizon();
    /// assert!(first <= 2026 && 2026 <= last);
    /// ```
    pub fn horizon(&self) -> (i16, i16) {
        self.horizon
    }

    /// The laws and the official pages the calendar follows, with their URLs.
    ///
    /// ```
    /// assert!(procedure_core::calendar::jp_admin().source().contains("行政機関の休日に関する法律"));
    /// ```
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether national administrative organs are closed on `date`, and why; `None` when they are open.
    ///
    /// ```
    /// use jiff::civil::date;
    /// use procedure_core::calendar::{jp_admin, Closure};
    ///
    /// let calendar = jp_admin();
    /// assert_eq!(calendar.closed(date(2026, 9, 22))?, Some(Closure::CitizensHoliday));
    /// assert_eq!(calendar.closed(date(2026, 12, 30))?, Some(Closure::YearEnd));
    /// assert_eq!(calendar.closed(date(2026, 9, 24))?, None);
    /// # Ok::<(), procedure_core::calendar::OutsideHorizon>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`OutsideHorizon`] when `date` is not in a year of [`Calendar::horizon`].
    pub fn closed(&self, date: Date) -> Result<Option<Closure>, OutsideHorizon> {
        let outside = OutsideHorizon { date, horizon: self.horizon };
        let year = usize::try_from(date.year() - self.horizon.0).map_err(|_| outside)?;
        let day = usize::try_from(date.day_of_year() - 1).map_err(|_| outside)?;
        let mark = self.years.get(year).and_then(|days| days.get(day)).ok_or(outside)?;
        Ok(mark.closure())
    }

    /// The first open day on or after `date`: `date` itself when it is open.
    ///
    /// This is where a deadline that falls on a closed day rolls forward to.
    ///
    /// ```
    /// use jiff::civil::date;
    /// use procedure_core::calendar::jp_admin;
    ///
    /// // Saturday 19 September 2026: the weekend, 敬老の日, 国民の休日 and 秋分の日 follow.
    /// assert_eq!(jp_admin().next_open_on_or_after(date(2026, 9, 19))?, date(2026, 9, 24));
    /// # Ok::<(), procedure_core::calendar::OutsideHorizon>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`OutsideHorizon`] when `date`, or a closed day after it that the search has to step over, is not in a
    /// year of the horizon; its `date` is the first day that could not be answered.
    pub fn next_open_on_or_after(&self, date: Date) -> Result<Date, OutsideHorizon> {
        let mut day = date;
        while self.closed(day)?.is_some() {
            day = day.tomorrow().map_err(|_| OutsideHorizon { date: day, horizon: self.horizon })?;
        }
        Ok(day)
    }

    /// The last open day on or before `date`: `date` itself when it is open.
    ///
    /// ```
    /// use jiff::civil::date;
    /// use procedure_core::calendar::jp_admin;
    ///
    /// // Sunday 3 January 2027: the last open day of 2026 is Monday 28 December.
    /// assert_eq!(jp_admin().last_open_on_or_before(date(2027, 1, 3))?, date(2026, 12, 28));
    /// # Ok::<(), procedure_core::calendar::OutsideHorizon>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`OutsideHorizon`] when `date`, or a closed day before it that the search has to step over, is not in a
    /// year of the horizon; its `date` is the first day that could not be answered.
    pub fn last_open_on_or_before(&self, date: Date) -> Result<Date, OutsideHorizon> {
        let mut day = date;
        while self.closed(day)?.is_some() {
            day = day.yesterday().map_err(|_| OutsideHorizon { date: day, horizon: self.horizon })?;
        }
        Ok(day)
    }
}

/// What expressions see of a calendar (`is_open_day` and its kin): the same answers as the
/// deadlines', `None` where they would be [`OutsideHorizon`].
impl procedure_expr::OpenDays for Calendar {
    fn name(&self) -> &'static str {
        self.name
    }

    fn horizon(&self) -> (i16, i16) {
        self.horizon
    }

    fn is_open(&self, date: Date) -> Option<bool> {
        self.closed(date).ok().map(|closure| closure.is_none())
    }

    fn longest_closure(&self) -> u16 {
        let (mut longest, mut run) = (0u16, 0u16);
        // A common year's table ends with an unused day, which must not break a run at New Year.
        let years = (self.horizon.0..).zip(&self.years);
        for mark in years.flat_map(|(year, days)| days.iter().take(if is_leap(year) { 366 } else { 365 })) {
            run = if mark.closure().is_some() { run.saturating_add(1) } else { 0 };
            longest = longest.max(run);
        }
        longest
    }

    fn next_open_on_or_after(&self, date: Date) -> Option<Date> {
        Calendar::next_open_on_or_after(self, date).ok()
    }

    fn last_open_on_or_before(&self, date: Date) -> Option<Date> {
        Calendar::last_open_on_or_before(self, date).ok()
    }
}

/// Every calendar, by the names in [`crate::CALENDARS`], the default (`jp_admin`) first: the
/// calendars an expression may name.
pub fn all() -> impl Iterator<Item = &'static Calendar> {
    crate::CALENDARS.iter().filter_map(|name| by_name(name))
}

/// What the precomputed table says about one day (one byte).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    Open,
    Saturday,
    Sunday,
    YearEnd,
    Citizens,
    Substitute,
    Holiday(Named),
}

impl Mark {
    fn closure(self) -> Option<Closure> {
        match self {
            Mark::Open => None,
            Mark::Saturday => Some(Closure::Saturday),
            Mark::Sunday => Some(Closure::Sunday),
            Mark::YearEnd => Some(Closure::YearEnd),
            Mark::Citizens => Some(Closure::CitizensHoliday),
            Mark::Substitute => Some(Closure::SubstituteHoliday),
            Mark::Holiday(named) => {
                let (name_ja, name_en) = named.names();
                Some(Closure::Holiday { name_ja, name_en })
            }
        }
    }
}

/// The national holidays, and the days special laws treat as national holidays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Named {
    NewYearsDay,
    ComingOfAgeDay,
    NationalFoundationDay,
    EmperorsBirthday,
    VernalEquinoxDay,
    ShowaDay,
    ConstitutionMemorialDay,
    GreeneryDay,
    ChildrensDay,
    MarineDay,
    MountainDay,
    RespectForTheAgedDay,
    AutumnalEquinoxDay,
    /// 体育の日, the name of the second Monday of October until 2019.
    HealthAndSportsDay,
    /// スポーツの日, its name since 2020.
    SportsDay,
    CultureDay,
    LabourThanksgivingDay,
    /// 2019-05-01, by 平成30年法律第99号.
    EnthronementDay,
    /// 2019-10-22, by 平成30年法律第99号.
    EnthronementCeremonyDay,
}

impl Named {
    /// The Japanese and English names (the English ones as on the Cabinet Office's English page).
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Named::NewYearsDay => ("元日", "New Year's Day"),
            Named::ComingOfAgeDay => ("成人の日", "Coming of Age Day"),
            Named::NationalFoundationDay => ("建国記念の日", "National Foundation Day"),
            Named::EmperorsBirthday => ("天皇誕生日", "The Emperor's Birthday"),
            Named::VernalEquinoxDay => ("春分の日", "Vernal Equinox Day"),
            Named::ShowaDay => ("昭和の日", "Showa Day"),
            Named::ConstitutionMemorialDay => ("憲法記念日", "Constitution Memorial Day"),
            Named::GreeneryDay => ("みどりの日", "Greenery Day"),
            Named::ChildrensDay => ("こどもの日", "Children's Day"),
            Named::MarineDay => ("海の日", "Marine Day"),
            Named::MountainDay => ("山の日", "Mountain Day"),
            Named::RespectForTheAgedDay => ("敬老の日", "Respect for the Aged Day"),
            Named::AutumnalEquinoxDay => ("秋分の日", "Autumnal Equinox Day"),
            Named::HealthAndSportsDay => ("体育の日", "Health and Sports Day"),
            Named::SportsDay => ("スポーツの日", "Sports Day"),
            Named::CultureDay => ("文化の日", "Culture Day"),
            Named::LabourThanksgivingDay => ("勤労感謝の日", "Labour Thanksgiving Day"),
            Named::EnthronementDay => ("天皇の即位の日", "Day of the Emperor's Enthronement"),
            Named::EnthronementCeremonyDay => ("即位礼正殿の儀の行われる日", "Day of the Enthronement Ceremony"),
        }
    }
}

/// The equinox days of `year`, as `(day in March, day in September)`: the announced ones when known, else
/// [`approximate_equinoxes`].
fn equinoxes(year: i16) -> (u8, u8) {
    ANNOUNCED_EQUINOXES
        .iter()
        .find(|(announced, _, _)| *announced == year)
        .map_or_else(|| approximate_equinoxes(year), |&(_, vernal, autumnal)| (vernal, autumnal))
}

/// The standard approximation of the equinox days for 1980–2099, as `(day in March, day in September)`:
/// `floor(20.8431 + 0.242194 (y − 1980) − floor((y − 1980) / 4))` for March and the same with 23.2488 for
/// September, computed here in millionths of a day so that no floating point rounding is involved.
fn approximate_equinoxes(year: i16) -> (u8, u8) {
    let years = i64::from(year) - 1980;
    let drift = 242_194 * years - 1_000_000 * years.div_euclid(4);
    let day = |base: i64| u8::try_from((base + drift).div_euclid(1_000_000)).unwrap_or(0);
    (day(20_843_100), day(23_248_800))
}

fn is_leap(year: i16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The 0-based day of the year of `month`/`day`.
fn ordinal(year: i16, month: u8, day: u8) -> usize {
    let before: usize = match month {
        1 => 0,
        2 => 31,
        3 => 59,
        4 => 90,
        5 => 120,
        6 => 151,
        7 => 181,
        8 => 212,
        9 => 243,
        10 => 273,
        11 => 304,
        _ => 334,
    };
    let leap = usize::from(month > 2 && is_leap(year));
    before + leap + usize::from(day) - 1
}

/// The weekday of 1 January of `year`, 0 for Monday to 6 for Sunday (proleptic Gregorian calendar).
fn weekday_of_new_year(year: i16) -> usize {
    let y = i64::from(year) - 1;
    // 0001-01-01 was a Monday; each year shifts the weekday by its length modulo 7.
    let days = 365 * y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400);
    usize::try_from(days.rem_euclid(7)).unwrap_or(0)
}

const SATURDAY: usize = 5;
const SUNDAY: usize = 6;

/// The day of the month of the `nth` Monday of `month`.
fn nth_monday(year: i16, month: u8, nth: u8) -> u8 {
    let weekday_of_first = (weekday_of_new_year(year) + ordinal(year, month, 1)) % 7;
    // Days from the first of the month to its first Monday: 0 to 6.
    let to_monday = u8::try_from((7 - weekday_of_first) % 7).unwrap_or(0);
    1 + to_monday + 7 * (nth - 1)
}

/// The national holidays of `year` (2016 or later), as `(month, day, holiday)`.
fn national_holidays(year: i16) -> Vec<(u8, u8, Named)> {
    let (vernal, autumnal) = equinoxes(year);
    let mut holidays = vec![
        (1, 1, Named::NewYearsDay),
        (1, nth_monday(year, 1, 2), Named::ComingOfAgeDay),
        (2, 11, Named::NationalFoundationDay),
        (3, vernal, Named::VernalEquinoxDay),
        (4, 29, Named::ShowaDay),
        (5, 3, Named::ConstitutionMemorialDay),
        (5, 4, Named::GreeneryDay),
        (5, 5, Named::ChildrensDay),
        (9, nth_monday(year, 9, 3), Named::RespectForTheAgedDay),
        (9, autumnal, Named::AutumnalEquinoxDay),
        (11, 3, Named::CultureDay),
        (11, 23, Named::LabourThanksgivingDay),
    ];
    // 天皇誕生日: 23 December until 2018; none in 2019 (the change of 23 February took effect on 1 May 2019,
    // after the new date had passed); 23 February since 2020.
    match year {
        ..=2018 => holidays.push((12, 23, Named::EmperorsBirthday)),
        2019 => {}
        _ => holidays.push((2, 23, Named::EmperorsBirthday)),
    }
    // 2019: the enthronement days (平成30年法律第99号), treated as national holidays for Art. 3(2) and 3(3).
    if year == 2019 {
        holidays.push((5, 1, Named::EnthronementDay));
        holidays.push((10, 22, Named::EnthronementCeremonyDay));
    }
    let sports = if year <= 2019 { Named::HealthAndSportsDay } else { Named::SportsDay };
    // Marine Day, Sports Day and Mountain Day moved for the Tokyo Olympics (平成27年法律第33号 Art. 32).
    match year {
        2020 => holidays.extend([(7, 23, Named::MarineDay), (7, 24, sports), (8, 10, Named::MountainDay)]),
        2021 => holidays.extend([(7, 22, Named::MarineDay), (7, 23, sports), (8, 8, Named::MountainDay)]),
        _ => holidays.extend([
            (7, nth_monday(year, 7, 3), Named::MarineDay),
            (8, 11, Named::MountainDay),
            (10, nth_monday(year, 10, 2), sports),
        ]),
    }
    holidays
}

/// The closed days of one year.
fn build_year(year: i16) -> [Mark; 366] {
    let days = if is_leap(year) { 366 } else { 365 };
    let new_year = weekday_of_new_year(year);
    let weekday = |day: usize| (new_year + day) % 7;

    let mut named: [Option<Named>; 366] = [None; 366];
    for (month, day, holiday) in national_holidays(year) {
        if let Some(slot) = named.get_mut(ordinal(year, month, day)) {
            *slot = Some(holiday);
        }
    }
    let is_named = |day: Option<usize>| day.and_then(|day| named.get(day)).is_some_and(Option::is_some);

    // Art. 3(2): a national holiday on a Sunday makes the next day that is not a national holiday a holiday.
    let mut substitute = [false; 366];
    for day in (0..days).filter(|&day| weekday(day) == SUNDAY && is_named(Some(day))) {
        let mut next = day + 1;
        while is_named(Some(next)) {
            next += 1;
        }
        if let Some(slot) = substitute.get_mut(next) {
            *slot = true;
        }
    }

    let mut marks = [Mark::Open; 366];
    for (day, mark) in marks.iter_mut().enumerate().take(days) {
        let holiday = named.get(day).copied().flatten();
        *mark = if let Some(holiday) = holiday {
            Mark::Holiday(holiday)
        } else if substitute.get(day).copied().unwrap_or(false) {
            Mark::Substitute
        } else if is_named(day.checked_sub(1)) && is_named(Some(day + 1)) {
            // Art. 3(3): a day that is not a national holiday, between two national holidays.
            Mark::Citizens
        } else if day <= 2 || day + 3 >= days {
            // 1–3 January and 29–31 December.
            Mark::YearEnd
        } else if weekday(day) == SUNDAY {
            Mark::Sunday
        } else if weekday(day) == SATURDAY {
            Mark::Saturday
        } else {
            Mark::Open
        };
    }
    marks
}

#[cfg(test)]
mod tests {
    use jiff::civil::{Weekday, date};

    use super::*;

    fn closed(year: i16, month: i8, day: i8) -> Option<Closure> {
        jp_admin().closed(date(year, month, day)).unwrap()
    }

    fn holiday_ja(year: i16, month: i8, day: i8) -> &'static str {
        match closed(year, month, day) {
            Some(Closure::Holiday { name_ja, .. }) => name_ja,
            other => panic!("{year}-{month}-{day}: expected a national holiday, got {other:?}"),
        }
    }

    fn next(year: i16, month: i8, day: i8) -> Date {
        jp_admin().next_open_on_or_after(date(year, month, day)).unwrap()
    }

    #[test]
    fn every_2026_holiday_of_the_facts_file() {
        let expected = [
            ((1, 1), "元日"),
            ((1, 12), "成人の日"),
            ((2, 11), "建国記念の日"),
            ((2, 23), "天皇誕生日"),
            ((3, 20), "春分の日"),
            ((4, 29), "昭和の日"),
            ((5, 3), "憲法記念日"),
            ((5, 4), "みどりの日"),
            ((5, 5), "こどもの日"),
            ((7, 20), "海の日"),
            ((8, 11), "山の日"),
            ((9, 21), "敬老の日"),
            ((9, 23), "秋分の日"),
            ((10, 12), "スポーツの日"),
            ((11, 3), "文化の日"),
            ((11, 23), "勤労感謝の日"),
        ];
        for ((month, day), name) in expected {
            assert_eq!(holiday_ja(2026, month, day), name, "2026-{month}-{day}");
        }
        assert_eq!(closed(2026, 5, 6), Some(Closure::SubstituteHoliday));
        assert_eq!(closed(2026, 9, 22), Some(Closure::CitizensHoliday));
        // No other weekday of 2026 is closed, except the year-end days.
        let mut weekday_closures = Vec::new();
        let mut day = date(2026, 1, 1);
        while day.year() == 2026 {
            let weekend = matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday);
            match closed(2026, day.month(), day.day()) {
                Some(Closure::YearEnd) | None => {}
                Some(_) if weekend => {}
                Some(_) => weekday_closures.push(day),
            }
            day = day.tomorrow().unwrap();
        }
        assert_eq!(weekday_closures.len(), 17, "{weekday_closures:?}");
    }

    #[test]
    fn english_names() {
        assert_eq!(
            closed(2026, 5, 3),
            Some(Closure::Holiday { name_ja: "憲法記念日", name_en: "Constitution Memorial Day" })
        );
        assert_eq!(closed(2026, 10, 12), Some(Closure::Holiday { name_ja: "スポーツの日", name_en: "Sports Day" }));
    }

    #[test]
    fn some_2025_days() {
        assert_eq!(closed(2025, 2, 24), Some(Closure::SubstituteHoliday));
        assert_eq!(closed(2025, 5, 6), Some(Closure::SubstituteHoliday));
        assert_eq!(holiday_ja(2025, 9, 15), "敬老の日");
        assert_eq!(holiday_ja(2025, 9, 23), "秋分の日");
        assert_eq!(closed(2025, 11, 24), Some(Closure::SubstituteHoliday));
        assert_eq!(holiday_ja(2025, 1, 13), "成人の日");
        assert_eq!(closed(2025, 3, 20).map(|_| ()), Some(()));
        assert_eq!(closed(2025, 2, 25), None);
    }

    #[test]
    fn 年末年始() {
        for (year, month, day) in [(2026, 12, 29), (2026, 12, 30), (2026, 12, 31), (2027, 1, 2), (2026, 1, 2)] {
            assert_eq!(closed(year, month, day), Some(Closure::YearEnd), "{year}-{month}-{day}");
        }
        // A weekend day inside the closure is reported as the closure.
        assert_eq!(date(2026, 1, 3).weekday(), Weekday::Saturday);
        assert_eq!(closed(2026, 1, 3), Some(Closure::YearEnd));
        assert_eq!(holiday_ja(2027, 1, 1), "元日");
        assert_eq!(closed(2026, 12, 28), None);
        assert_eq!(closed(2026, 1, 5), None);
        // 2024-12-28 was a Saturday, the day before the closure.
        assert_eq!(closed(2024, 12, 28), Some(Closure::Saturday));
        // 2023-01-01 was a Sunday: 2 January is its substitute holiday, inside the closure.
        assert_eq!(closed(2023, 1, 2), Some(Closure::SubstituteHoliday));
        // Leap year: 29 December is the 364th day.
        assert_eq!(closed(2024, 12, 29), Some(Closure::YearEnd));
        assert_eq!(closed(2024, 12, 27), None);
    }

    #[test]
    fn golden_week_2026() {
        assert_eq!(closed(2026, 5, 1), None);
        assert_eq!(closed(2026, 5, 2), Some(Closure::Saturday));
        assert_eq!(holiday_ja(2026, 5, 3), "憲法記念日");
        assert_eq!(holiday_ja(2026, 5, 4), "みどりの日");
        assert_eq!(holiday_ja(2026, 5, 5), "こどもの日");
        assert_eq!(closed(2026, 5, 6), Some(Closure::SubstituteHoliday));
        assert_eq!(closed(2026, 5, 7), None);
        assert_eq!(next(2026, 5, 2), date(2026, 5, 7));
        assert_eq!(next(2026, 5, 6), date(2026, 5, 7));
    }

    #[test]
    fn special_years_2019_2020_2021() {
        // 2019: enthronement; 4/30 and 5/2 are citizens' holidays between national holidays.
        assert_eq!(holiday_ja(2019, 5, 1), "天皇の即位の日");
        assert_eq!(holiday_ja(2019, 10, 22), "即位礼正殿の儀の行われる日");
        assert_eq!(closed(2019, 4, 30), Some(Closure::CitizensHoliday));
        assert_eq!(closed(2019, 5, 2), Some(Closure::CitizensHoliday));
        assert_eq!(closed(2019, 5, 6), Some(Closure::SubstituteHoliday));
        assert_eq!(jp_admin().next_open_on_or_after(date(2019, 4, 27)).unwrap(), date(2019, 5, 7));
        // No Emperor's Birthday in 2019.
        assert_eq!(closed(2019, 12, 23), None);
        assert_eq!(closed(2019, 2, 23), Some(Closure::Saturday));
        assert_eq!(holiday_ja(2018, 12, 23), "天皇誕生日");
        assert_eq!(closed(2018, 12, 24), Some(Closure::SubstituteHoliday));
        assert_eq!(holiday_ja(2019, 10, 14), "体育の日");
        // 2020: the Olympic moves, and the first 2/23 Emperor's Birthday (a Sunday).
        assert_eq!(holiday_ja(2020, 7, 23), "海の日");
        assert_eq!(holiday_ja(2020, 7, 24), "スポーツの日");
        assert_eq!(holiday_ja(2020, 8, 10), "山の日");
        assert_eq!(closed(2020, 7, 20), None);
        assert_eq!(closed(2020, 8, 11), None);
        assert_eq!(closed(2020, 10, 12), None);
        assert_eq!(holiday_ja(2020, 2, 23), "天皇誕生日");
        assert_eq!(closed(2020, 2, 24), Some(Closure::SubstituteHoliday));
        // 2021: moved again; Mountain Day on a Sunday with its substitute.
        assert_eq!(holiday_ja(2021, 7, 22), "海の日");
        assert_eq!(holiday_ja(2021, 7, 23), "スポーツの日");
        assert_eq!(holiday_ja(2021, 8, 8), "山の日");
        assert_eq!(closed(2021, 8, 9), Some(Closure::SubstituteHoliday));
        assert_eq!(closed(2021, 7, 19), None);
        assert_eq!(closed(2021, 8, 11), None);
        assert_eq!(closed(2021, 10, 11), None);
    }

    #[test]
    fn year_2027() {
        assert_eq!(holiday_ja(2027, 3, 21), "春分の日");
        assert_eq!(closed(2027, 3, 22), Some(Closure::SubstituteHoliday));
        assert_eq!(holiday_ja(2027, 9, 23), "秋分の日");
        assert_eq!(holiday_ja(2027, 1, 11), "成人の日");
        assert_eq!(holiday_ja(2027, 7, 19), "海の日");
        assert_eq!(holiday_ja(2027, 9, 20), "敬老の日");
        assert_eq!(holiday_ja(2027, 10, 11), "スポーツの日");
    }

    #[test]
    fn national_holidays_per_year() {
        for year in FIRST_YEAR..=LAST_YEAR {
            let count = (0..366)
                .filter(|&day| {
                    matches!(jp_admin().years[usize::try_from(year - FIRST_YEAR).unwrap()][day], Mark::Holiday(_))
                })
                .count();
            // 16 national holidays; 2019 has no Emperor's Birthday and two enthronement days.
            let expected = if year == 2019 { 17 } else { 16 };
            assert_eq!(count, expected, "{year}");
        }
    }

    #[test]
    fn the_longest_closure_is_ten_days() {
        use procedure_expr::OpenDays as _;
        // Golden Week of the enthronement, Saturday 2019-04-27 to Monday 2019-05-06; the longest
        // across New Year is nine days, Saturday 2024-12-28 to Sunday 2025-01-05.
        assert_eq!(jp_admin().longest_closure(), 10);
        assert_eq!(jp_admin().next_open_on_or_after(date(2019, 4, 27)), Ok(date(2019, 5, 7)));
        assert_eq!(jp_admin().next_open_on_or_after(date(2024, 12, 28)), Ok(date(2025, 1, 6)));
    }

    #[test]
    fn weekends_agree_with_jiff() {
        let mut day = date(FIRST_YEAR, 1, 1);
        while day.year() <= LAST_YEAR {
            let closure = jp_admin().closed(day).unwrap();
            match day.weekday() {
                Weekday::Saturday | Weekday::Sunday => assert!(closure.is_some(), "{day}"),
                _ => {}
            }
            match closure {
                Some(Closure::Saturday) => assert_eq!(day.weekday(), Weekday::Saturday, "{day}"),
                Some(Closure::Sunday) => assert_eq!(day.weekday(), Weekday::Sunday, "{day}"),
                Some(Closure::SubstituteHoliday) => assert_ne!(day.weekday(), Weekday::Sunday, "{day}"),
                _ => {}
            }
            day = day.tomorrow().unwrap();
        }
    }

    #[test]
    fn equinoxes_match_the_announced_dates() {
        // Reported official dates for 2016–2025 (see the decision note), and the announced ones for 2026–2027.
        let official = [
            (2016, 20, 22),
            (2017, 20, 23),
            (2018, 21, 23),
            (2019, 21, 23),
            (2020, 20, 22),
            (2021, 20, 23),
            (2022, 21, 23),
            (2023, 21, 23),
            (2024, 20, 22),
            (2025, 20, 23),
            (2026, 20, 23),
            (2027, 21, 23),
        ];
        for (year, vernal, autumnal) in official {
            assert_eq!(approximate_equinoxes(year), (vernal, autumnal), "{year}");
            assert_eq!(equinoxes(year), (vernal, autumnal), "{year}");
        }
    }

    #[test]
    fn horizon_ends_with_the_last_announced_year() {
        assert_eq!(jp_admin().horizon(), (2016, 2027));
        assert_eq!(ANNOUNCED_EQUINOXES.last().map(|&(year, _, _)| year), Some(LAST_YEAR));
    }

    #[test]
    fn next_open_day() {
        // After a Saturday.
        assert_eq!(next(2026, 6, 13), date(2026, 6, 15));
        // An open day is its own answer.
        assert_eq!(next(2026, 6, 15), date(2026, 6, 15));
        // Silver Week 2026: Saturday 19 to Wednesday 23 September.
        assert_eq!(next(2026, 9, 19), date(2026, 9, 24));
        // After the year-end closure, into 2027: 1/1 Friday, 1/2 Saturday, 1/3 Sunday.
        assert_eq!(next(2026, 12, 29), date(2027, 1, 4));
        assert_eq!(next(2025, 12, 27), date(2026, 1, 5));
    }

    #[test]
    fn last_open_day() {
        let calendar = jp_admin();
        // On or before a Sunday.
        assert_eq!(calendar.last_open_on_or_before(date(2026, 6, 14)).unwrap(), date(2026, 6, 12));
        assert_eq!(calendar.last_open_on_or_before(date(2026, 5, 6)).unwrap(), date(2026, 5, 1));
        assert_eq!(calendar.last_open_on_or_before(date(2026, 6, 12)).unwrap(), date(2026, 6, 12));
        assert_eq!(calendar.last_open_on_or_before(date(2027, 1, 3)).unwrap(), date(2026, 12, 28));
    }

    #[test]
    fn outside_the_horizon() {
        let calendar = jp_admin();
        let horizon = (2016, 2027);
        assert_eq!(calendar.closed(date(2028, 1, 5)), Err(OutsideHorizon { date: date(2028, 1, 5), horizon }));
        assert_eq!(calendar.closed(date(2015, 12, 31)), Err(OutsideHorizon { date: date(2015, 12, 31), horizon }));
        // A search that leaves the horizon stops at the first day it cannot answer, instead of guessing.
        assert_eq!(
            calendar.next_open_on_or_after(date(2027, 12, 29)),
            Err(OutsideHorizon { date: date(2028, 1, 1), horizon })
        );
        assert_eq!(
            calendar.last_open_on_or_before(date(2016, 1, 3)),
            Err(OutsideHorizon { date: date(2015, 12, 31), horizon })
        );
        // The first and last open days of the horizon are still answered.
        assert_eq!(calendar.next_open_on_or_after(date(2027, 12, 28)), Ok(date(2027, 12, 28)));
        assert_eq!(calendar.last_open_on_or_before(date(2016, 1, 4)), Ok(date(2016, 1, 4)));
        let message = OutsideHorizon { date: date(2028, 1, 5), horizon }.to_string();
        assert_eq!(
            message,
            "2028-01-05 is outside the administrative calendar: its closed days are known with certainty only for 2016 to 2027"
        );
        assert_eq!(message, message.to_lowercase());
    }

    #[test]
    fn calendar_is_shared() {
        fn shared<T: Send + Sync>(_: &T) {}
        shared(jp_admin());
        assert_eq!(jp_admin().name(), "jp_admin");
        assert!(jp_admin().source().contains("https://www8.cao.go.jp/chosei/shukujitsu/gaiyou.html"));
        assert!(std::ptr::eq(jp_admin(), jp_admin()));
        // One byte per day: the whole table is a few kilobytes.
        assert_eq!(size_of::<Mark>(), 1);
    }
}
