//! BriefDeck: turns a curated, sourced content library into a formatted, properly marked PDF briefing.
//!
//! Data flows one way: [`library`] items become slides of a [`deck`]; [`layout`] turns a deck and a
//! [`theme`] into pages; [`pdf`] paints those pages. The CLI lives in [`cli`].

pub mod cli;
pub mod cores;
pub mod deck;
pub mod error;
pub mod export;
pub mod fonts;
pub mod layout;
pub mod library;
pub mod limits;
pub mod marking;
pub mod memo;
pub mod pack;
pub mod paths;
pub mod pdf;
pub mod preflight;
pub mod theme;
pub mod trace;
pub mod ui;
