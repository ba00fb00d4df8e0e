//! The peer decision's parts shared by its benchmark and its profiling example: the inputs,
//! the hand-written function, and `procedure`'s two ways in (strings and typed handles).

use procedure::{
    CompileOptions, Evaluation, Fact, FactValue, InputHandle, Procedure, Situation, ValueHandle, bind, compile,
    evaluate,
};

/// One situation, as the README specifies the baseline's input.
pub struct Input {
    card_found_by_police: bool,
    cause: String,
    age: i64,
    /// Days since 1970-01-01.
    discovered_on: i64,
    /// Days since 1970-01-01.
    today: i64,
}

/// The decision, owned, as every implementation must return it.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    outcome: String,
    documents: Vec<String>,
    deadline: Option<i64>,
    warnings: Vec<String>,
    fee: i64,
}

pub fn hand_written(input: &Input) -> Outcome {
    if input.card_found_by_police {
        return Outcome {
            outcome: "card_returned".into(),
            documents: vec![],
            deadline: None,
            warnings: vec![],
            fee: 0,
        };
    }
    let certificate = match input.cause.as_str() {
        "lost" => "cert_lost",
        "stolen" => "cert_stolen",
        _ => "cert_disaster",
    };
    let mut documents = vec!["application_form".to_owned(), certificate.to_owned(), "passport".to_owned()];
    if input.age >= 16 {
        documents.push("photo_4x3".to_owned());
    }
    let deadline = input.discovered_on + 14;
    let warnings = if input.today > deadline { vec!["deadline_passed".to_owned()] } else { vec![] };
    Outcome { outcome: "apply_for_reissue".into(), documents, deadline: Some(deadline), warnings, fee: 0 }
}

/// The seed and the generator the README names, so that every engine decides the same inputs.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

const EPOCH_2020: i64 = 18_262; // 2020-01-01, in days since 1970-01-01

pub fn inputs() -> Vec<Input> {
    let mut rng = SplitMix64(0x5EED_CA4D_2024);
    (0..1_000)
        .map(|i| {
            let discovered_on = EPOCH_2020 + (rng.next() % 3_000) as i64;
            Input {
                card_found_by_police: rng.next().is_multiple_of(5),
                cause: ["lost", "stolen", "disaster"][i % 3].to_owned(),
                age: (rng.next() % 91) as i64,
                discovered_on,
                today: discovered_on + (rng.next() % 31) as i64,
            }
        })
        .collect()
}

fn date(days: i64) -> jiff::civil::Date {
    jiff::civil::date(1970, 1, 1).checked_add(jiff::Span::new().days(days)).expect("a date in range")
}

fn days(d: jiff::civil::Date) -> i64 {
    i64::from((d - jiff::civil::date(1970, 1, 1)).get_days())
}

/// The string-fact path an embedding program has today: facts by name, dates as text, `bind`.
pub fn by_strings(procedure: &Procedure, input: &Input) -> Outcome {
    let fact = |name: &str, value| Fact { name: name.to_owned(), value, span: None };
    let mut facts = vec![fact("card_found_by_police", FactValue::Bool(input.card_found_by_police))];
    if !input.card_found_by_police {
        facts.push(fact("cause", FactValue::Text(input.cause.clone())));
        facts.push(fact("age", FactValue::Int(input.age)));
        facts.push(fact("discovered_on", FactValue::Text(date(input.discovered_on).to_string())));
    }
    let facts = bind(procedure, &facts).expect("valid facts");
    outcome(&evaluate(procedure, &facts, date(input.today)).expect("evaluates"))
}

/// The typed path: inputs and enum values resolved once, facts set by handle, the result
/// evaluated into a reused `Evaluation`.
pub struct Typed {
    found: InputHandle,
    causes: [(&'static str, ValueHandle); 3],
    age: InputHandle,
    discovered_on: InputHandle,
}

impl Typed {
    pub fn new(procedure: &Procedure) -> Typed {
        let cause = procedure.input("cause").expect("declared");
        let value = |v| procedure.value(cause, v).expect("declared");
        Typed {
            found: procedure.input("card_found_by_police").expect("declared"),
            causes: [("lost", value("lost")), ("stolen", value("stolen")), ("disaster", value("disaster"))],
            age: procedure.input("age").expect("declared"),
            discovered_on: procedure.input("discovered_on").expect("declared"),
        }
    }

    pub fn decide<'p>(&self, situation: &mut Situation<'p>, e: &mut Evaluation<'p>, input: &Input) -> Outcome {
        situation.clear();
        situation.set_bool(self.found, input.card_found_by_police).expect("valid");
        if !input.card_found_by_police {
            let value = self.causes.iter().find(|(name, _)| *name == input.cause).map(|(_, v)| *v).expect("a cause");
            situation.set_value(value).expect("valid");
            situation.set_int(self.age, input.age).expect("valid");
            situation.set_date(self.discovered_on, date(input.discovered_on)).expect("valid");
        }
        situation.evaluate_into(date(input.today), e).expect("evaluates");
        outcome(e)
    }
}

fn outcome(e: &Evaluation<'_>) -> Outcome {
    Outcome {
        outcome: e.outcome.map(|n| n.id.clone()).unwrap_or_default(),
        documents: e.documents.iter().map(|d| d.document.id.clone()).collect(),
        deadline: e.deadlines.first().map(|d| days(d.effective_date)),
        warnings: e.warnings.iter().map(|w| w.warning.id.clone()).collect(),
        fee: e.fee_total().map_or(0, |(amount, _)| amount),
    }
}

pub fn peer_procedure() -> Procedure {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/bench/peer_decision/lost_residence_card.yaml");
    let text = std::fs::read_to_string(path).expect("the shared peer decision beside the repository");
    compile(&text, &CompileOptions::DEFAULT).procedure.expect("the peer decision compiles")
}
