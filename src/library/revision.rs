//! Provenance of library items: a revision that changes whenever an item's content changes,
//! its review state, and the date its text is current to.
//!
//! The revision is a hash of the item's content (every field except the review status and
//! date, so reviewing an item does not make slides copied from it look outdated). A slide made
//! from an item stores the revision it copied; when the library's revision differs, the slide
//! is flagged "library updated".

use serde::Serialize;

use super::date::Date;
use super::model::{ItemRef, Pack, ReviewStatus};

/// A content hash of an item: 16 hexadecimal digits (FNV-1a, 64 bits, over the item's fields
/// as JSON in declaration order).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Revision(pub String);

impl std::fmt::Display for Revision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the library says about an item's provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// The item's current revision.
    pub revision: Revision,
    /// Draft or reviewed (the item's own status, else the pack's).
    pub status: ReviewStatus,
    /// When it was last reviewed, if it was.
    pub reviewed: Option<Date>,
    /// The date its text is current to: a topic's `as_of`, else the pack's.
    pub as_of: Date,
}

impl ItemRef<'_> {
    /// The item's content revision.
    pub fn revision(&self) -> Revision {
        let value = match self {
            ItemRef::Topic(t) => serde_json::to_value(t),
            ItemRef::Viewpoint(v) => serde_json::to_value(v),
            ItemRef::Fact(f) => serde_json::to_value(f),
            ItemRef::Term(t) => serde_json::to_value(t),
        };
        let mut value = value.unwrap_or_default();
        if let Some(map) = value.as_object_mut() {
            map.remove("status");
            map.remove("reviewed");
        }
        let text = value.to_string();
        // FNV-1a: stable across platforms and releases, unlike the standard library's hasher.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in text.as_bytes() {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        Revision(format!("{hash:016x}"))
    }

    /// The item's own review status and date.
    pub fn review(&self) -> (Option<ReviewStatus>, Option<Date>) {
        match self {
            ItemRef::Topic(t) => (t.status, t.reviewed),
            ItemRef::Viewpoint(v) => (v.status, v.reviewed),
            ItemRef::Fact(f) => (f.status, f.reviewed),
            ItemRef::Term(t) => (t.status, t.reviewed),
        }
    }

    /// The item's provenance within `pack` (which holds it).
    pub fn provenance(&self, pack: &Pack) -> Provenance {
        let (status, reviewed) = self.review();
        let (status, reviewed) = match (status, reviewed, pack.meta.reviewed) {
            (Some(s), r, _) => (s, r),
            (None, Some(r), _) => (ReviewStatus::Reviewed, Some(r)),
            (None, None, Some(r)) => (ReviewStatus::Reviewed, Some(r)),
            (None, None, None) => (ReviewStatus::Draft, None),
        };
        let as_of = match self {
            ItemRef::Topic(t) => t.as_of,
            _ => pack.meta.as_of,
        };
        Provenance {
            revision: self.revision(),
            status,
            reviewed,
            as_of,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Library;

    #[test]
    fn revision_changes_with_content_not_with_review() {
        let lib = Library::builtin().unwrap();
        let item = lib.item("charter-overview").unwrap();
        let before = item.revision();
        assert_eq!(before.0.len(), 16);
        assert_eq!(before, lib.item("charter-overview").unwrap().revision());
        let super::ItemRef::Topic(t) = item else {
            panic!("a topic")
        };
        let mut changed = t.clone();
        changed.summary.push_str(" More.");
        assert_ne!(super::ItemRef::Topic(&changed).revision(), before);
        let mut reviewed = t.clone();
        reviewed.status = Some(super::ReviewStatus::Reviewed);
        reviewed.reviewed = Some(super::Date::parse("2026-11-20").unwrap());
        assert_eq!(super::ItemRef::Topic(&reviewed).revision(), before);
    }
}
