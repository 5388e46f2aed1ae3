//! Embedding a board in documentation: the `<iframe>` snippet a docs author
//! pastes, and the height the embedded page asks its parent for.
//!
//! Docs sites that auto-size iframes (iframe-resizer style) listen for a
//! message from the frame; the page posts `{"type": "trafficlab:height",
//! "height": N}` with the height, in CSS pixels, at which the board fills the
//! frame's width without being letterboxed.

use wasm_bindgen::JsValue;

/// The width the snippet proposes; the board scales to whatever it gets.
pub const SNIPPET_WIDTH: u32 = 720;
/// The strip above an embedded board (policy, play, title, open link).
pub const STRIP_PX: f64 = 44.0;
/// The message type posted to the parent.
pub const HEIGHT_MESSAGE: &str = "trafficlab:height";

/// The height at which a board of `board_w` × `board_h` (viewBox units)
/// shown `width` pixels wide fills the frame, strip included.
pub fn preferred_height(board_w: f64, board_h: f64, width: f64) -> u32 {
    if !(board_w > 0.0 && board_h > 0.0 && width > 0.0) {
        return STRIP_PX as u32;
    }
    (STRIP_PX + width * board_h / board_w).ceil().min(f64::from(u32::MAX)) as u32
}

/// The snippet for a docs page: `src` is the embed link, `title` names the
/// frame for screen readers.
pub fn iframe_snippet(src: &str, title: &str, width: u32, height: u32) -> String {
    format!(
        r#"<iframe src="{}" title="{}" width="{width}" height="{height}" loading="lazy"></iframe>"#,
        escape_attribute(src),
        escape_attribute(title)
    )
}

fn escape_attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Tells the embedding page the height this frame would like. Does nothing
/// outside a frame.
pub fn post_height(height: u32) {
    let Some(window) = web_sys::window() else { return };
    let Ok(Some(parent)) = window.parent() else { return };
    if parent == window {
        return;
    }
    let message = js_sys::Object::new();
    let set = |key: &str, value: JsValue| js_sys::Reflect::set(&message, &JsValue::from_str(key), &value);
    if set("type", HEIGHT_MESSAGE.into()).is_ok() && set("height", f64::from(height).into()).is_ok() {
        // Only a height is sent, nothing private: any embedding origin may read it.
        let _ = parent.post_message(&message, "*");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_escapes_what_it_quotes() {
        let snippet = iframe_snippet("https://x.test/?embed=1&board=1.a", "A \"quoted\" <title>", 720, 400);
        assert_eq!(
            snippet,
            r#"<iframe src="https://x.test/?embed=1&amp;board=1.a" title="A &quot;quoted&quot; &lt;title&gt;" width="720" height="400" loading="lazy"></iframe>"#
        );
    }

    #[test]
    fn the_height_keeps_the_board_aspect_and_adds_the_strip() {
        assert_eq!(preferred_height(1000.0, 500.0, 720.0), 360 + STRIP_PX as u32);
        assert_eq!(preferred_height(0.0, 500.0, 720.0), STRIP_PX as u32);
        assert_eq!(preferred_height(1000.0, f64::NAN, 720.0), STRIP_PX as u32);
    }
}
