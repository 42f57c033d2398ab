//! Properties: `key:: value` lines and Logseq's value parsing (skeleton).

use crate::model::PropertyValue;

/// If `line` (already stripped of the block's structural indentation) is a property line,
/// its normalised key and the trimmed raw value.
pub fn split_property_line(line: &str) -> Option<(String, &str)> {
    let (k, v) = line.split_once("::")?;
    Some((k.trim().to_lowercase(), v.trim()))
}

/// Parse a property value as Logseq 0.9.8 does (LOGSEQ.md §3.7).
pub fn parse_value(_key: &str, raw: &str) -> PropertyValue {
    if raw.is_empty() {
        PropertyValue::Empty
    } else {
        PropertyValue::Text(raw.to_string())
    }
}
