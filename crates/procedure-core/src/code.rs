//! The diagnostic codes: one enum, so that programs match on a variant instead of a string.
//!
//! Each code has a stable name, `procedure::<area>::<what>`, which is what the command line
//! prints, what its JSON output carries and what the docs list: [`Code::as_str`] is the only
//! place a name is written. The expression and YAML crates name their own codes in their error
//! enums (they know nothing of this crate); [`Code::from_name`] maps those names here, and a test
//! holds that each of them is a variant.

use std::fmt;

/// Declares the enum, its names and [`Code::ALL`] from one list, so that a variant cannot
/// exist without its name or be left out of `ALL`.
macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $variant:ident => $name:literal,)+) => {
        /// What a [`Diagnostic`](crate::Diagnostic) is about.
        ///
        /// New codes may be added in any release: match with a wildcard arm.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $($(#[doc = $doc])+ $variant,)+
        }

        impl Code {
            /// Every code, grouped by area.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+];

            /// The stable name, e.g. `procedure::check::glossary`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)+
                }
            }
        }
    };
}

codes! {
    /// Malformed YAML, or a value of the wrong kind for its key: a missing required key, a list
    /// where a mapping is expected, an unknown word, a duplicate key, a tab in the indentation.
    /// Fix: follow the message and the help.
    SyntaxYaml => "procedure::syntax::yaml",
    /// A key the element does not have, usually a typo. Fix: use the key the help suggests.
    SyntaxUnknownKey => "procedure::syntax::unknown_key",
    /// A file over the size budget (4 MiB by default). Fix: split the file.
    SyntaxTooLarge => "procedure::syntax::too_large",
    /// A file of blank lines and comments only. Fix: write the procedure, or remove the file.
    SyntaxEmpty => "procedure::syntax::empty",
    /// YAML nested too deeply, with too many aliases or too many nodes. Fix: write the YAML
    /// plainly.
    SyntaxBudget => "procedure::syntax::budget",
    /// A file (or standard input) that is not UTF-8 text. Fix: save it as UTF-8.
    SyntaxNotUtf8 => "procedure::syntax::not_utf8",

    /// An expression that does not follow the grammar. Fix: write `==`, `&&`, `||`, `!`,
    /// integers only.
    ExprSyntax => "procedure::expr::syntax",
    /// An unknown string escape. Fix: use a known escape or a raw string `r'…'`.
    ExprInvalidEscape => "procedure::expr::invalid_escape",
    /// An integer literal outside 64 signed bits. Fix: keep literals in range.
    ExprIntOutOfRange => "procedure::expr::int_out_of_range",
    /// Brackets, conditionals or operators nested past the limit. Fix: split the expression into
    /// derived values.
    ExprTooDeep => "procedure::expr::too_deep",
    /// An expression longer than the limit. Fix: split it into derived values.
    ExprTooLong => "procedure::expr::too_long",
    /// A list or string literal larger than the limit. Fix: split the data.
    ExprLiteralTooLarge => "procedure::expr::literal_too_large",
    /// A list heavier than the limit, counting the elements of nested lists where they appear, at
    /// compile time for a constant or at run time. Fix: build smaller lists.
    ExprListTooHeavy => "procedure::expr::list_too_heavy",
    /// A name no declaration introduces. Fix: correct the typo, or declare the input.
    ExprUndeclaredVariable => "procedure::expr::undeclared_variable",
    /// A function the language does not have, or a built-in called in the wrong style. Fix: use
    /// a built-in as the help says.
    ExprUnknownFunction => "procedure::expr::unknown_function",
    /// A function called with the wrong number of arguments. Fix: follow the signature the label
    /// shows.
    ExprWrongArity => "procedure::expr::wrong_arity",
    /// An operator or function applied to types it does not accept. Fix: change the operands.
    ExprTypeMismatch => "procedure::expr::type_mismatch",
    /// A string compared with an enum-typed value, or a bare word in an enum column, that is not
    /// one of its values. Fix: use one of the values the label lists.
    ExprUnknownEnumValue => "procedure::expr::unknown_enum_value",
    /// A field selection `x.name`: values have no fields. Fix: call methods with parentheses.
    ExprNoSuchField => "procedure::expr::no_such_field",
    /// A date literal, or a computed string given to `date`, that is not an existing
    /// `YYYY-MM-DD` date. Fix: write an existing date.
    ExprInvalidDate => "procedure::expr::invalid_date",
    /// A calendar function naming a calendar that does not exist, or used where no calendar is
    /// available. Fix: name one of the calendars the help lists (`jp_admin` is the default).
    ExprUnknownCalendar => "procedure::expr::unknown_calendar",
    /// At run time, integer arithmetic left 64 signed bits. Fix: keep values in range.
    ExprOverflow => "procedure::expr::overflow",
    /// At run time, `/` or `%` by zero. Fix: guard the division.
    ExprDivisionByZero => "procedure::expr::division_by_zero",
    /// At run time, an operator met values it does not accept (unchecked code or `dyn`). Fix:
    /// give the values the types the operator expects.
    ExprNoSuchOverload => "procedure::expr::no_such_overload",
    /// At run time, a list index outside the list. Fix: check `size(xs)` first.
    ExprIndexOutOfRange => "procedure::expr::index_out_of_range",
    /// At run time, date or duration arithmetic left 0001-01-01 to 9999-12-31. Fix: keep dates
    /// in range.
    ExprDateOutOfRange => "procedure::expr::date_out_of_range",
    /// At run time, a computed string or list over the size limit. Fix: keep computed values
    /// small.
    ExprValueTooLarge => "procedure::expr::value_too_large",
    /// At run time, a calendar function asked about a day outside its calendar's horizon. Fix:
    /// guard the call so that such a date never reaches it.
    ExprOutsideCalendar => "procedure::expr::outside_calendar",

    /// A file that could not be read, or that is a directory, a named pipe or a device. Fix:
    /// name a regular, readable file.
    CheckUnreadable => "procedure::check::unreadable",
    /// A procedure or catalogue with `languages: []`. Fix: declare at least one language.
    CheckNoLanguage => "procedure::check::no_language",
    /// A text's braces that do not read, a placeholder naming no input or derived value, or
    /// one of a type a text cannot show. Fix: name an input or derived value (`{valid_until}`),
    /// or double a brace (`{{`).
    CheckInvalidPlaceholder => "procedure::check::invalid_placeholder",
    /// A translation whose placeholders differ from its original's. Fix: show the same values in
    /// every language.
    CheckPlaceholderMismatch => "procedure::check::placeholder_mismatch",
    /// A `time_zone` that is not an IANA time zone. Fix: write e.g. `Asia/Tokyo`.
    CheckInvalidTimeZone => "procedure::check::invalid_time_zone",
    /// A text, id or case name holding a control character or a bidirectional override. Fix:
    /// remove it.
    CheckControlCharacter => "procedure::check::control_character",
    /// An id declared twice in one namespace, a derived value named like an input, two cases of
    /// a scenario file with one name. Fix: rename one of them.
    CheckDuplicateId => "procedure::check::duplicate_id",
    /// An input or derived value whose id is not a name of the expression language. Fix: use
    /// letters, digits and `_`.
    CheckInvalidName => "procedure::check::invalid_name",
    /// An input or derived value called `today`, which is built in. Fix: rename it.
    CheckReservedName => "procedure::check::reserved_name",
    /// An enum input without values or with a blank one, `values` on another type, a bound that
    /// does not fit the type, `min` above `max`. Fix: as the help says.
    CheckInvalidInput => "procedure::check::invalid_input",
    /// Two values of one enum input that differ only in case or surrounding spaces. Fix: keep
    /// one of them.
    CheckConfusableEnumValues => "procedure::check::confusable_enum_values",
    /// Derived values that depend on each other in a cycle. Fix: break the cycle.
    CheckLetCycle => "procedure::check::let_cycle",
    /// Inputs whose `ask_when` wait on each other, or on themselves. Fix: make one `ask_when`
    /// read only inputs asked without the others.
    CheckAskWhenCycle => "procedure::check::ask_when_cycle",
    /// An expression of the wrong type for its place, or a cell that does not fit its column.
    /// Fix: give the place the type it needs.
    CheckWrongType => "procedure::check::wrong_type",
    /// An id that names nothing of its kind; an unknown calendar or status; a scenario file's
    /// procedure that does not exist or compile. Fix: correct the id (the help suggests one).
    CheckUnknownReference => "procedure::check::unknown_reference",
    /// A malformed list of branches. Fix: `- when: …` with `to: …`, ending with `- otherwise: …`.
    CheckInvalidBranch => "procedure::check::invalid_branch",
    /// A text's variants whose last has a `when`, or one before the last without. Fix: give each
    /// variant a `when` but the last, which is the otherwise.
    CheckInvalidVariants => "procedure::check::invalid_variants",
    /// A negative or huge amount, a malformed currency, fees in two currencies. Fix: write the
    /// amount in the smallest unit and the ISO 4217 code.
    CheckInvalidFee => "procedure::check::invalid_fee",
    /// A deadline key that needs a calendar without one, or a warning on an event the deadline
    /// cannot have. Fix: name the calendar; use an event the deadline can have.
    CheckInvalidDeadline => "procedure::check::invalid_deadline",
    /// A `valid_from`/`valid_until` that is not a date or out of order, a date on `otherwise`.
    /// Fix: write `YYYY-MM-DD` days in order.
    CheckInvalidValidity => "procedure::check::invalid_validity",
    /// Two versions of one rule in force on the same day. Fix: end the earlier one the day
    /// before the later one starts.
    CheckOverlappingVersions => "procedure::check::overlapping_versions",
    /// A table whose rows, cells, `to`, `next` or `default` do not fit its hit policy. Fix: see
    /// the tables section of the language reference.
    CheckTableShape => "procedure::check::table_shape",
    /// A `collect` table without `next`, or a node from which no path reaches an outcome. Fix:
    /// lead every node to an outcome.
    CheckDeadEnd => "procedure::check::dead_end",
    /// A node that no path from `start` reaches. Fix: lead to it, or remove it.
    CheckUnreachableNode => "procedure::check::unreachable_node",
    /// Nodes that lead back to each other. Fix: make every path move towards an outcome.
    CheckCycle => "procedure::check::cycle",
    /// A branch no case takes. Fix: correct the guard, or remove the branch.
    CheckNeverHolds => "procedure::check::never_holds",
    /// Branches without `otherwise` that leave a case uncovered. Fix: add a branch for it.
    CheckNotExhaustive => "procedure::check::not_exhaustive",
    /// Two rows of a `unique` table that match one case. Fix: make them exclusive, or use
    /// `hit: first`.
    CheckTableOverlap => "procedure::check::table_overlap",
    /// Cases no row of a table without `default` matches. Fix: add rows, or a `default`.
    CheckTableGap => "procedure::check::table_gap",
    /// An expression reading an input where its `ask_when` may be false. Fix: guard the
    /// expression.
    CheckReadWhereNotAsked => "procedure::check::read_where_not_asked",
    /// A warning: a semantic check could not cover every case here, and why. Fix: decide on
    /// values the checks enumerate, or split the decision.
    CheckIncomplete => "procedure::check::check_incomplete",
    /// A translation status for the original language or for an undeclared one. Fix: give the
    /// status of the translated languages only.
    CheckInvalidTranslation => "procedure::check::invalid_translation",
    /// A call of a sub-procedure that cannot be made: bad path, callee with errors, cycle, too
    /// deep or too many, inputs not matching. Fix: see the sub-procedures section.
    CheckCall => "procedure::check::call",
    /// An import that is refused: outside the directory, missing, not a catalogue, twice. Fix:
    /// import a catalogue below the procedure's directory.
    CheckImport => "procedure::check::import",
    /// A warning: a text for readers shows an internal id. Fix: use the words a reader knows.
    CheckIdInText => "procedure::check::id_in_text",
    /// A warning: a text that names an official term in one language and not another, or uses a
    /// rendering to avoid. Fix: write the glossary's rendering in every language.
    CheckGlossary => "procedure::check::glossary",
    /// A warning: a Japanese or Chinese text folded over lines, which YAML joins with a space.
    /// Fix: write the text on one line.
    CheckFoldedSpace => "procedure::check::folded_space",
    /// A warning: days between two versions of a rule where none is in force. Fix: make the
    /// dates meet.
    CheckValidityGap => "procedure::check::validity_gap",
    /// A warning: a text without every declared language. Fix: write it in every language.
    CheckMissingTranslation => "procedure::check::missing_translation",
    /// A warning: a text in an undeclared language. Fix: declare it, or remove the text.
    CheckUnknownLanguage => "procedure::check::unknown_language",
    /// A warning: an input no expression reads. Fix: use it, or remove it.
    CheckUnusedInput => "procedure::check::unused_input",
    /// A warning: a document nothing asks for. Fix: ask for it, or remove it.
    CheckUnusedDocument => "procedure::check::unused_document",
    /// A warning: a fee under the top-level `fees:` that no step pays. Fix: name it in a
    /// step's `pay`, or remove it.
    CheckUnusedFee => "procedure::check::unused_fee",
    /// A warning: a source nothing cites. Fix: cite it, or remove it.
    CheckUnusedSource => "procedure::check::unused_source",
    /// A warning: a derived value, table or step that cites no source. Fix: cite its sources.
    CheckMissingSource => "procedure::check::missing_source",
    /// A date of a scenario file (`today`, `as_of`, an expected deadline) that is not a date.
    /// Fix: write `YYYY-MM-DD`.
    CheckInvalidDate => "procedure::check::invalid_date",

    /// A fact named like no input of the procedure. Fix: correct the name (the help suggests
    /// one).
    FactsUndeclared => "procedure::facts::undeclared",
    /// A fact whose value does not fit its input's type or bounds. Fix: give a value the help
    /// describes.
    FactsInvalid => "procedure::facts::invalid",
    /// Facts that break one of the procedure's constraints; the message is the procedure's.
    /// Fix: correct the facts.
    FactsConstraint => "procedure::facts::constraint",

    /// A guard gave a value that is not a bool: the checker accepts an element of a list of
    /// mixed types (`[size(office), true][0]`) where a bool is needed. Fix: keep the lists of a
    /// guard to one type.
    EvalNotACondition => "procedure::eval::not_a_condition",
    /// An expression read an input not asked in this situation. Fix: guard the expression; the
    /// checks find it ahead (`procedure::check::read_where_not_asked`).
    EvalReadWhereNotAsked => "procedure::eval::read_where_not_asked",
    /// No branch holds in this situation. Fix: add an `otherwise` branch.
    EvalNoBranch => "procedure::eval::no_branch",
    /// Evaluation visited more nodes than the procedure has: an invariant guard, since the
    /// checks refuse cycles.
    EvalFuel => "procedure::eval::fuel",
    /// No row of a table matches this situation. Fix: add a row, or a `default`.
    EvalNoRow => "procedure::eval::no_row",
    /// Two rows of a `unique` table match this situation. Fix: make them exclusive, or use
    /// `hit: first`.
    EvalTableOverlap => "procedure::eval::table_overlap",
    /// The answer waits on facts but no question can be asked for them: an invariant guard no
    /// procedure is known to reach.
    EvalNothingToAsk => "procedure::eval::nothing_to_ask",

    /// A diagnostic of another library given to [`Diagnostic::from_miette`](crate::Diagnostic::from_miette)
    /// whose code is none of these: never produced by `procedure` itself.
    Other => "procedure::error",
}

