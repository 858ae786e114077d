//! Upgrading older deck files in memory: version 1 kept slide text as plain strings; version 2
//! keeps it as content blocks (text, optional portion mark, cited sources).

use serde_json::{Map, Value};

/// Rewrites a version-1 `deck` object into the version-2 shape. Values that are not of the
/// expected version-1 shape are left as they are, so the strict reader reports them.
pub fn v1_to_v2(deck: &mut Value) {
    let Some(slides) = deck.get_mut("slides").and_then(Value::as_array_mut) else {
        return;
    };
    for slide in slides {
        let Some(body) = slide.get_mut("body").and_then(Value::as_object_mut) else {
            continue;
        };
        let kind = body
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        match kind.as_str() {
            "topic" => {
                paragraphs(body, "summary", "summary");
                list(body, "key_points");
            }
            "viewpoint" => {
                list(body, "claims");
                match body.remove("quote") {
                    Some(Value::String(q)) if q.trim().is_empty() => {}
                    Some(Value::String(q)) => {
                        body.insert("quote".into(), block(q));
                    }
                    Some(other) => {
                        body.insert("quote".into(), other);
                    }
                    None => {}
                }
            }
            "comparison" => {
                for side in ["left", "right"] {
                    if let Some(s) = body.get_mut(side).and_then(Value::as_object_mut) {
                        list(s, "claims");
                    }
                }
            }
            "bullets" => list(body, "bullets"),
            "takeaways" => list(body, "points"),
            "text" => paragraphs(body, "text", "paragraphs"),
            _ => {}
        }
    }
}

fn block(text: String) -> Value {
    let mut m = Map::new();
    m.insert("text".into(), Value::String(text));
    Value::Object(m)
}

/// A list of strings becomes a list of blocks.
fn list(obj: &mut Map<String, Value>, key: &str) {
    if let Some(Value::Array(items)) = obj.get_mut(key) {
        for item in items.iter_mut() {
            if let Value::String(s) = item {
                *item = block(std::mem::take(s));
            }
        }
    }
}

/// Text with blank-line paragraph breaks under `from` becomes a list of blocks under `to`.
fn paragraphs(obj: &mut Map<String, Value>, from: &str, to: &str) {
    if !matches!(obj.get(from), Some(Value::String(_))) {
        return;
    }
    let Some(Value::String(text)) = obj.remove(from) else {
        return;
    };
    let blocks = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| block(p.to_owned()))
        .collect();
    obj.insert(to.into(), Value::Array(blocks));
}
