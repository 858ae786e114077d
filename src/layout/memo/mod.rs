//! The read-ahead memo: a portrait document written from the deck by a memo template (see
//! [`crate::memo`]). [`content`] fills the template's sections from the visible slides and the
//! deck's memo settings; [`sheets`] sets them on pages — the header block on the first, text
//! flowing on with headings kept with what follows — and hands each page's portion marks to
//! the chrome, which stamps the banners (the highest mark on the page) last.

mod content;
mod sheets;

pub(crate) use sheets::sheets;
