//! Memo templates: which sections a read-ahead memo has, in which order, where each section's
//! text comes from, and the page limit. Templates are data (TOML): built-in ones in
//! `assets/memos/`, the user's in `<data dir>/memos/`, and a deck's own in `memos/` beside it.
//! The memo itself is laid out by the layout engine (`layout::memo`).

mod catalog;
mod template;

pub use catalog::{load_template_file, TemplateCatalog, BUILTIN_TEMPLATES, DEFAULT_TEMPLATE};
pub use template::{MemoSection, MemoTemplate, SectionSource, TemplateError};
