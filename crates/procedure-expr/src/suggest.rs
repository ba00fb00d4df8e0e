//! Did-you-mean suggestions for misspelt names and enum values.

/// The most names a did-you-mean of the checker compares a misspelt name with: procedures
/// declare far fewer variables or enum values, and one with 20,000 of them and as many
/// misspelt names would take minutes (each comparison is a Jaro-Winkler distance).
pub(crate) const MAX_CANDIDATES: usize = 1_000;

/// The most names a message lists; the rest are counted.
pub(crate) const MAX_LISTED: usize = 12;

/// The candidate closest to `wanted`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(wanted, candidate);
        // Case-only differences are always worth suggesting.
        let score = if wanted.eq_ignore_ascii_case(candidate) { 1.0 } else { score };
        if score >= 0.8 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_a_transposition() {
        assert_eq!(did_you_mean("stolne", ["lost", "stolen", "disaster"]), Some("stolen"));
    }

    #[test]
    fn says_nothing_when_nothing_is_close() {
        assert_eq!(did_you_mean("passport", ["lost", "stolen"]), None);
    }
}
