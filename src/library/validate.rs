//! Assembling parsed pack files into a [`Pack`] and checking references, ids and sizes.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::issue::{PackFailure, PackIssue};
use super::model::{Pack, PackMeta, PackOrigin};
use super::parse::{parse_file, PackFileContent};

/// Longest quotation a viewpoint may carry, in words.
pub const MAX_QUOTE_WORDS: usize = 25;

/// Parses and validates the files of one pack. `files` holds (display label, file name, text).
pub fn assemble_pack(
    pack_label: &str,
    origin: PackOrigin,
    files: &[(String, String, String)],
) -> Result<Pack, PackFailure> {
    let mut issues = Vec::new();
    let mut parsed: Vec<(&str, PackFileContent)> = Vec::new();
    for (label, _name, text) in files {
        match parse_file(label, text) {
            Ok(c) => parsed.push((label, c)),
            Err(i) => issues.push(*i),
        }
    }
    let mut meta: Option<PackMeta> = None;
    for (label, content) in &parsed {
        if let Some(m) = &content.pack {
            let is_pack_toml = label.ends_with("pack.toml");
            if !is_pack_toml {
                issues.push(PackIssue::file(
                    label,
                    "a [pack] table is only allowed in pack.toml",
                    "move the [pack] table to pack.toml",
                ));
            } else {
                meta = Some(m.clone());
            }
        }
    }
    let has_pack_toml = files.iter().any(|(_, name, _)| name == "pack.toml");
    if meta.is_none() && issues.is_empty() {
        issues.push(PackIssue::file(
            pack_label,
            if has_pack_toml {
                "pack.toml has no [pack] table"
            } else {
                "the pack has no pack.toml"
            },
            "add pack.toml with a [pack] table: id, title, description, language, as_of, version",
        ));
    }

    // Gather items with the file they came from.
    let mut sources = Vec::new();
    let mut topics = Vec::new();
    let mut viewpoints = Vec::new();
    let mut facts = Vec::new();
    let mut terms = Vec::new();
    for (label, c) in parsed {
        sources.extend(c.source.into_iter().map(|x| (label, x)));
        topics.extend(c.topic.into_iter().map(|x| (label, x)));
        viewpoints.extend(c.viewpoint.into_iter().map(|x| (label, x)));
        facts.extend(c.fact.into_iter().map(|x| (label, x)));
        terms.extend(c.term.into_iter().map(|x| (label, x)));
    }

    // Ids: well-formed and unique across every kind.
    let mut seen: HashMap<&str, &str> = HashMap::default();
    let all_ids = sources
        .iter()
        .map(|(f, s)| (*f, s.id.as_str()))
        .chain(topics.iter().map(|(f, s)| (*f, s.id.as_str())))
        .chain(viewpoints.iter().map(|(f, s)| (*f, s.id.as_str())))
        .chain(facts.iter().map(|(f, s)| (*f, s.id.as_str())))
        .chain(terms.iter().map(|(f, s)| (*f, s.id.as_str())));
    for (file, id) in all_ids {
        if !is_valid_id(id) {
            issues.push(PackIssue::item(
                file,
                id,
                "id",
                "ids must be non-empty lower-case letters, digits and '-'",
                "rename the id, e.g. `energy-security`",
            ));
        }
        if let Some(first) = seen.insert(id, file) {
            issues.push(PackIssue::item(
                file,
                id,
                "id",
                format!("duplicate id (already used in {first})"),
                "ids must be unique across the whole pack; rename one of the two items",
            ));
        }
    }

    let source_ids: HashSet<&str> = sources.iter().map(|(_, s)| s.id.as_str()).collect();
    let topic_ids: HashSet<&str> = topics.iter().map(|(_, t)| t.id.as_str()).collect();
    let check_sources =
        |issues: &mut Vec<PackIssue>, file: &str, id: &str, field: &str, refs: &[&str]| {
            if refs.is_empty() {
                issues.push(PackIssue::item(
                    file,
                    id,
                    field,
                    "the item cites no source",
                    "every item must cite at least one source id from a [[source]] table",
                ));
            }
            for r in refs {
                if !source_ids.contains(r) {
                    issues.push(PackIssue::item(
                        file,
                        id,
                        field,
                        format!("unknown source id `{r}`"),
                        "add a [[source]] with this id, or correct the reference",
                    ));
                }
            }
        };
    let check_topics = |issues: &mut Vec<PackIssue>, file: &str, id: &str, refs: &[String]| {
        for r in refs {
            if !topic_ids.contains(r.as_str()) {
                issues.push(PackIssue::item(
                    file,
                    id,
                    "topics",
                    format!("unknown topic id `{r}`"),
                    "add a [[topic]] with this id, or correct the reference",
                ));
            }
        }
    };
    let check_text =
        |issues: &mut Vec<PackIssue>, file: &str, id: &str, field: &str, value: &str| {
            if value.trim().is_empty() {
                issues.push(PackIssue::item(
                    file,
                    id,
                    field,
                    "the text is empty",
                    "write the text or remove the item",
                ));
            }
        };
    let check_count = |issues: &mut Vec<PackIssue>,
                       file: &str,
                       id: &str,
                       field: &str,
                       n: usize,
                       min: usize,
                       max: usize| {
        if n < min || n > max {
            issues.push(PackIssue::item(
                file,
                id,
                field,
                format!("has {n} entries; {min}–{max} are expected"),
                format!("write between {min} and {max} entries"),
            ));
        }
    };

    for (file, s) in &sources {
        check_text(&mut issues, file, &s.id, "outlet", &s.outlet);
        check_text(&mut issues, file, &s.id, "title", &s.title);
        if let Some(u) = &s.url {
            if let Err(why) = super::link::check_link(u) {
                issues.push(PackIssue::item(
                    file,
                    &s.id,
                    "url",
                    why,
                    "write the full address starting with https://, or leave the field out",
                ));
            }
        }
    }
    for (file, t) in &topics {
        check_text(&mut issues, file, &t.id, "title", &t.title);
        check_text(&mut issues, file, &t.id, "one_line", &t.one_line);
        check_text(&mut issues, file, &t.id, "summary", &t.summary);
        check_count(
            &mut issues,
            file,
            &t.id,
            "key_points",
            t.key_points.len(),
            3,
            6,
        );
        let refs: Vec<&str> = t.sources.iter().map(String::as_str).collect();
        check_sources(&mut issues, file, &t.id, "sources", &refs);
    }
    for (file, v) in &viewpoints {
        if v.person.as_deref().unwrap_or("").trim().is_empty()
            && v.outlet.as_deref().unwrap_or("").trim().is_empty()
        {
            issues.push(PackIssue::item(
                file,
                &v.id,
                "person",
                "the viewpoint is attributed to nobody",
                "give the `person` who holds the view, or the `outlet` whose view it is",
            ));
        }
        check_text(&mut issues, file, &v.id, "stance", &v.stance);
        check_count(&mut issues, file, &v.id, "claims", v.claims.len(), 2, 4);
        if let Some(q) = &v.quote {
            let words = q.split_whitespace().count();
            if words > MAX_QUOTE_WORDS {
                issues.push(PackIssue::item(
                    file,
                    &v.id,
                    "quote",
                    format!("the quote has {words} words; at most {MAX_QUOTE_WORDS} are allowed"),
                    "shorten the quotation to its key words",
                ));
            }
        }
        check_topics(&mut issues, file, &v.id, &v.topics);
        check_sources(&mut issues, file, &v.id, "source", &[v.source.as_str()]);
    }
    for (file, f) in &facts {
        check_text(&mut issues, file, &f.id, "statement", &f.statement);
        let refs: Vec<&str> = f.sources.iter().map(String::as_str).collect();
        check_sources(&mut issues, file, &f.id, "sources", &refs);
        check_topics(&mut issues, file, &f.id, &f.topics);
        if let Some(end) = f.end_date {
            if end < f.date {
                issues.push(PackIssue::item(
                    file,
                    &f.id,
                    "end_date",
                    "end_date is before date",
                    "swap the two dates or correct one",
                ));
            }
        }
    }
    for (file, t) in &terms {
        check_text(&mut issues, file, &t.id, "term", &t.term);
        check_text(&mut issues, file, &t.id, "expansion", &t.expansion);
        for r in &t.sources {
            if !source_ids.contains(r.as_str()) {
                issues.push(PackIssue::item(
                    file,
                    &t.id,
                    "sources",
                    format!("unknown source id `{r}`"),
                    "add a [[source]] with this id, or correct the reference",
                ));
            }
        }
    }

    match meta {
        Some(meta) if issues.is_empty() => {
            let mut facts: Vec<_> = facts.into_iter().map(|(_, f)| f).collect();
            facts.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
            Ok(Pack {
                meta,
                origin,
                sources: sources.into_iter().map(|(_, x)| x).collect(),
                topics: topics.into_iter().map(|(_, x)| x).collect(),
                viewpoints: viewpoints.into_iter().map(|(_, x)| x).collect(),
                facts,
                terms: terms.into_iter().map(|(_, x)| x).collect(),
            })
        }
        _ => Err(PackFailure {
            pack: pack_label.to_owned(),
            issues,
        }),
    }
}

/// True for ids made of lower-case ASCII letters, digits and '-'.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
