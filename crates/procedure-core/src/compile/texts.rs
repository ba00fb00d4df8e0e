//! User-facing texts: every declared language present, no undeclared one, and the official
//! terms of the glossary rendered the same way in every language a text is written in.

use procedure_expr::Span;
use procedure_syntax::{self as syn, Sp};
use std::collections::HashSet;

use crate::Code;
use crate::diagnostic::Diagnostic;
use crate::model::Text;

/// An official term: its rendering in each language and the renderings to avoid, lowercased
/// for matching.
#[derive(Clone, Debug)]
pub(crate) struct Term {
    pub id: String,
    /// `(language, rendering as written, rendering lowercased)`, the glossary's rendering of a
    /// language first, then its variants.
    pub renderings: Vec<(String, String, String)>,
    /// `(language, avoided rendering lowercased)`.
    pub avoid: Vec<(String, String)>,
}

impl Term {
    pub(crate) fn of(id: &str, term: &syn::Term, default_language: &str) -> Term {
        let mut renderings = match &term.term.value {
            syn::Text::Plain(s) => vec![(default_language.to_owned(), s.clone(), s.to_lowercase())],
            syn::Text::Translated(entries, _) => {
                entries.iter().map(|(l, t)| (l.value.clone(), t.value.clone(), t.value.to_lowercase())).collect()
            }
        };
        // Variants come after the rendering, which `rendering` (the first) keeps suggesting.
        for (language, list) in &term.variants {
            renderings.extend(list.iter().map(|v| (language.value.clone(), v.value.clone(), v.value.to_lowercase())));
        }
        let avoid = term
            .avoid
            .iter()
            .flat_map(|(l, list)| list.iter().map(move |a| (l.value.clone(), a.value.to_lowercase())))
            .collect();
        Term { id: id.to_owned(), renderings, avoid }
    }

    fn rendering(&self, language: &str) -> Option<&(String, String, String)> {
        self.renderings.iter().find(|(l, _, _)| l == language)
    }
}

/// What a text is checked against.
pub(crate) struct Rules<'a> {
    /// The file's text, to see its line breaks.
    pub source: &'a str,
    /// The declared languages, the original first.
    pub languages: &'a [String],
    pub glossary: &'a [Term],
    /// The languages the file declares machine-translated.
    pub machine: &'a [String],
    /// The ids of the procedure, its inputs, derived values, steps, tables and outcomes: words
    /// no reader should meet in a text.
    pub ids: &'a HashSet<&'a str>,
}

/// Checks a text and returns it in the model's form.
pub(crate) fn check(text: &Sp<syn::Text>, rules: &Rules<'_>, diagnostics: &mut Vec<Diagnostic>) -> Text {
    let (languages, glossary, source) = (rules.languages, rules.glossary, rules.source);
    match &text.value {
        syn::Text::Plain(s) => {
            if languages.len() > 1 {
                diagnostics.push(
                    Diagnostic::warning(
                        Code::CheckMissingTranslation,
                        format!("this text is in one language only; the procedure declares {}", languages.join(", ")),
                        text.span,
                        "one language",
                    )
                    .with_help(format!(
                        "write it as a mapping: {}",
                        languages.iter().map(|l| format!("`{l}: …`")).collect::<Vec<_>>().join(", ")
                    )),
                );
            }
            let language = languages.first().cloned().unwrap_or_default();
            let plain = Sp::new(s.clone(), text.span);
            control_characters(&plain, diagnostics);
            let placeholders = placeholders_of(&plain, diagnostics);
            let words = Sp::new(crate::placeholders::blanked(s), text.span);
            ids_shown(&language, &words, rules.ids, diagnostics);
            avoided(&language, &words, glossary, diagnostics);
            Text { by_language: vec![(language, s.clone())], machine: Vec::new(), placeholders, owner: String::new() }
        }
        syn::Text::Translated(entries, statuses) => {
            for (lang, _) in entries {
                if !languages.contains(&lang.value) {
                    diagnostics.push(
                        Diagnostic::warning(
                            Code::CheckUnknownLanguage,
                            format!("`{}` is not a language of this procedure", lang.value),
                            lang.span,
                            "not declared",
                        )
                        .with_help(format!(
                            "the procedure's languages are {}; add it to `languages` or remove this text",
                            languages.join(", ")
                        )),
                    );
                }
            }
            let whole = entries.iter().fold(text.span, |span, (_, t)| span.to(t.span));
            let missing: Vec<&str> =
                languages.iter().filter(|l| !entries.iter().any(|(k, _)| &k.value == *l)).map(String::as_str).collect();
            if !missing.is_empty() {
                diagnostics.push(
                    Diagnostic::warning(
                        Code::CheckMissingTranslation,
                        format!("this text has no {}", missing.join(", ")),
                        whole,
                        "missing a language",
                    )
                    .with_help("every user-facing text needs every declared language"),
                );
            }
            let mut placeholders: Option<Vec<String>> = None;
            for (lang, t) in entries {
                control_characters(t, diagnostics);
                let names = placeholders_of(t, diagnostics);
                match &placeholders {
                    // Every translation shows the same values as the first text.
                    Some(first) if *first != names => diagnostics.push(
                        Diagnostic::error(
                            Code::CheckPlaceholderMismatch,
                            format!(
                                "this {} text shows {}, the first shows {}",
                                lang.value,
                                listed(&names),
                                listed(first)
                            ),
                            t.span,
                            "other placeholders",
                        )
                        .with_help("a translation shows the same values as its original: use the same `{name}`s"),
                    ),
                    Some(_) => {}
                    None => placeholders = Some(names),
                }
                let words = Sp::new(crate::placeholders::blanked(&t.value), t.span);
                ids_shown(&lang.value, &words, rules.ids, diagnostics);
                avoided(&lang.value, &words, glossary, diagnostics);
                folded_space(&lang.value, t, source, diagnostics);
            }
            terms(entries, glossary, diagnostics);
            let machine = machine(statuses, rules, diagnostics);
            Text {
                by_language: entries.iter().map(|(l, t)| (l.value.clone(), t.value.clone())).collect(),
                machine,
                placeholders: placeholders.unwrap_or_default(),
                owner: String::new(),
            }
        }
    }
}

