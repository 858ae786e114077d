//! The deck model, every edit as an undoable [`Command`], the versioned file format, and
//! building slides from library items.

mod block;
mod build;
mod command;
mod file;
mod long_text;
mod marking;
mod memo;
mod model;
mod provenance;
mod recovery;
mod sample;
mod split;
mod upgrade;

pub use block::{mark_is_valid, Block, MAX_MARK_CHARS};
pub use build::{
    add_items, body_from_item, cited_sources, comparison_body, insert_with_sources,
    revert_to_library, timeline_body, BuildError,
};
pub use command::{get_field, Command, EditError, Editor, Field, SlideEdit, UNDO_LIMIT};
pub use file::{
    from_json, host_tag, load, save, to_json, write_atomic, write_atomic_output, AtomicWrite,
    DeckFileError, FORMAT_VERSION,
};
pub use long_text::{cut_long_texts, CutField, TextFix};
pub use marking::{BannerMode, MarkingSettings};
pub use memo::MemoSettings;
pub use model::{
    CitedSource, ComparisonSide, Deck, DeckMeta, KeyFigure, Origin, PageFormat, Side, Slide,
    SlideBody, SlideId, SlideKind, Speaker, TimelineEntry, TimelineStyle, TopicDisplay,
    DEFAULT_STALE_AFTER_DAYS,
};
pub use provenance::{
    compare as compare_with_library, flags as provenance_flags, keep_my_version, slide_text, Flag,
    SlideFlag,
};
pub use recovery::{clear_recovery, read_recovery, recovery_path, write_recovery, Recovery};
pub use sample::{new_deck, sample_deck};
pub use split::{can_split, split_command};
