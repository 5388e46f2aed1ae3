//! The page's query string: which board to open (`board=`, or a generated
//! one with `generate=`), and how to show it (`embed=1`). Pure string work, so
//! it is tested natively; the browser shell passes `location.search` in.

/// The query parameter that carries a board (see `link`).
pub const BOARD: &str = "board";
/// `embed=1`: only the board, its packets and a thin strip, for iframes.
pub const EMBED: &str = "embed";
/// `generate=NODESxPODS`: a generated cluster (see `generate`).
pub const GENERATE: &str = "generate";
/// `lesson=ID&step=N`: a lesson step (N from 1).
pub const LESSON: &str = "lesson";
pub const STEP: &str = "step";
/// `present=1`: presenter mode.
pub const PRESENT: &str = "present";

/// What the query string asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageQuery {
    /// The `board` value, percent-decoded.
    pub board: Option<String>,
    pub embed: bool,
    pub lesson: Option<String>,
    /// 1-based, as written in the link (it may not be a number, or not a
    /// step of the lesson: `Lesson::step_from_link` says what opens).
    pub step: Option<String>,
    pub present: bool,
}

impl PageQuery {
    pub fn parse(search: &str) -> Self {
        let mut query = PageQuery::default();
        for (key, value) in pairs(search) {
            match key.as_str() {
                BOARD => query.board = Some(value),
                EMBED => query.embed = switched_on(&value),
                LESSON => query.lesson = Some(value),
                STEP => query.step = Some(value),
                PRESENT => query.present = switched_on(&value),
                _ => {}
            }
        }
        query
    }
}

/// `embed=1`, `present=yes`, a bare `embed`: on; `0`, `false`, `no`: off.
fn switched_on(value: &str) -> bool {
    !matches!(value, "0" | "false" | "no")
}

/// The query string with each `(key, value)` set (`None` removes the key),
/// the other parameters kept in order; new keys go last. `""` when empty.
pub fn with_params(search: &str, changes: &[(&str, Option<&str>)]) -> String {
    let mut parts: Vec<String> = raw_pairs(search)
        .filter(|(key, _)| !changes.iter().any(|(k, _)| k == key))
        .map(|(key, value)| if value.is_empty() { key.to_string() } else { format!("{key}={value}") })
        .collect();
    parts.extend(changes.iter().filter_map(|(key, value)| value.map(|v| format!("{key}={v}"))));
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// The query string with `board` set to `value` and `generate` dropped (the
/// board now says everything), other parameters kept in order. Starts with `?`.
pub fn with_board(search: &str, value: &str) -> String {
    let kept = raw_pairs(search).filter(|(key, _)| *key != BOARD && *key != GENERATE);
    let mut parts: Vec<String> =
        kept.map(|(key, value)| if value.is_empty() { key.to_string() } else { format!("{key}={value}") }).collect();
    parts.push(format!("{BOARD}={value}"));
    format!("?{}", parts.join("&"))
}

/// The query string with `embed=1` set (`true`) or removed, the rest kept.
pub fn with_embed(search: &str, embed: bool) -> String {
    let mut parts: Vec<String> = Vec::new();
    if embed {
        parts.push(format!("{EMBED}=1"));
    }
    parts.extend(raw_pairs(search).filter(|(key, _)| *key != EMBED).map(|(key, value)| {
        if value.is_empty() {
            key.to_string()
        } else {
            format!("{key}={value}")
        }
    }));
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// The `key=value` pairs as written (not decoded), empty ones skipped.
fn raw_pairs(search: &str) -> impl Iterator<Item = (&str, &str)> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
}

/// The pairs, percent-decoded (`+` as a space, as forms write it).
fn pairs(search: &str) -> impl Iterator<Item = (String, String)> + '_ {
    raw_pairs(search).map(|(key, value)| (percent_decode(key), percent_decode(value)))
}

/// `%XX` sequences to bytes; a malformed sequence is kept as written, and
/// bytes that are not UTF-8 become U+FFFD, so any input decodes to something.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(hi), Some(lo)) => {
                    out.push((hi * 16 + lo) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_board_and_embed_among_other_parameters() {
        let q = PageQuery::parse("?x=1&embed=1&board=1.AbC-_d");
        assert_eq!(q, PageQuery { board: Some("1.AbC-_d".into()), embed: true, ..PageQuery::default() });
        assert!(!PageQuery::parse("?embed=0").embed);
        assert_eq!(PageQuery::parse(""), PageQuery::default());
        assert_eq!(PageQuery::parse("?board=1%2EAb").board.as_deref(), Some("1.Ab"));
    }

    #[test]
    fn reads_lesson_step_and_presenter_mode() {
        let q = PageQuery::parse("?lesson=external-traffic-policy&step=3&present=1");
        assert_eq!(
            (q.lesson.as_deref(), q.step.as_deref(), q.present),
            (Some("external-traffic-policy"), Some("3"), true)
        );
        assert_eq!(PageQuery::parse("?step=x").step.as_deref(), Some("x"), "kept, so the page can say what was wrong");
    }

    #[test]
    fn params_are_set_replaced_and_removed_in_place() {
        let search = "?embed=1&lesson=a&step=2";
        assert_eq!(
            with_params(search, &[("step", Some("3")), ("present", Some("1"))]),
            "?embed=1&lesson=a&step=3&present=1"
        );
        assert_eq!(with_params(search, &[("lesson", None), ("step", None)]), "?embed=1");
        assert_eq!(with_params("", &[("present", None)]), "");
    }

    #[test]
    fn setting_the_board_drops_generate_and_keeps_the_rest() {
        assert_eq!(with_board("?embed=1&generate=3x6&board=old", "1.new"), "?embed=1&board=1.new");
        assert_eq!(with_board("", "1.x"), "?board=1.x");
    }

    #[test]
    fn embed_is_added_first_or_removed() {
        assert_eq!(with_embed("?board=1.x", true), "?embed=1&board=1.x");
        assert_eq!(with_embed("?embed=1&board=1.x", false), "?board=1.x");
        assert_eq!(with_embed("?embed=1", false), "");
    }

    #[test]
    fn percent_decoding_never_fails() {
        for text in ["%", "%4", "%zz", "%E2%82", "a+b", "%25", "100%"] {
            let _ = percent_decode(text);
        }
        assert_eq!(percent_decode("a+b%20c%2e"), "a b c.");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }
}
