//! Any text as a procedure file, a scenario file and a catalogue: checking it, and evaluating
//! it when it compiles, never panics or hangs. Imports and calls are served from memory: the
//! fuzzed text itself under `self.yaml` (so a file can import or call itself), a catalogue and
//! a small sub-procedure, so the fuzzer reaches imports, calls, cycles and dated rules.

#![no_main]

use libfuzzer_sys::fuzz_target;
use procedure::{CompileOptions, Files, bind, check_source, compile_with, evaluate_as_of, render};

struct Memory<'a> {
    this: &'a str,
}

const CATALOGUE: &str = "catalogue: common\nlanguages: [en, ja]\nsources:\n  law: {title: {en: Law, ja: 法律}}\n\
documents:\n  passport: {title: {en: Passport, ja: 旅券}, sources: [law]}\nglossary:\n  card:\n    term: {en: residence card, ja: 在留カード}\n    avoid: {en: [residence permit card]}\n";

const SUB: &str = "id: sub\nversion: '1'\ntitle: Sub\nlanguages: [en]\ntime_zone: Asia/Tokyo\nstart: go\n\
inputs:\n  x: {type: bool, ask: X?}\nsteps:\n  go:\n    title: Go\n    bring: [{document: passport, when: x}]\n    fees:\n      f:\n        - {amount: 1, currency: JPY, valid_until: 2025-03-31}\n        - {amount: 2, currency: JPY, valid_from: 2025-04-01}\n\
    next:\n      - when: x\n        to: done\n      - otherwise: away\nimports: [common.yaml]\noutcomes:\n  done: {title: Done, kind: done}\n  away: {title: Away, kind: redirect}\n";

impl Files for Memory<'_> {
    fn read(&self, path: &str) -> Result<String, String> {
        match path {
            "self.yaml" => Ok(self.this.to_owned()),
            "common.yaml" => Ok(CATALOGUE.to_owned()),
            "sub.yaml" => Ok(SUB.to_owned()),
            _ => Err("no such file".into()),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let files = Memory { this: text };
    let options = CompileOptions::DEFAULT;
    for name in ["fuzzed.yaml", "fuzzed.test.yaml"] {
        for d in check_source(name, text, &options, &files) {
            let _ = d.to_string();
        }
    }
    let compiled = compile_with(text, &options, &files);
    let Some(procedure) = compiled.procedure else { return };
    let Ok(facts) = bind(&procedure, &[]) else { return };
    for (today, as_of) in [((2026, 11, 25), (2026, 11, 25)), ((2025, 3, 31), (2025, 4, 1))] {
        let today = jiff::civil::date(today.0, today.1, today.2);
        let as_of = jiff::civil::date(as_of.0, as_of.1, as_of.2);
        if let Ok(e) = evaluate_as_of(&procedure, &facts, today, as_of) {
            let _ = render::json(&e, "en").to_string();
            let _ = render::report(&e, "ja", render::Style::Markdown);
        }
    }
});
