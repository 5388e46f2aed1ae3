//! Where in a JSON document an error happened, as a path (`pods[1].node`).
//!
//! serde_json reports errors with a line and column; people want the field.
//! Rather than track the path while deserializing (serde_path_to_error does,
//! at the cost of a second copy of every visitor, which the browser build
//! cannot afford), this re-reads the text up to the error and names the
//! innermost key or index open there. serde_json places an error right after
//! the token that caused it (a key that is unknown, a value of the wrong type
//! or variant, the `}` of an object missing a field), so the innermost open
//! key or index is the field the error is about. Syntax errors get the path
//! of where the parser stopped.
//!
//! Public so that the other JSON readers (kubectl output in `trafficlab-kube`)
//! name places exactly as scenario files do.

/// One level of nesting: an object (with the key being read or just read) or
/// an array (with the index of the current element).
enum Frame {
    Object { key: Option<String> },
    Array { index: usize },
}

/// One step of a path: a key or an index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// The path of the place `column` bytes into line `line` (both 1-based, as
/// serde_json counts them) of `text`, kept to the steps `keep` allows: a
/// value of the wrong kind (an array where a string belongs) is reported at
/// the field, not inside the value. `""` is the document itself.
pub fn path_at(text: &str, line: usize, column: usize, keep: impl Fn(&[Step]) -> usize) -> String {
    let line_start =
        if line <= 1 { 0 } else { text.match_indices('\n').nth(line - 2).map_or(text.len(), |(i, _)| i + 1) };
    let end = (line_start + column).min(text.len());
    let steps: Vec<Step> = frames_before(text.as_bytes().get(..end).unwrap_or_default())
        .into_iter()
        .filter_map(|frame| match frame {
            Frame::Object { key } => key.map(Step::Key),
            Frame::Array { index } => Some(Step::Index(index)),
        })
        .collect();
    let kept = &steps[..keep(&steps).min(steps.len())];
    let mut path = String::new();
    for step in kept {
        match step {
            Step::Key(key) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Step::Index(index) => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// The frames open after reading `bytes`: a small tokenizer that knows only
/// strings (with escapes), brackets, `:` and `,`. Numbers and literals need
/// no tracking: they cannot contain any of those.
fn frames_before(bytes: &[u8]) -> Vec<Frame> {
    let mut frames: Vec<Frame> = Vec::new();
    // Whether the next string in an object is a key (before its `:`).
    let mut expecting_key = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => {
                frames.push(Frame::Object { key: None });
                expecting_key = true;
            }
            b'[' => {
                frames.push(Frame::Array { index: 0 });
                expecting_key = false;
            }
            b'}' | b']' => {
                frames.pop();
                expecting_key = false;
            }
            b':' => expecting_key = false,
            b',' => match frames.last_mut() {
                Some(Frame::Object { key }) => {
                    *key = None;
                    expecting_key = true;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b'"' => {
                let (text, next) = string_at(bytes, i + 1);
                if expecting_key {
                    if let Some(Frame::Object { key }) = frames.last_mut() {
                        *key = Some(text);
                    }
                }
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    frames
}

/// The string that starts at `start` (after its opening quote), unescaped
/// enough to name a key, and the index after its closing quote (or the end).
fn string_at(bytes: &[u8], start: usize) -> (String, usize) {
    let mut out = Vec::new();
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return (String::from_utf8_lossy(&out).into_owned(), i + 1),
            b'\\' => {
                if let Some(&escaped) = bytes.get(i + 1) {
                    out.push(escaped);
                }
                i += 2;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), bytes.len())
}

#[cfg(test)]
mod tests {
    use super::{path_at as path_within, Step};

    fn path_at(text: &str, line: usize, column: usize) -> String {
        path_within(text, line, column, |steps: &[Step]| steps.len())
    }

    fn path_after(text: &str, marker: &str) -> String {
        let end = text.find(marker).unwrap() + marker.len();
        path_at(text, 1, end)
    }

    #[test]
    fn names_the_innermost_key_or_index() {
        let text = r#"{"service": {"type": "X"}, "nodes": [{"name": "a"}, {"name": "b", "ip": 7}], "pods": []}"#;
        assert_eq!(path_after(text, r#""X""#), "service.type");
        assert_eq!(path_after(text, "7"), "nodes[1].ip");
        assert_eq!(path_after(text, r#"{"name": "a"}"#), "nodes[0]");
        assert_eq!(path_after(text, r#""pods""#), "pods");
        assert_eq!(path_at(text, 1, text.len()), "");
    }

    #[test]
    fn strings_with_brackets_and_escapes_do_not_confuse_it() {
        let text = "{\"title\": \"a [b] {c}, \\\"d\\\"\",\n \"nodes\": [{\"na\\\"me\": 1";
        assert_eq!(path_at(text, 2, text.lines().nth(1).unwrap().len()), "nodes[0].na\"me");
        assert_eq!(path_at(text, 1, 20), "title");
    }

    #[test]
    fn steps_past_what_the_shape_allows_are_dropped() {
        let text = r#"{"a": {"b": [[1, 2"#;
        assert_eq!(path_at(text, 1, text.len()), "a.b[0][1]");
        assert_eq!(path_within(text, 1, text.len(), |_: &[Step]| 2), "a.b");
        assert_eq!(path_within(text, 1, text.len(), |_: &[Step]| 99), "a.b[0][1]");
    }

    #[test]
    fn any_position_in_any_text_is_safe() {
        for text in ["", "{", "\"", "\\", "{\"a\\", "]]]}}}", "[,,,", "{\"é\": [\"ü"] {
            for line in 0..3 {
                for column in 0..12 {
                    let _ = path_at(text, line, column);
                }
            }
        }
    }
}