/// The names a text's placeholders show, sorted; its braces that do not read are an error.
fn placeholders_of(text: &Sp<String>, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
    if !crate::placeholders::has_braces(&text.value) {
        return Vec::new();
    }
    if let Err(e) = crate::placeholders::parts(&text.value) {
        diagnostics.push(
            Diagnostic::error(Code::CheckInvalidPlaceholder, e.message, text.span, "in this text")
                .with_help("`{name}` shows the value of an input or a derived value; `{{` and `}}` show a brace"),
        );
        return Vec::new();
    }
    crate::placeholders::names(&text.value).into_iter().map(str::to_owned).collect()
}

fn listed(names: &[String]) -> String {
    if names.is_empty() {
        return "no value".to_owned();
    }
    names.iter().map(|n| format!("`{{{n}}}`")).collect::<Vec<_>>().join(", ")
}

/// The languages of a procedure or a catalogue (`what`), checked the same way for both: at least
/// one, and a translation status only for a language after the first, which is the original.
/// Returns the languages, and those `translations` declares machine-translated.
pub(crate) fn declared_languages(
    what: &str,
    declared: &Sp<Vec<Sp<String>>>,
    translations: &syn::Entries<Sp<syn::TranslationStatus>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<String>, Vec<String>) {
    let languages: Vec<String> = declared.value.iter().map(|l| l.value.clone()).collect();
    if languages.is_empty() {
        diagnostics.push(
            Diagnostic::error(
                Code::CheckNoLanguage,
                format!("a {what} needs at least one language"),
                declared.span,
                "empty",
            )
            .with_help("list the languages of its texts, the default first, e.g. `languages: [en, vi, ja]`"),
        );
    }
    let mut machine = Vec::new();
    for (language, status) in translations {
        let original = languages.first() == Some(&language.value);
        if original || !languages.contains(&language.value) {
            let why = if original {
                "the first language is the original, not a translation".to_owned()
            } else {
                format!("not a language of this {what}")
            };
            diagnostics.push(
                Diagnostic::error(
                    Code::CheckInvalidTranslation,
                    format!("`{}`: {why}", language.value),
                    language.span,
                    "here",
                )
                .with_help(
                    "give the status of each translated language, e.g. `translations: {vi: machine, ja: reviewed}`",
                ),
            );
        } else if status.value == syn::TranslationStatus::Machine {
            machine.push(language.value.clone());
        }
    }
    (languages, machine)
}

