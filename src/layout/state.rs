//! Incremental layout: slide frames kept between layouts and laid out again only when something
//! they depend on changed; composition (cheap) runs every time.

use std::collections::HashMap;

use super::compose::compose;
use super::images::{image_refs, remap_images, ImageStore};
use super::page::Layout;
use super::slides::{frame, Ctx, Frame};
use super::text::{Measurer, SharedShapes};
use super::warning::{FrameWarning, WarningKind};
use super::LayoutOptions;
use crate::deck::{
    cut_long_texts, CitedSource, CutField, Deck, Slide, SlideId, SlideKind, TextFix,
};
use crate::fonts::{FontBook, FontError};
use crate::limits::MAX_FIELD_CHARS;
use crate::marking::MarkingPlan;
use crate::theme::Theme;

/// Lays out every visible slide of `deck` with `theme` into the output `options` asks for.
pub fn layout(deck: &Deck, theme: &Theme, options: &LayoutOptions) -> Result<Layout, FontError> {
    let mut state = LayoutState::new()?;
    // A one-off layout keeps no frames: no keys to compute.
    state.keep_frames = false;
    Ok(state.layout(deck, theme, options))
}

/// What a layout worker thread made: (slide index, frame) in the order it took them, and the
/// pictures its frames refer to.
type WorkerFrames = (Vec<(usize, Frame)>, ImageStore);

/// A one-off layout of at least this many slides lays them out on all cores.
const PARALLEL_MIN_SLIDES: usize = 8;

/// A frame kept between layouts, with the key of everything it was laid out from.
struct CachedFrame {
    key: u64,
    frame: Frame,
}

/// Layout that remembers its slide frames: a slide is laid out again only when something it
/// depends on changes (its content, the deck metadata, the theme, the page format, the sources it
/// cites and their numbers, and for the agenda and sources slides the titles and citations of the
/// whole deck). Word shapes and decoded pictures are kept too.
pub struct LayoutState {
    m: Measurer<'static>,
    images: ImageStore,
    frames: HashMap<SlideId, CachedFrame>,
    keep_frames: bool,
    /// How many slides the last call laid out afresh (the rest came from the cache).
    pub last_laid_out: usize,
}

impl std::fmt::Debug for LayoutState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LayoutState")
            .field("frames", &self.frames.len())
            .field("images", &self.images.images.len())
            .finish()
    }
}

/// A hash of serialised values; `None` when one cannot be serialised (then nothing is cached).
fn key_of(parts: &[&dyn erased::Json]) -> Option<u64> {
    use std::hash::Hasher;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for p in parts {
        p.hash_json(&mut h)?;
    }
    Some(h.finish())
}

/// Feeds `value`'s JSON form into `h` as it is written (no buffer); `None` when it cannot be
/// serialised. Layout cache keys and the PDF writer's page keys are made with it.
pub(crate) fn hash_json<T: serde::Serialize + ?Sized>(
    value: &T,
    h: &mut std::collections::hash_map::DefaultHasher,
) -> Option<()> {
    /// A `Write` that only hashes what is written.
    struct HashWriter<'a>(&'a mut std::collections::hash_map::DefaultHasher);
    impl std::io::Write for HashWriter<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            std::hash::Hasher::write(self.0, buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    serde_json::to_writer(HashWriter(h), value).ok()?;
    // Ends each value, so two values cannot run together into one.
    std::hash::Hasher::write_u8(h, 0xff);
    Some(())
}

/// Serialises values for cache keys.
mod erased {
    /// A value whose JSON form can be hashed.
    pub trait Json {
        fn hash_json(&self, h: &mut std::collections::hash_map::DefaultHasher) -> Option<()>;
    }
    impl<T: serde::Serialize + ?Sized> Json for T {
        fn hash_json(&self, h: &mut std::collections::hash_map::DefaultHasher) -> Option<()> {
            super::hash_json(self, h)
        }
    }
}

impl LayoutState {
    /// An empty cache over the shipped fonts.
    pub fn new() -> Result<LayoutState, FontError> {
        Ok(LayoutState {
            m: Measurer::new(FontBook::get()?),
            images: ImageStore::default(),
            frames: HashMap::new(),
            keep_frames: true,
            last_laid_out: 0,
        })
    }

