//! One memo template: a title, a page limit and sections, each with a heading and the part of
//! the deck its text comes from.

use serde::Deserialize;

/// Where a memo section's text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionSource {
    /// The points of the first visible key-takeaways slide (bottom line up front).
    Bluf,
    /// The deck's subtitle, then the summaries of the topic slides before the first section
    /// divider (or of the first two topic slides when every topic sits in a section).
    Background,
    /// One part per section divider, headed by its title: each topic's summary (or its key
    /// points), views with person, affiliation, outlet and date, dated entries, figures and
    /// points of the slides in that section.
    Discussion,
    /// Every viewpoint and comparison, attributed.
    Views,
    /// The speaker notes of the visible slides, one bullet per paragraph.
    TalkingPoints,
    /// A text from the deck's memo settings (the section's `field`).
    Field,
    /// The numbered sources cited in the memo (endnotes).
    Sources,
}

impl SectionSource {
    /// Every source with its name in template files, for hints.
    pub const NAMES: &'static str =
        "bluf, background, discussion, views, talking_points, field, sources";
}

/// One section of a memo template.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MemoSection {
    /// The heading printed above the section.
    pub heading: String,
    /// Where the text comes from.
    pub from: SectionSource,
    /// For [`SectionSource::Field`]: the name of the field in the deck's memo settings.
    pub field: String,
    /// A field section (one bullet a line) or the bottom line (one bullet a takeaway) shown as
    /// a list rather than as prose.
    pub list: bool,
    /// Approve / Disapprove lines for the principal under the section.
    pub decision: bool,
}

/// A validated memo template.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MemoTemplate {
    /// Short id, used in deck files (`decision`, `bilateral` or a custom one).
    pub id: String,
    /// Name shown in pickers.
    pub name: String,
    /// The memo's title line, e.g. `INFORMATION MEMORANDUM`.
    pub title: String,
    /// Pages the memo should not exceed; a longer memo is written with a warning.
    pub page_limit: usize,
    /// Sections in order.
    pub sections: Vec<MemoSection>,
}

impl MemoTemplate {
    /// Names of the field sections, in order (what the deck's memo settings may fill).
    pub fn fields(&self) -> Vec<&MemoSection> {
        self.sections
            .iter()
            .filter(|s| s.from == SectionSource::Field)
            .collect()
    }
}

/// Why a template file was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct TemplateError {
    /// The file.
    pub file: String,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