/// The languages in which a text is a machine translation: the file's default, overridden by
/// the status a translation states. The original (first) language is no translation.
fn machine(
    statuses: &[(Sp<String>, syn::TranslationStatus)],
    rules: &Rules<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<String> {
    for (language, _) in statuses.iter().filter(|(l, _)| rules.languages.first() == Some(&l.value)) {
        diagnostics.push(
            Diagnostic::error(
                Code::CheckInvalidTranslation,
                format!("`{}` is the original language, not a translation", language.value),
                language.span,
                "a status on the original",
            )
            .with_help("state the status of translations only: the languages after the first in `languages`"),
        );
    }
    let original = rules.languages.first().map_or("", String::as_str);
    machine_languages(rules.machine, statuses.iter().filter(|(l, _)| l.value != original))
}

/// The languages in which a text is a machine translation: its file's default, overridden by
/// the statuses the text states.
pub(crate) fn machine_languages<'s>(
    default: &[String],
    statuses: impl IntoIterator<Item = &'s (Sp<String>, syn::TranslationStatus)>,
) -> Vec<String> {
    let mut machine = default.to_vec();
    for (language, status) in statuses {
        machine.retain(|l| *l != language.value);
        if *status == syn::TranslationStatus::Machine {
            machine.push(language.value.clone());
        }
    }
    machine
}

/// A warning when `theirs` (a catalogue or a called procedure, named by `what`) lacks some of
/// `ours`: its texts join this procedure's, so they must come in every one of its languages.
pub(crate) fn missing_languages(what: &str, ours: &[String], theirs: &[String], span: Span) -> Option<Diagnostic> {
    let missing: Vec<&str> = ours.iter().filter(|l| !theirs.contains(l)).map(String::as_str).collect();
    (!missing.is_empty()).then(|| {
        Diagnostic::warning(
            Code::CheckMissingTranslation,
            format!("{what} has no {} texts", missing.join(", ")),
            span,
            "missing a language",
        )
        .with_help("its texts join this procedure's result: translate it into every language of the procedure")
    })
}

/// A line break of the file between two Japanese or Chinese characters of a text: YAML folds
/// it into a space, which these languages do not write. (A space typed on purpose, as between
/// a law's title and its article, is the author's choice.)
fn folded_space(language: &str, text: &Sp<String>, source: &str, diagnostics: &mut Vec<Diagnostic>) {
    if !matches!(language.split('-').next(), Some("ja" | "zh")) {
        return;
    }
    let raw: Vec<char> = source.get(text.span.range()).unwrap_or("").chars().collect();
    let found = raw.iter().enumerate().any(|(i, c)| {
        *c == '\n'
            && raw
                .get(..i)
                .and_then(|before| before.iter().rev().find(|c| **c != ' ' && **c != '\r'))
                .is_some_and(|c| wide(*c))
            && raw.get(i + 1..).and_then(|after| after.iter().find(|c| **c != ' ')).is_some_and(|c| wide(*c))
    });
    if found {
        diagnostics.push(
            Diagnostic::warning(
                Code::CheckFoldedSpace,
                format!("YAML turns this line break between two {language} characters into a space"),
                text.span,
                "a stray space",
            )
            .with_help("write the text on one line; in a double-quoted string, end a line with `\\` to break it without a space"),
        );
    }
}

/// Characters of scripts written without spaces between words, and their punctuation.
fn wide(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// Internal ids in a text meant for readers: a snake_case word in any language (outside a web
/// address), and in a language other than English any of the procedure's own ids (in English
/// they are ordinary words: `age`, `cause`).
fn ids_shown(language: &str, text: &Sp<String>, ids: &HashSet<&str>, diagnostics: &mut Vec<Diagnostic>) {
    let english = language.split('-').next() == Some("en");
    let mut shown: Vec<&str> = Vec::new();
    for token in text.value.split_whitespace().filter(|t| !t.contains("://") && !t.starts_with("www.")) {
        for word in token.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            let snake = word.split('_').filter(|part| !part.is_empty()).count() > 1;
            if (snake || (!english && ids.contains(word))) && !shown.contains(&word) {
                shown.push(word);
            }
        }
    }
    if shown.is_empty() {
        return;
    }
    let list = shown.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", ");
    diagnostics.push(
        Diagnostic::warning(
            Code::CheckIdInText,
            format!("this {language} text shows {list}, which reads as an internal id"),
            text.span,
            "an id in a text for readers",
        )
        .with_help("readers know a procedure by its title and a question by its words: write those instead"),
    );
}

/// A rendering the glossary says to avoid.
fn avoided(language: &str, text: &Sp<String>, glossary: &[Term], diagnostics: &mut Vec<Diagnostic>) {
    let lower = text.value.to_lowercase();
    for term in glossary {
        for (_, bad) in term.avoid.iter().filter(|(l, _)| l == language) {
            if lower.contains(bad.as_str()) {
                let help = match term.rendering(language) {
                    Some((_, good, _)) => {
                        format!("the glossary's rendering of `{}` in {language} is \"{good}\"", term.id)
                    }
                    None => format!("see the glossary's term `{}`", term.id),
                };
                diagnostics.push(
                    Diagnostic::warning(
                        Code::CheckGlossary,
                        format!("\"{bad}\" is a rendering of `{}` to avoid", term.id),
                        text.span,
                        "avoided rendering",
                    )
                    .with_help(help),
                );
            }
        }
    }
}

