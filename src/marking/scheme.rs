//! A marking scheme: its levels, lowest first, each with a portion label, banner text and
//! banner colours; read from TOML (built-in files in `assets/markings/`, or user files).

use serde::Deserialize;

use crate::theme::Color;

/// One classification or sensitivity level.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    /// Label used in portion marks, e.g. `C` in "(C)".
    pub portion: String,
    /// Text of the page banner, e.g. `CONFIDENTIAL`.
    pub banner: String,
    /// Banner band colour.
    pub background: Color,
    /// Banner text colour.
    pub text: Color,
}

/// An ordered list of levels (lowest first) plus how caveats are joined.
#[derive(Debug, Clone, PartialEq)]
pub struct Scheme {
    /// Short id, used in deck files (`us`, `uk`, `nato`, `eu`, or a custom one).
    pub id: String,
    /// Name shown in pickers.
    pub name: String,
    /// Joins the level and caveats in banners and portion marks, e.g. `//` in
    /// `SECRET//NOFORN`.
    pub separator: String,
    /// Whether the cover marking lists "Classified by / Derived from / Declassify on".
    pub classifier_lines: bool,
    /// Levels, lowest first.
    pub levels: Vec<Level>,
}

/// Why a scheme file was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct SchemeError {
    /// The file.
    pub file: String,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

impl crate::error::Hinted for SchemeError {
    fn hint(&self) -> Option<String> {
        Some(self.hint.clone())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScheme {
    id: String,
    name: String,
    #[serde(default = "default_separator")]
    separator: String,
    #[serde(default)]
    classifier_lines: bool,
    levels: Vec<RawLevel>,
}

fn default_separator() -> String {
    "//".to_owned()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    portion: String,
    banner: String,
    background: String,
    text: String,
}

/// Most levels a scheme may have.
pub const MAX_LEVELS: usize = 32;

impl Scheme {
    /// Parses and validates a scheme file's text; `file` names it in messages.
    pub fn parse(file: &str, text: &str) -> Result<Scheme, SchemeError> {
        let err = |message: String, hint: &str| SchemeError {
            file: file.to_owned(),
            message,
            hint: hint.to_owned(),
        };
        let raw: RawScheme = toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start).unwrap_or(0).min(text.len());
            let line = text[..offset].matches('\n').count() + 1;
            err(
                format!(
                    "line {line}: {}",
                    e.message().lines().next().unwrap_or_default()
                ),
                "fix the TOML at this line (see assets/markings/us.toml for a complete scheme)",
            )
        })?;
        if raw.separator.is_empty() || raw.separator.chars().count() > 8 {
            return Err(err(
                format!("the separator `{}` is empty or too long", raw.separator),
                "use a short separator such as `//` or a space",
            ));
        }
        let id = raw.id.trim().to_owned();
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(err(
                format!("the id `{}` is not a short name", raw.id),
                "use letters, digits, - and _ only, e.g. `ministry`",
            ));
        }
        if raw.levels.is_empty() || raw.levels.len() > MAX_LEVELS {
            return Err(err(
                format!(
                    "a scheme needs 1 to {MAX_LEVELS} levels, this one has {}",
                    raw.levels.len()
                ),
                "list the levels lowest first, each under [[levels]]",
            ));
        }
        let mut levels: Vec<Level> = Vec::with_capacity(raw.levels.len());
        for (i, l) in raw.levels.iter().enumerate() {
            let n = i + 1;
            let portion = l.portion.trim().to_owned();
            let banner = l.banner.trim().to_owned();
            let sep = raw.separator.trim();
            if portion.is_empty()
                || portion.chars().count() > crate::deck::MAX_MARK_CHARS
                || portion.contains(['(', ')', ' '])
                || (!sep.is_empty() && portion.contains(sep))
            {
                return Err(err(
                    format!("level {n}: the portion label `{}` is empty, too long or holds brackets or the separator", l.portion),
                    "use a short label such as `C`",
                ));
            }
            if banner.is_empty() {
                return Err(err(
                    format!("level {n} (`{portion}`): the banner text is empty"),
                    "give the text printed in the banner, e.g. `CONFIDENTIAL`",
                ));
            }
            // A label equal to another level's banner (or the reverse) would make `level_of`
            // pick the lower level: every label and banner names one level only.
            if levels.iter().any(|x| {
                [&x.portion, &x.banner].iter().any(|name| {
                    name.eq_ignore_ascii_case(&portion) || name.eq_ignore_ascii_case(&banner)
                })
            }) {
                return Err(err(
                    format!("level {n} (`{portion}`) repeats the label or banner of a lower level"),
                    "give every level its own portion label and banner",
                ));
            }
            let color = |field: &str, v: &str| {
                Color::parse_hex(v).ok_or_else(|| {
                    err(
                        format!("level {n} (`{portion}`): `{field}` is `{v}`, not a colour"),
                        "write colours as #RRGGBB",
                    )
                })
            };
            let background = color("background", &l.background)?;
            let text = color("text", &l.text)?;
            if text.contrast(background) < 3.0 {
                return Err(err(
                    format!("level {n} (`{portion}`): the text colour is hard to read on the background (contrast {:.1}:1)", text.contrast(background)),
                    "choose colours with a contrast of at least 3:1",
                ));
            }
            levels.push(Level {
                portion,
                banner,
                background,
                text,
            });
        }
        Ok(Scheme {
            id,
            name: raw.name.trim().to_owned(),
            separator: raw.separator,
            classifier_lines: raw.classifier_lines,
            levels,
        })
    }

    /// The level a portion label or banner text names (case ignored).
    pub fn level_of(&self, label: &str) -> Option<usize> {
        let label = label.trim();
        self.levels.iter().position(|l| {
            l.portion.eq_ignore_ascii_case(label) || l.banner.eq_ignore_ascii_case(label)
        })
    }

    /// Splits a mark such as `C//NOFORN` (with this scheme's separator, or `//`) into its level
    /// part and its caveats.
    pub fn split<'a>(&self, mark: &'a str) -> (&'a str, Vec<&'a str>) {
        let sep = if self.separator.trim().is_empty() {
            "//"
        } else {
            self.separator.trim()
        };
        let sep = if mark.contains(sep) { sep } else { "//" };
        let mut parts = mark.split(sep).map(str::trim);
        let level = parts.next().unwrap_or_default();
        (level, parts.filter(|p| !p.is_empty()).collect())
    }

    /// Banner text of `level` with `caveats` joined by the separator.
    pub fn banner_text(&self, level: usize, caveats: &[String]) -> String {
        let mut out = self
            .levels
            .get(level)
            .map(|l| l.banner.clone())
            .unwrap_or_default();
        for c in caveats {
            out.push_str(&self.separator);
            out.push_str(c);
        }
        out
    }

    /// The portion labels, lowest first, for hints and pickers.
    pub fn labels(&self) -> String {
        self.levels
            .iter()
            .map(|l| l.portion.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}