impl crate::error::Hinted for TemplateError {
    fn hint(&self) -> Option<String> {
        Some(self.hint.clone())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTemplate {
    id: String,
    name: String,
    title: String,
    #[serde(default = "default_limit")]
    page_limit: i64,
    #[serde(default)]
    section: Vec<RawSection>,
}

fn default_limit() -> i64 {
    2
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    heading: String,
    from: String,
    #[serde(default)]
    field: String,
    #[serde(default)]
    list: bool,
    #[serde(default)]
    decision: bool,
}

/// Most sections in a template.
const MAX_SECTIONS: usize = 40;

impl MemoTemplate {
    /// Parses and checks a template file's text; `file` names it in messages.
    pub fn parse(file: &str, text: &str) -> Result<MemoTemplate, TemplateError> {
        let err = |message: String, hint: &str| TemplateError {
            file: file.to_owned(),
            message,
            hint: hint.to_owned(),
        };
        let raw: RawTemplate = toml::from_str(text).map_err(|e| {
            err(
                format!("not a valid memo template: {}", e.message()),
                "compare with assets/memos/decision.toml: id, name, title, page_limit and [[section]] tables with heading and from",
            )
        })?;
        if !crate::library::is_valid_id(&raw.id) {
            return Err(err(
                format!("`{}` is not a valid id", raw.id),
                "use lower-case letters, digits and dashes, e.g. `ministry-memo`",
            ));
        }
        if raw.name.trim().is_empty() || raw.title.trim().is_empty() {
            return Err(err(
                "the template needs a name and a title".into(),
                "set `name` (shown in pickers) and `title` (printed at the top of the memo)",
            ));
        }
        if !(1..=50).contains(&raw.page_limit) {
            return Err(err(
                format!("page_limit {} is outside 1–50", raw.page_limit),
                "give the number of pages the memo should not exceed, e.g. 2",
            ));
        }
        if raw.section.is_empty() || raw.section.len() > MAX_SECTIONS {
            return Err(err(
                format!(
                    "the template has {} sections; it needs 1 to {MAX_SECTIONS}",
                    raw.section.len()
                ),
                "add [[section]] tables with `heading` and `from`",
            ));
        }
        let mut sections = Vec::new();
        for (i, s) in raw.section.into_iter().enumerate() {
            let n = i + 1;
            let from = match s.from.as_str() {
                "bluf" => SectionSource::Bluf,
                "background" => SectionSource::Background,
                "discussion" => SectionSource::Discussion,
                "views" => SectionSource::Views,
                "talking_points" => SectionSource::TalkingPoints,
                "field" => SectionSource::Field,
                "sources" => SectionSource::Sources,
                other => {
                    return Err(err(
                        format!("section {n}: `from = \"{other}\"` is not a source of memo text"),
                        &format!("use one of {}", SectionSource::NAMES),
                    ))
                }
            };
            if s.heading.trim().is_empty() {
                return Err(err(
                    format!("section {n} has no heading"),
                    "give every section a `heading`",
                ));
            }
            if from == SectionSource::Field
                && !crate::library::is_valid_id(&s.field.replace('_', "-"))
            {
                return Err(err(
                    format!("section {n} (\u{201c}{}\u{201d}) takes its text from a field but names none", s.heading),
                    "add `field = \"name\"` (lower-case letters, digits and underscores), e.g. `field = \"recommendation\"`",
                ));
            }
            if from != SectionSource::Field && !s.field.is_empty() {
                return Err(err(
                    format!("section {n}: `field` is only for sections with `from = \"field\"`"),
                    "remove `field`, or set `from = \"field\"`",
                ));
            }
            sections.push(MemoSection {
                heading: s.heading.trim().to_owned(),
                from,
                field: s.field,
                list: s.list,
                decision: s.decision,
            });
        }
        if sections
            .iter()
            .filter(|s| s.from == SectionSource::Sources)
            .count()
            > 1
        {
            return Err(err(
                "the template lists its sources twice".into(),
                "keep one section with `from = \"sources\"`",
            ));
        }
        Ok(MemoTemplate {
            id: raw.id,
            name: raw.name.trim().to_owned(),
            title: raw.title.trim().to_owned(),
            page_limit: raw.page_limit as usize,
            sections,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_source_is_named_with_the_choices() {
        let e = MemoTemplate::parse(
            "t.toml",
            "id = \"x\"\nname = \"X\"\ntitle = \"MEMO\"\n[[section]]\nheading = \"A\"\nfrom = \"blurb\"\n",
        )
        .unwrap_err();
        assert!(e.message.contains("blurb"), "{e}");
        assert!(e.hint.contains("talking_points"), "{}", e.hint);
    }

    #[test]
    fn a_field_section_needs_its_field() {
        let e = MemoTemplate::parse(
            "t.toml",
            "id = \"x\"\nname = \"X\"\ntitle = \"MEMO\"\n[[section]]\nheading = \"A\"\nfrom = \"field\"\n",
        )
        .unwrap_err();
        assert!(e.message.contains("names none"), "{e}");
        let e = MemoTemplate::parse(
            "t.toml",
            "id = \"x\"\nname = \"X\"\ntitle = \"MEMO\"\npage_limit = 0\n[[section]]\nheading = \"A\"\nfrom = \"bluf\"\n",
        )
        .unwrap_err();
        assert!(e.message.contains("page_limit"), "{e}");
    }
}