impl Code {
    /// The code of this name, if there is one.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn names_are_unique_and_stable_in_shape() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let name = code.as_str();
            assert!(seen.insert(name), "{name} is the name of two codes");
            assert_eq!(Code::from_name(name), Some(*code));
            let parts: Vec<&str> = name.split("::").collect();
            let well_formed = parts.first() == Some(&"procedure")
                && (parts.len() == 3 || *code == Code::Other)
                && parts.iter().all(|p| {
                    !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
                });
            assert!(well_formed, "{name} is not `procedure::<area>::<what>`");
        }
    }

    /// The expression and YAML crates name their codes themselves: each must be a `Code`, or
    /// a diagnostic of theirs would read `procedure::error`.
    #[test]
    fn every_code_of_the_lower_crates_is_a_code() {
        use procedure_expr::{EvalError, EvalErrorKind as K, ExprError as E, Span};
        use procedure_syntax::SyntaxError as S;

        use crate::{Diagnostic, Level};

        let (span, text) = (Span::new(0, 1), String::new);
        let runtime = [
            K::Overflow { op: "+" },
            K::DivisionByZero,
            K::ModuloByZero,
            K::NoSuchOverload { op: "+", operands: [None, None] },
            K::IndexOutOfRange { index: 1, len: 0 },
            K::DateOutOfRange,
            K::InvalidDate,
            K::ValueTooLarge { what: "list", limit: 1 },
            K::NoSuchField,
            K::ListTooHeavy { limit: 1 },
            K::OutsideCalendar { calendar: "jp_admin", horizon: (2016, 2027) },
        ];
        let mut errors: Vec<Box<dyn miette::Diagnostic>> =
            runtime.into_iter().map(|kind| Box::new(EvalError { kind, span }) as Box<dyn miette::Diagnostic>).collect();
        let compile = [
            E::Syntax { message: text(), span, label: text(), help: None },
            E::InvalidEscape { escape: text(), span, reason: text() },
            E::IntOutOfRange { text: text(), span },
            E::TooDeep { limit: 1, span, help: text() },
            E::TooLong { length: 2, limit: 1, span },
            E::LiteralTooLarge { what: "list", size: 2, limit: 1, span },
            E::ListTooHeavy { limit: 1, span },
            E::UndeclaredVariable { name: text(), span, help: None },
            E::UnknownFunction { name: text(), span, help: None },
            E::WrongArity { name: text(), expected: text(), found: text(), span, signature: text() },
            E::TypeMismatch { message: text(), span, label: text(), help: None },
            E::UnknownEnumValue { value: text(), of: text(), span, values: text(), help: None },
            E::NoSuchField { name: text(), ty: text(), span },
            E::InvalidDate { text: text(), span, reason: text() },
            E::UnknownCalendar { message: text(), span, label: text(), help: None },
        ];
        errors.extend(compile.into_iter().map(|e| Box::new(e) as Box<dyn miette::Diagnostic>));
        let load = [
            S::Yaml { message: text(), span, help: None },
            S::UnknownKey { key: text(), span, help: text() },
            S::TooLarge { size: None, limit: 1 },
            S::Empty,
            S::Budget { message: text(), span },
        ];
        errors.extend(load.into_iter().map(|e| Box::new(e) as Box<dyn miette::Diagnostic>));
        for error in &errors {
            let d = Diagnostic::from_miette_alone(error.as_ref(), Level::Error);
            assert_ne!(d.code, Code::Other, "{:?} is no `Code`", error.code().map(|c| c.to_string()));
        }
    }

    #[test]
    fn an_unknown_name_is_no_code() {
        assert_eq!(Code::from_name("procedure::check::nothing"), None);
    }
}
