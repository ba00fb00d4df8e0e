//! Declared variables, their slots, and sets of slots.

use std::collections::HashMap;

use crate::calendar::CalendarRef;
use crate::types::Type;

/// The position of a declared variable: compiled code reads variables by slot, never by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot(pub u32);

impl Slot {
    /// The slot as an index into a slice of values.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The variables an expression may read, each with a type and a slot.
///
/// # Example
/// ```
/// use procedure_expr::{Env, Type};
/// let mut env = Env::new();
/// let age = env.declare("age", Type::Int).unwrap();
/// assert_eq!(env.lookup("age").map(|(slot, _)| slot), Some(age));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Env {
    vars: Vec<(String, Type)>,
    by_name: HashMap<String, Slot>,
    /// The calendars the calendar functions may name; the first is used when none is named.
    calendars: Vec<CalendarRef>,
}

/// Why a variable could not be declared.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DeclareError {
    /// The name is already declared.
    #[error("`{0}` is declared twice")]
    Duplicate(String),
    /// The name is not an identifier, or is a reserved word such as `true` or `in`.
    #[error(
        "`{0}` cannot name a variable: use letters, digits and `_`, not starting with a digit, and no reserved word"
    )]
    InvalidName(String),
}

impl Env {
    /// An environment with no variables.
    pub fn new() -> Self {
        Env::default()
    }

    /// Declares a variable and returns its slot.
    pub fn declare(&mut self, name: &str, ty: Type) -> Result<Slot, DeclareError> {
        if !is_identifier(name) {
            return Err(DeclareError::InvalidName(name.to_owned()));
        }
        if self.by_name.contains_key(name) {
            return Err(DeclareError::Duplicate(name.to_owned()));
        }
        let slot = Slot(u32::try_from(self.vars.len()).map_err(|_| DeclareError::InvalidName(name.to_owned()))?);
        self.vars.push((name.to_owned(), ty));
        self.by_name.insert(name.to_owned(), slot);
        Ok(slot)
    }

    /// The slot and type of a variable.
    pub fn lookup(&self, name: &str) -> Option<(Slot, &Type)> {
        let slot = *self.by_name.get(name)?;
        self.vars.get(slot.index()).map(|(_, ty)| (slot, ty))
    }

    /// The name of the variable in `slot`.
    pub fn name(&self, slot: Slot) -> Option<&str> {
        self.vars.get(slot.index()).map(|(n, _)| n.as_str())
    }

    /// The type of the variable in `slot`.
    pub fn type_of(&self, slot: Slot) -> Option<&Type> {
        self.vars.get(slot.index()).map(|(_, t)| t)
    }

    /// The number of declared variables.
    pub fn len(&self) -> usize {
        self.vars.len()
    }

    /// Whether no variable is declared.
    pub fn is_empty(&self) -> bool {
        self.vars.is_empty()
    }

    /// Makes `calendar` available to the calendar functions by its name; the first calendar
    /// added is the one they use when no name is given. A calendar added twice is kept once.
    pub fn add_calendar(&mut self, calendar: CalendarRef) {
        if self.calendar(calendar.name()).is_none() {
            self.calendars.push(calendar);
        }
    }

    /// The calendar called `name`.
    pub fn calendar(&self, name: &str) -> Option<CalendarRef> {
        self.calendars.iter().copied().find(|c| c.name() == name)
    }

    /// The calendar used when an expression names none.
    pub fn default_calendar(&self) -> Option<CalendarRef> {
        self.calendars.first().copied()
    }

    /// The names of the calendars, the default first.
    pub fn calendar_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.calendars.iter().map(|c| c.name())
    }

    /// The declared names, in slot order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.vars.iter().map(|(n, _)| n.as_str())
    }
}

/// The words that can never name a variable.
pub const RESERVED_WORDS: &[&str] = &[
    "true",
    "false",
    "null",
    "in",
    "as",
    "break",
    "const",
    "continue",
    "else",
    "for",
    "function",
    "if",
    "import",
    "let",
    "loop",
    "package",
    "namespace",
    "return",
    "var",
    "void",
    "while",
];

/// Whether `name` is an identifier of the language and not a reserved word.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    let starts_well = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    starts_well && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') && !RESERVED_WORDS.contains(&name)
}

/// A set of slots: the variables an unknown result waits on.
///
/// A bitset, so that merging the unknowns of two operands costs a few word operations. The
/// first 64 slots live inline: a procedure rarely declares more, and then making an unknown
/// or merging two allocates nothing (the static checks make hundreds of thousands).
#[derive(Clone, Debug, Default)]
pub struct SlotSet {
    /// Slots 0 to 63.
    first: u64,
    /// Slots from 64 on, 64 to a word.
    rest: Vec<u64>,
}