/// A text naming a term in one language must name it in every language it is written in.
/// Longer renderings are matched first and hide what they contain, so みなし再入国許可 does not
/// also count as 再入国許可.
fn terms(entries: &syn::Entries<Sp<String>>, glossary: &[Term], diagnostics: &mut Vec<Diagnostic>) {
    if glossary.is_empty() {
        return;
    }
    let named: Vec<(&str, &Sp<String>, Vec<&str>)> =
        entries.iter().map(|(l, t)| (l.value.as_str(), t, named_terms(&l.value, &t.value, glossary))).collect();
    for term in glossary {
        let Some((first_language, _, _)) = named.iter().find(|(_, _, ids)| ids.contains(&term.id.as_str())) else {
            continue;
        };
        for (language, text, ids) in &named {
            if ids.contains(&term.id.as_str()) {
                continue;
            }
            let Some((_, rendering, _)) = term.rendering(language) else { continue };
            diagnostics.push(
                Diagnostic::warning(
                    Code::CheckGlossary,
                    format!(
                        "the {first_language} text names `{}`, but the {language} text does not say \"{rendering}\"",
                        term.id
                    ),
                    text.span,
                    format!("no \"{rendering}\""),
                )
                .with_help(format!(
                    "official terms are rendered the same way everywhere: write \"{rendering}\" in the {language} text"
                )),
            );
        }
    }
}

/// The ids of the terms a text in `language` names, longest renderings first.
fn named_terms<'g>(language: &str, text: &str, glossary: &'g [Term]) -> Vec<&'g str> {
    let mut rest = text.to_lowercase();
    // Only renderings the text contains can match (replacing a match by NUL makes no new one,
    // unless the rendering holds NUL), so only those are sorted: sorting the whole glossary
    // for every text was most of the cost of checking the texts of a procedure with imports.
    let mut by_length: Vec<(&Term, &str, usize)> = glossary
        .iter()
        .flat_map(|t| {
            t.renderings.iter().filter(|(l, _, _)| l == language).map(move |(_, _, lower)| (t, lower.as_str()))
        })
        .filter(|(_, lower)| !lower.is_empty() && (rest.contains(lower) || lower.contains('\0')))
        .map(|(t, lower)| (t, lower, lower.chars().count()))
        .collect();
    by_length.sort_by_key(|(_, _, length)| std::cmp::Reverse(*length));
    let mut ids = Vec::new();
    for (term, lower, _) in by_length {
        if rest.contains(lower) {
            if !ids.contains(&term.id.as_str()) {
                ids.push(term.id.as_str());
            }
            rest = rest.replace(lower, "\u{0}");
        }
    }
    ids
}

/// The name of a character that may not appear in what an author writes, or `None`: control
/// characters other than newline and tab run escape sequences or ring bells when a text is
/// printed on a terminal, and bidirectional overrides and isolates reorder what a reviewer
/// reads. Carriage returns are refused too: a text that needs a line break writes `\n`.
pub fn hidden_character(c: char) -> Option<&'static str> {
    Some(match c {
        '\n' | '\t' => return None,
        '\0' => "null",
        '\u{7}' => "bell",
        '\u{8}' => "backspace",
        '\r' => "carriage return",
        '\u{1B}' => "escape",
        '\u{7F}' => "delete",
        '\u{9B}' => "control sequence introducer",
        '\u{202A}' => "left-to-right embedding",
        '\u{202B}' => "right-to-left embedding",
        '\u{202C}' => "pop directional formatting",
        '\u{202D}' => "left-to-right override",
        '\u{202E}' => "right-to-left override",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        c if c.is_control() => "control character",
        _ => return None,
    })
}

/// A text or id holding a character that [`hidden_character`] names: an error at the text,
/// checked on the decoded value, so that an escape in a double-quoted string or a `!!binary`
/// value is caught as well as a raw character.
pub(crate) fn control_characters(text: &Sp<String>, diagnostics: &mut Vec<Diagnostic>) {
    let Some((c, name)) = text.value.chars().find_map(|c| hidden_character(c).map(|n| (c, n))) else {
        return;
    };
    diagnostics.push(
        Diagnostic::error(
            Code::CheckControlCharacter,
            format!("this text holds the invisible character U+{:04X} ({name})", u32::from(c)),
            text.span,
            format!("holds U+{:04X}", u32::from(c)),
        )
        .with_help(
            "remove it: control characters and bidirectional overrides can run terminal commands or hide what a reader sees",
        ),
    );
}
