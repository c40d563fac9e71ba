//! Test helpers over the vectors' language-neutral values: where the templates are, and the
//! template a description builds (through `getui_model::description`, the one interpretation
//! of official calls that the conformance runner uses too).

use getui_model::description::{DescriptionError, Scope};
use getui_model::Template;
use serde_json::Value;

/// Every template object of a vector input, in document order (not descending into them).
pub(super) fn find_templates<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    match value {
        Value::Object(map) => {
            let is_template = map
                .get("class")
                .and_then(Value::as_str)
                .is_some_and(|c| c.ends_with("Template"));
            if is_template {
                out.push(value);
            } else {
                map.values().for_each(|v| find_templates(v, out));
            }
        }
        Value::Array(items) => items.iter().for_each(|v| find_templates(v, out)),
        _ => {}
    }
}

/// Builds a template from its vector value.
pub(super) fn template(value: &Value) -> Result<Template, DescriptionError> {
    Scope::default().build(value)
}
