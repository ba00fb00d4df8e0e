//! The reader's language: asked in the URL (`lang=`), else the browser's `Accept-Language`,
//! else the procedure's first.

use axum::http::HeaderMap;

/// The languages of the pages' own words.
pub const LANGUAGES: [&str; 3] = ["en", "vi", "ja"];

/// The language to use among `offered`: `asked` if offered, else the best of
/// `Accept-Language` (by weight, then order), else the first offered.
pub fn choose<'a>(asked: Option<&str>, headers: &HeaderMap, offered: &[&'a str]) -> &'a str {
    if let Some(l) = asked.and_then(|a| offered.iter().find(|o| **o == a)) {
        return l;
    }
    let accept = headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mut best: Option<(f32, &'a str)> = None;
    for part in accept.split(',') {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        let weight =
            pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        if let Some(l) = offered.iter().find(|o| **o == primary)
            && weight > 0.0
            && best.is_none_or(|(w, _)| weight > w)
        {
            best = Some((weight, l));
        }
    }
    best.map(|(_, l)| l).or_else(|| offered.first().copied()).unwrap_or("en")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(accept: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(axum::http::header::ACCEPT_LANGUAGE, accept.parse().unwrap());
        h
    }

    #[test]
    fn asked_then_accept_language_then_first() {
        assert_eq!(choose(Some("ja"), &headers("vi"), &LANGUAGES), "ja");
        assert_eq!(choose(Some("fr"), &headers("fr;q=1, ja-JP;q=0.8, vi;q=0.9"), &LANGUAGES), "vi");
        assert_eq!(choose(None, &headers("de"), &LANGUAGES), "en");
        assert_eq!(choose(None, &HeaderMap::new(), &["vi", "en"]), "vi");
    }
}