    /// The frames of the visible slides, reusing every frame whose inputs did not change.
    pub fn frames(
        &mut self,
        deck: &Deck,
        theme: &Theme,
        options: &LayoutOptions,
        plan: &MarkingPlan,
    ) -> Vec<Frame> {
        let visible: Vec<&Slide> = deck.visible().collect();
        let cited = deck.cited_sources();
        let numbers: HashMap<&str, usize> = cited
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, i + 1))
            .collect();
        let keep = self.keep_frames;
        let (global, titles, all_sources, cover) = if keep {
            let titles: Vec<(SlideKind, &str)> = visible
                .iter()
                .map(|s| (s.body.kind(), s.title(&deck.meta)))
                .collect();
            let sources: Vec<(&&str, Option<&CitedSource>)> =
                cited.iter().map(|id| (id, deck.sources.get(*id))).collect();
            let base = options.base_dir.as_ref().map(|p| p.display().to_string());
            // Banners appear as soon as one block is marked: every frame's margins depend on it.
            let banners = plan.has_banners();
            // The title slide's cover marking reads the whole document's marks.
            let overall = (
                plan.overall().map(|b| b.text),
                plan.portion_marked,
                plan.scheme.id.clone(),
                plan.scheme.classifier_lines,
            );
            (
                key_of(&[theme, &deck.meta, &deck.page_format, &base, &banners]),
                key_of(&[&titles]),
                key_of(&[&sources]),
                key_of(&[&overall]),
            )
        } else {
            (None, None, None, None)
        };
        if !keep && visible.len() >= PARALLEL_MIN_SLIDES {
            let out =
                self.frames_side_by_side(deck, theme, options, plan, &visible, &numbers, &cited);
            self.last_laid_out = out.len();
            return out;
        }
        let mut cx = Ctx {
            deck,
            theme,
            options,
            m: &mut self.m,
            images: &mut self.images,
            numbers: &numbers,
            cited: &cited,
            visible: &visible,
            plan,
        };
        let mut out = Vec::with_capacity(visible.len());
        let mut fresh = 0;
        for slide in &visible {
            let key = if keep {
                let own: Vec<(&str, Option<usize>, Option<&CitedSource>)> = slide
                    .body
                    .cited_sources()
                    .into_iter()
                    .map(|id| (id, numbers.get(id).copied(), deck.sources.get(id)))
                    .collect();
                let deck_wide = match slide.body.kind() {
                    SlideKind::Agenda => titles,
                    SlideKind::Sources => all_sources,
                    SlideKind::Title => cover,
                    _ => Some(0),
                };
                match (global, deck_wide) {
                    (Some(g), Some(d)) => key_of(&[&g, &slide.body, &own, &d]),
                    _ => None,
                }
            } else {
                None
            };
            if let Some(k) = key {
                if let Some(c) = self.frames.get(&slide.id).filter(|c| c.key == k) {
                    out.push(c.frame.clone());
                    continue;
                }
            }
            fresh += 1;
            let f = frame(&mut cx, slide);
            // A picture that failed to load may be fixed on disk: such frames are not kept.
            let picture_failed = f.warnings.iter().any(|w| w.kind == WarningKind::Image);
            if let Some(k) = key.filter(|_| !picture_failed) {
                self.frames.insert(
                    slide.id,
                    CachedFrame {
                        key: k,
                        frame: f.clone(),
                    },
                );
            }
            out.push(f);
        }
        let live: std::collections::HashSet<SlideId> = visible.iter().map(|s| s.id).collect();
        self.frames.retain(|id, _| live.contains(id));
        self.last_laid_out = fresh;
        out
    }

    /// Every frame laid out afresh on all cores: each thread takes the next slide not yet
    /// taken, so a thread that drew long slides does not hold the others up. Each thread has
    /// its own pictures (and each worker its own word shapes); the pictures are then numbered
    /// in slide order, so the frames are the same as one thread makes. Slides a failed thread
    /// took are laid out here.
    #[allow(clippy::too_many_arguments)]
    fn frames_side_by_side(
        &mut self,
        deck: &Deck,
        theme: &Theme,
        options: &LayoutOptions,
        plan: &MarkingPlan,
        visible: &[&Slide],
        numbers: &HashMap<&str, usize>,
        cited: &[&str],
    ) -> Vec<Frame> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let threads = crate::cores::cores().min(visible.len()).max(1);
        let next = AtomicUsize::new(0);
        // Lays out slides taken one at a time until none is left: (slide index, frame).
        let take = |m: &mut Measurer<'static>, images: &mut ImageStore| {
            let mut cx = Ctx {
                deck,
                theme,
                options,
                m,
                images,
                numbers,
                cited,
                visible,
                plan,
            };
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(s) = visible.get(i) else { break };
                done.push((i, frame(&mut cx, s)));
            }
            done
        };
        // Word shapes one thread makes are shared with the others.
        let shared = std::sync::Arc::new(SharedShapes::new());
        self.m.shared = Some(shared.clone());
        let m = &mut self.m;
        let (mine, others) = std::thread::scope(|s| {
            let handles: Vec<_> = (1..threads)
                .map(|_| {
                    let take = &take;
                    let shared = shared.clone();
                    s.spawn(move || {
                        crate::trace::mark("layout worker starts");
                        let mut m = Measurer::new(FontBook::get().ok()?);
                        m.shared = Some(shared);
                        let mut images = ImageStore::default();
                        let frames = take(&mut m, &mut images);
                        crate::trace::mark("layout worker ends");
                        Some((frames, images))
                    })
                })
                .collect();
            let mut images = ImageStore::default();
            let mine = (take(m, &mut images), images);
            crate::trace::mark("layout main thread ends");
            let others: Vec<Option<WorkerFrames>> = handles
                .into_iter()
                .map(|h| h.join().ok().flatten())
                .collect();
            (mine, others)
        });
        self.m.shared = None;
        // Each frame with the store its pictures are numbered in.
        let mut stores: Vec<ImageStore> = Vec::with_capacity(threads);
        let mut slots: Vec<Option<(usize, Frame)>> = vec![None; visible.len()];
        for (frames, store) in std::iter::once(mine).chain(others.into_iter().flatten()) {
            for (i, f) in frames {
                if let Some(slot) = slots.get_mut(i) {
                    *slot = Some((stores.len(), f));
                }
            }
            stores.push(store);
        }
        // Pictures numbered in the order slides show them, as one thread numbers them.
        let mut maps: Vec<Vec<Option<usize>>> =
            stores.iter().map(|s| vec![None; s.images.len()]).collect();
        let mut out = Vec::with_capacity(visible.len());
        for (i, slot) in slots.into_iter().enumerate() {
            let adopted = slot.and_then(|(t, mut f)| {
                let (map, store) = (maps.get_mut(t)?, stores.get(t)?);
                let mut refs = Vec::new();
                image_refs(&f.items, &mut refs);
                refs.sort_unstable();
                refs.dedup();
                for j in refs {
                    let slot = map.get_mut(j)?;
                    if slot.is_none() {
                        *slot = Some(self.images.adopt(store, j)?);
                    }
                }
                let map: Vec<usize> = map
                    .iter()
                    .enumerate()
                    .map(|(j, m)| m.unwrap_or(j))
                    .collect();
                if map.iter().enumerate().any(|(j, m)| j != *m) {
                    f.items = std::sync::Arc::new(remap_images(&f.items, &map));
                }
                Some(f)
            });
            match adopted {
                Some(f) => out.push(f),
                // A slide whose thread failed (none, unless a thread could not start or
                // panicked), or one with a picture its thread's store cannot name (never, as
                // stores record every path): laid out again here.
                None => {
                    let mut cx = Ctx {
                        deck,
                        theme,
                        options,
                        m: &mut self.m,
                        images: &mut self.images,
                        numbers,
                        cited,
                        visible,
                        plan,
                    };
                    if let Some(s) = visible.get(i) {
                        out.push(frame(&mut cx, s));
                    }
                }
            }
        }
        out
    }

    /// Lays out the deck into the output `options` asks for, reusing unchanged slide frames.
    /// Text fields longer than [`MAX_FIELD_CHARS`] are cut (in a copy) with a warning, so
    /// layout time stays near-linear in the deck's size.
    pub fn layout(&mut self, deck: &Deck, theme: &Theme, options: &LayoutOptions) -> Layout {
        self.layout_copies(deck, theme, options, &[]).0
    }

    /// The document as `options` asks, plus for each of `copies` the overlay of every page (its
    /// copy line): the slides are laid out once and only composed again per copy. For numbered
    /// copies, `options.copy` is `None` so the shared pages carry no copy line.
    pub fn layout_copies(
        &mut self,
        deck: &Deck,
        theme: &Theme,
        options: &LayoutOptions,
        copies: &[crate::layout::CopyStamp],
    ) -> (Layout, Vec<Vec<Vec<crate::layout::Item>>>) {
        crate::trace::mark("layout starts");
        let cut = cut_long_texts(deck, MAX_FIELD_CHARS);
        let (deck, extra) = match &cut {
            Some((copy, cuts)) => (copy, cut_warnings(cuts)),
            None => (deck, Vec::new()),
        };
        let plan = MarkingPlan::new(deck, options.schemes.as_deref());
        // The memo is written from the deck, not from slide frames.
        let frames = if matches!(options.output, crate::layout::Output::Memo(_)) {
            Vec::new()
        } else {
            self.frames(deck, theme, options, &plan)
        };
        crate::trace::mark("slides laid out");
        let base = compose(
            &frames,
            deck,
            theme,
            options,
            &plan,
            &mut self.m,
            &mut self.images,
            &extra,
        );
        let mut overlays = Vec::with_capacity(copies.len());
        for copy in copies {
            let o = LayoutOptions {
                copy: Some(copy.clone()),
                ..options.clone()
            };
            let l = compose(
                &frames,
                deck,
                theme,
                &o,
                &plan,
                &mut self.m,
                &mut self.images,
                &extra,
            );
            overlays.push(l.pages.into_iter().map(|p| p.overlay).collect());
        }
        (base, overlays)
    }
}

fn cut_warnings(cuts: &[CutField]) -> Vec<(Option<SlideId>, FrameWarning)> {
    cuts.iter()
        .map(|c| {
            let what = if c.slide.is_some() {
                "a text on this slide"
            } else {
                "a deck setting (title, marking, distribution or another)"
            };
            let message = match c.what {
                TextFix::Cut => format!(
                    "{what} has {} characters and was cut to {MAX_FIELD_CHARS}; shorten it",
                    c.chars
                ),
                TextFix::ControlsRemoved => format!(
                    "{what} holds {} control character(s) (such as NUL), left out of the output; remove them from the text",
                    c.chars
                ),
            };
            (
                c.slide,
                FrameWarning {
                    kind: WarningKind::Cut,
                    message,
                    chars: Vec::new(),
                },
            )
        })
        .collect()
}