impl PartialEq for SlotSet {
    /// Equal when they hold the same slots, however many empty words either has.
    fn eq(&self, other: &Self) -> bool {
        let (short, long) = if self.rest.len() <= other.rest.len() { (self, other) } else { (other, self) };
        self.first == other.first
            && short.rest.iter().zip(&long.rest).all(|(a, b)| a == b)
            && long.rest.iter().skip(short.rest.len()).all(|w| *w == 0)
    }
}

impl Eq for SlotSet {}

impl std::hash::Hash for SlotSet {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Trailing empty words are left out, as equality ignores them.
        let used = self.rest.iter().rposition(|w| *w != 0).map_or(0, |i| i + 1);
        self.first.hash(state);
        self.rest.iter().take(used).for_each(|w| w.hash(state));
    }
}

impl SlotSet {
    /// The empty set.
    pub fn new() -> Self {
        SlotSet::default()
    }

    /// The set holding only `slot`.
    pub fn single(slot: Slot) -> Self {
        let mut set = SlotSet::new();
        set.insert(slot);
        set
    }

    /// Adds `slot`.
    pub fn insert(&mut self, slot: Slot) {
        let bit = 1 << (slot.0 % 64);
        match (slot.index() / 64).checked_sub(1) {
            None => self.first |= bit,
            Some(word) => {
                if self.rest.len() <= word {
                    self.rest.resize(word + 1, 0);
                }
                if let Some(w) = self.rest.get_mut(word) {
                    *w |= bit;
                }
            }
        }
    }

    /// Whether `slot` is in the set.
    pub fn contains(&self, slot: Slot) -> bool {
        let bit = 1 << (slot.0 % 64);
        match (slot.index() / 64).checked_sub(1) {
            None => self.first & bit != 0,
            Some(word) => self.rest.get(word).is_some_and(|w| w & bit != 0),
        }
    }

    /// Adds every slot of `other`.
    pub fn union_with(&mut self, other: &SlotSet) {
        self.first |= other.first;
        if self.rest.len() < other.rest.len() {
            self.rest.resize(other.rest.len(), 0);
        }
        for (w, o) in self.rest.iter_mut().zip(&other.rest) {
            *w |= o;
        }
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.first == 0 && self.rest.iter().all(|w| *w == 0)
    }

    /// The set of the first 64 slots whose bits are set in `word`.
    pub(crate) fn from_word(word: u64) -> Self {
        SlotSet { first: word, rest: Vec::new() }
    }

    /// The set as one word of bits, when it holds none of the slots from 64 on.
    pub(crate) fn as_word(&self) -> Option<u64> {
        self.rest.iter().all(|w| *w == 0).then_some(self.first)
    }

    /// The slots, in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = Slot> + '_ {
        // Only the set bits are visited: a set holding one slot in the thousands costs its words,
        // not 64 tests each.
        std::iter::once(self.first).chain(self.rest.iter().copied()).enumerate().filter(|(_, w)| *w != 0).flat_map(
            |(i, w)| {
                let base = u32::try_from(i).unwrap_or(u32::MAX / 64).saturating_mul(64);
                std::iter::successors(Some(w), |rest| Some(rest & (rest - 1)).filter(|r| *r != 0))
                    .map(move |rest| Slot(base + rest.trailing_zeros()))
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_sets_union_and_iterate_in_order() {
        let mut a = SlotSet::single(Slot(70));
        a.union_with(&SlotSet::single(Slot(3)));
        assert!(a.contains(Slot(3)) && a.contains(Slot(70)) && !a.contains(Slot(4)));
        assert_eq!(a.iter().collect::<Vec<_>>(), vec![Slot(3), Slot(70)]);
    }

    #[test]
    fn slot_sets_are_equal_by_their_slots() {
        let mut wide = SlotSet::single(Slot(3));
        wide.union_with(&SlotSet::single(Slot(200)));
        let mut narrow = SlotSet::single(Slot(200));
        narrow.insert(Slot(3));
        assert_eq!(wide, narrow);
        let mut grown = SlotSet::single(Slot(3));
        grown.union_with(&SlotSet { first: 0, rest: vec![0, 0] });
        assert_eq!(grown, SlotSet::single(Slot(3)));
        assert_ne!(grown, SlotSet::single(Slot(4)));
        assert!(SlotSet::new().is_empty() && !grown.is_empty());
    }

    #[test]
    fn reserved_words_and_bad_names_are_refused() {
        let mut env = Env::new();
        assert!(env.declare("true", Type::Bool).is_err());
        assert!(env.declare("1x", Type::Bool).is_err());
        assert!(env.declare("x", Type::Bool).is_ok());
        assert_eq!(env.declare("x", Type::Int), Err(DeclareError::Duplicate("x".into())));
    }
}
