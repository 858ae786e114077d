//! Marking engine: marking schemes as data (levels with portion labels, banner texts and
//! colours), the deck's portion marks resolved against its scheme, and the banner each page
//! carries (the highest mark placed on it, or the document's highest). No egui, no printpdf.

mod catalog;
mod plan;
mod scheme;

pub use catalog::{load_scheme_file, SchemeCatalog, BUILTIN_SCHEMES, DEFAULT_SCHEME};
pub use plan::{Banner, MarkFinding, MarkingPlan, Severity, SlideMarks};
pub use scheme::{Level, Scheme, SchemeError, MAX_LEVELS};
