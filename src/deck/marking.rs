//! A deck's marking settings: which scheme its portion marks use, caveats joined to every
//! banner, the declared highest level, how each output computes its banners, the cover-marking
//! lines, the DRAFT watermark, and the control number and version printed on every page.

use serde::{Deserialize, Serialize};

/// How an output's page banners are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BannerMode {
    /// Each page shows the highest mark placed on it (high-water).
    #[default]
    PageByPage,
    /// Every page shows the highest mark of the whole document.
    Overall,
}

impl BannerMode {
    /// Both modes, for pickers.
    pub const ALL: [BannerMode; 2] = [BannerMode::PageByPage, BannerMode::Overall];

    /// Name in the app and the CLI.
    pub fn label(self) -> &'static str {
        match self {
            BannerMode::PageByPage => "highest mark on each page",
            BannerMode::Overall => "highest mark in the document",
        }
    }
}

/// Marking settings of a deck (all optional; an empty deck marking and no portion marks mean no
/// banners).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkingSettings {
    /// Id of the marking scheme (`us`, `uk`, `nato`, `eu` or a custom one; empty = `us`).
    pub scheme: String,
    /// Caveats and dissemination controls joined to every banner, e.g. `REL TO USA, AZE`.
    pub caveats: Vec<String>,
    /// The highest level this deck may hold (portion label or banner text; empty = not
    /// declared). A block marked higher is an error in the pre-export check.
    pub highest_allowed: String,
    /// Banners of the slides output.
    pub slides: BannerMode,
    /// Banners of notes pages.
    pub notes: BannerMode,
    /// Banners of handouts.
    pub handout: BannerMode,
    /// Banners of the read-ahead memo.
    pub memo: BannerMode,
    /// Show portion labels such as "(C)" in front of marked blocks.
    pub portion_labels: bool,
    /// Cover marking: who classified the document (schemes with classifier lines).
    pub classified_by: String,
    /// Cover marking: the source the classification is derived from.
    pub derived_from: String,
    /// Cover marking: declassification date or event, free text.
    pub declassify_on: String,
    /// Print a diagonal DRAFT watermark on every page.
    pub draft: bool,
    /// Control number printed on every page (empty = none).
    pub control_number: String,
    /// Document version printed on every page (empty = none).
    pub version: String,
}

impl Default for MarkingSettings {
    fn default() -> Self {
        MarkingSettings {
            scheme: String::new(),
            caveats: Vec::new(),
            highest_allowed: String::new(),
            slides: BannerMode::PageByPage,
            notes: BannerMode::PageByPage,
            handout: BannerMode::PageByPage,
            memo: BannerMode::PageByPage,
            portion_labels: true,
            classified_by: String::new(),
            derived_from: String::new(),
            declassify_on: String::new(),
            draft: false,
            control_number: String::new(),
            version: String::new(),
        }
    }
}

impl MarkingSettings {
    /// Whether any cover-marking line is filled in.
    pub fn has_classifier_lines(&self) -> bool {
        !(self.classified_by.trim().is_empty()
            && self.derived_from.trim().is_empty()
            && self.declassify_on.trim().is_empty())
    }
}
