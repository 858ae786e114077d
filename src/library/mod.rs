//! Content packs: sources, topics, viewpoints, facts and glossary terms; loading, validation and search.
//!
//! A pack is a folder of TOML files (see README.md, "Content packs"). The charter pack is embedded
//! in the binary; user packs load from `--library DIR` and from the per-user data folder.

mod authoring;
mod date;
mod edit;
mod issue;
mod link;
mod model;
mod pack_cache;
mod parse;
mod revision;
mod search;
mod search_index;
mod store;
mod validate;

pub use authoring::{locate_items, new_pack, validate_packs, PackCheck};
pub use date::{Date, DateError};
pub use edit::{files_of, PackEdit, PackEditor};
pub use issue::{PackFailure, PackIssue};
pub use link::{check_link, ALLOWED_SCHEMES};
pub use model::{
    Fact, ItemKind, ItemRef, Pack, PackMeta, PackOrigin, ReviewStatus, Source, SourceKind, Term,
    Topic, Viewpoint,
};
pub use revision::{Provenance, Revision};
pub use search::{fold, Hit, Query, SearchSession};
pub use store::{builtin_pack, load_pack_dir, Library, LibraryLoad, LoadOptions};
pub use validate::{is_valid_id, MAX_QUOTE_WORDS};
