//! The fonts of an exported PDF: each font the pages use, subset to the glyphs they show and
//! embedded as a CID-keyed TrueType font (Type0, Identity-H) with its widths, its ToUnicode map
//! and its descriptor.
//!
//! printpdf assembles the rest of the document; its own font path (parse the whole font, copy
//! it twice, subset it with allsorts, which reads every outline of the font) was the largest
//! serial part of a short export. Here each font is subset by the `subsetter` crate (Typst's),
//! which reads only the outlines kept, on its own thread while printpdf builds the pages. A
//! glyph's code in the content streams is its id in the subset, so the codes are known the
//! moment the subset is planned.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, Stream, StringFormat};
use rustc_hash::FxHashMap;
use ttf_parser::GlyphId;

use super::PdfError;
use crate::fonts::FontId;

/// The glyphs a document shows in one font, numbered: a glyph's code in the content streams
/// is its id in the subset.
pub(super) struct Plan {
    /// Which shipped font.
    pub font: FontId,
    /// Code of each character shown in plain runs (a character the font lacks has none and is
    /// shown as code 0, the font's empty box).
    pub codes: FxHashMap<char, u16>,
    /// Code of each shaped glyph (by its id in the whole font).
    pub gid_codes: FxHashMap<u16, u16>,
    remapper: subsetter::GlyphRemapper,
    /// The text each code shows, for the ToUnicode map.
    text_of: BTreeMap<u16, String>,
}

/// One font subset for a document: the PDF objects that embed it (font program and ToUnicode
/// map already deflated).
#[derive(Clone)]
pub(super) struct Subset {
    /// Which shipped font.
    pub font: FontId,
    /// The subset font program (`FontFile2`), and its length before deflating.
    program: (Vec<u8>, usize, bool),
    /// The ToUnicode CMap stream, and whether it is deflated.
    to_unicode: (Vec<u8>, bool),
    /// Advance width of each code, in thousandths of an em.
    widths: Vec<i64>,
    /// `XXXXXX+PostScriptName`.
    base_font: String,
    descriptor: Descriptor,
}

/// The font descriptor's metrics, in thousandths of an em.
#[derive(Clone)]
struct Descriptor {
    ascent: i64,
    descent: i64,
    cap_height: i64,
    italic_angle: i64,
    flags: i64,
    stem_v: i64,
    bbox: [i64; 4],
}

/// Numbers the glyphs of `font` for the characters `chars` (plain runs) and the shaped glyphs
/// `shaped` (glyph id → the text it stands for): cheap, so the content streams can be written
/// while the subset is built.
pub(super) fn plan(
    font: FontId,
    chars: &[char],
    shaped: &BTreeMap<u16, String>,
) -> Result<Plan, PdfError> {
    let face = ttf_parser::Face::parse(font.bytes(), 0).map_err(|_| PdfError::Font(font.name()))?;
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut codes = FxHashMap::default();
    // Text of each code, for the ToUnicode map: the first character (in order) shown by the
    // glyph, or a shaped glyph's text.
    let mut text_of: BTreeMap<u16, String> = BTreeMap::new();
    let mut sorted: Vec<char> = chars.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    for c in sorted {
        let Some(gid) = face.glyph_index(c) else {
            continue;
        };
        let code = remapper.remap(gid.0);
        codes.insert(c, code);
        text_of.entry(code).or_insert_with(|| c.to_string());
    }
    let mut gid_codes = FxHashMap::default();
    for (gid, text) in shaped {
        let code = remapper.remap(*gid);
        gid_codes.insert(*gid, code);
        // Code 0 is the empty box of every character the font lacks: it copies out as nothing.
        if code != 0 {
            text_of.entry(code).or_insert_with(|| text.clone());
        }
    }
    Ok(Plan {
        font,
        codes,
        gid_codes,
        remapper,
        text_of,
    })
}

/// Builds the subset `plan` describes, deflating its streams with `z`.
pub(super) fn build(plan: &Plan, z: &mut super::Deflater) -> Result<Subset, PdfError> {
    let font = plan.font;
    let bytes = font.bytes();
    let face = ttf_parser::Face::parse(bytes, 0).map_err(|_| PdfError::Font(font.name()))?;
    let remapper = &plan.remapper;
    // Glyph ids in code order (the subsetter appends the parts of composite glyphs after them;
    // those are never shown by code).
    let shown: Vec<u16> = remapper.remapped_gids().collect();
    let program = subsetter::subset(bytes, 0, remapper)
        .map_err(|e| PdfError::Serialize(format!("font {}: {e}", font.name())))?;
    let upm = f64::from(face.units_per_em().max(1));
    let scale = |v: f64| (v * 1000.0 / upm).round() as i64;
    let widths = shown
        .iter()
        .map(|g| scale(f64::from(face.glyph_hor_advance(GlyphId(*g)).unwrap_or(0))))
        .collect();
    let ascent = scale(f64::from(face.ascender()));
    let italic_angle = face.italic_angle().round() as i64;
    let weight = f64::from(face.weight().to_number());
    let bbox = face.global_bounding_box();
    let descriptor = Descriptor {
        ascent,
        descent: scale(f64::from(face.descender())),
        cap_height: face
            .capital_height()
            .map(|c| scale(f64::from(c)))
            .unwrap_or(ascent),
        italic_angle,
        // Non-symbolic (standard Latin character set), and italic when slanted.
        flags: 1 << 5 | if italic_angle != 0 { 1 << 6 } else { 0 },
        // No font table carries the stem width; this is the usual estimate from the weight.
        stem_v: if weight == 0.0 {
            80
        } else {
            50 + (weight / 65.0).powi(2).round() as i64
        },
        bbox: [
            scale(f64::from(bbox.x_min)),
            scale(f64::from(bbox.y_min)),
            scale(f64::from(bbox.x_max)),
            scale(f64::from(bbox.y_max)),
        ],
    };
    let raw_len = program.len();
    let program = match z.deflate(&program) {
        Some(packed) => (packed, raw_len, true),
        None => (program, raw_len, false),
    };
    let cmap = to_unicode_cmap(&plan.text_of);
    let to_unicode = match z.deflate(&cmap) {
        Some(packed) => (packed, true),
        None => (cmap, false),
    };
    Ok(Subset {
        font,
        program,
        to_unicode,
        widths,
        base_font: format!(
            "{}+{}",
            subset_tag(font, &shown),
            postscript_name(&face, font)
        ),
        descriptor,
    })
}

/// The six capital letters that mark a subset (ISO 32000-1, 9.6.4), taken from the glyphs it
/// keeps: the same subset always gets the same tag.
fn subset_tag(font: FontId, gids: &[u16]) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    font.hash(&mut h);
    gids.hash(&mut h);
    let mut n = h.finish();
    (0..6)
        .map(|_| {
            let c = char::from(b'A' + (n % 26) as u8);
            n /= 26;
            c
        })
        .collect()
}

/// The font's PostScript name (name id 6), or its display name without spaces.
fn postscript_name(face: &ttf_parser::Face<'_>, font: FontId) -> String {
    face.names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic()))
        .unwrap_or_else(|| font.name().replace(' ', ""))
}

/// A ToUnicode CMap: each code to the text its glyph shows (UTF-16BE).
fn to_unicode_cmap(text_of: &BTreeMap<u16, String>) -> Vec<u8> {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(256 + text_of.len() * 20);
    s.push_str(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(&u16, &String)> = text_of.iter().filter(|(_, t)| !t.is_empty()).collect();
    // At most 100 mappings a block.
    for block in entries.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", block.len());
        for (code, text) in block {
            let _ = write!(s, "<{code:04X}> <");
            for unit in text.encode_utf16() {
                let _ = write!(s, "{unit:04X}");
            }
            s.push_str(">\n");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

/// Adds the font's objects to `doc`; returns the id of its Type0 font dictionary.
pub(super) fn add(doc: &mut lopdf::Document, s: Subset) -> lopdf::ObjectId {
    let name = || Object::Name(s.base_font.clone().into_bytes());
    let (program, raw_len, packed) = s.program;
    let mut file_dict = Dictionary::new();
    file_dict.set("Length1", Object::Integer(raw_len as i64));
    if packed {
        file_dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    }
    let file = doc.add_object(Stream::new(file_dict, program).with_compression(!packed));
    let (cmap, cmap_packed) = s.to_unicode;
    let mut cmap_dict = Dictionary::new();
    if cmap_packed {
        cmap_dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    }
    let to_unicode = doc.add_object(Stream::new(cmap_dict, cmap).with_compression(!cmap_packed));
    let d = &s.descriptor;
    let descriptor = doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"FontDescriptor".to_vec())),
        ("FontName", name()),
        ("Ascent", Object::Integer(d.ascent)),
        ("Descent", Object::Integer(d.descent)),
        ("CapHeight", Object::Integer(d.cap_height)),
        ("ItalicAngle", Object::Integer(d.italic_angle)),
        ("Flags", Object::Integer(d.flags)),
        ("StemV", Object::Integer(d.stem_v)),
        (
            "FontBBox",
            Object::Array(d.bbox.iter().map(|v| Object::Integer(*v)).collect()),
        ),
        ("FontFile2", Object::Reference(file)),
    ]));
    let widths = Object::Array(vec![
        Object::Integer(0),
        Object::Array(s.widths.into_iter().map(Object::Integer).collect()),
    ]);
    let cid_font = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"CIDFontType2".to_vec())),
        ("BaseFont", name()),
        (
            "CIDSystemInfo",
            Object::Dictionary(Dictionary::from_iter(vec![
                (
                    "Registry",
                    Object::String(b"Adobe".to_vec(), StringFormat::Literal),
                ),
                (
                    "Ordering",
                    Object::String(b"Identity".to_vec(), StringFormat::Literal),
                ),
                ("Supplement", Object::Integer(0)),
            ])),
        ),
        ("W", widths),
        ("DW", Object::Integer(1000)),
        ("FontDescriptor", Object::Reference(descriptor)),
        ("CIDToGIDMap", Object::Name(b"Identity".to_vec())),
    ]);
    doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"Type0".to_vec())),
        ("BaseFont", name()),
        ("Encoding", Object::Name(b"Identity-H".to_vec())),
        ("ToUnicode", Object::Reference(to_unicode)),
        (
            "DescendantFonts",
            Object::Array(vec![Object::Dictionary(cid_font)]),
        ),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_subset_glyph_ids_and_the_subset_holds_exactly_those_glyphs() {
        let mut z = super::super::Deflater::new();
        let shaped: BTreeMap<u16, String> = BTreeMap::new();
        let p = plan(
            FontId::SansRegular,
            &['b', 'a', 'a', 'é', '\u{e000}'],
            &shaped,
        )
        .unwrap();
        let s = build(&p, &mut z).unwrap();
        // Sorted characters get codes 1, 2, 3 (0 is the empty box); a character the font
        // lacks gets none.
        assert_eq!(p.codes.get(&'a'), Some(&1));
        assert_eq!(p.codes.get(&'b'), Some(&2));
        assert_eq!(p.codes.get(&'é'), Some(&3));
        assert_eq!(p.codes.get(&'\u{e000}'), None);
        assert_eq!(s.widths.len(), 4);
        let face = ttf_parser::Face::parse(FontId::SansRegular.bytes(), 0).unwrap();
        let a = face.glyph_index('a').unwrap();
        let upm = f64::from(face.units_per_em());
        let want = (f64::from(face.glyph_hor_advance(a).unwrap()) * 1000.0 / upm).round();
        assert_eq!(s.widths[1], want as i64);
        assert!(
            s.base_font.ends_with("+NotoSans-Regular"),
            "{}",
            s.base_font
        );
        assert_eq!(s.base_font.find('+'), Some(6));
        // The program inflates to a font whose glyph 1 is the whole font's 'a'.
        let mut raw = vec![0; s.program.1];
        let len = libdeflater::Decompressor::new()
            .zlib_decompress(&s.program.0, &mut raw)
            .unwrap();
        assert_eq!(len, s.program.1);
        let sub = ttf_parser::Face::parse(&raw, 0).unwrap();
        // 'é' is built from other glyphs, which the subset keeps after the codes: its outline
        // there is the whole font's.
        assert!(sub.number_of_glyphs() > 4, "the parts of 'é' are missing");
        let e_acute = face.glyph_index('é').unwrap();
        assert!(face.glyph_bounding_box(e_acute).is_some());
        assert_eq!(
            sub.glyph_bounding_box(GlyphId(3)),
            face.glyph_bounding_box(e_acute)
        );
        assert_eq!(sub.glyph_hor_advance(GlyphId(1)), face.glyph_hor_advance(a));
    }

    #[test]
    fn the_to_unicode_map_gives_each_code_its_text_in_blocks_of_at_most_100() {
        let text_of: BTreeMap<u16, String> = (1..=150u16)
            .map(|i| {
                (
                    i,
                    char::from_u32(0x41 + u32::from(i % 26))
                        .unwrap()
                        .to_string(),
                )
            })
            .chain([(151, "\u{1F600}".to_owned()), (152, "لا".to_owned())])
            .collect();
        let cmap = String::from_utf8(to_unicode_cmap(&text_of)).unwrap();
        assert!(cmap.contains("100 beginbfchar"));
        assert!(cmap.contains("52 beginbfchar"));
        assert!(cmap.contains("<0001> <0042>"));
        // Outside the basic plane: a surrogate pair; two letters: both.
        assert!(cmap.contains("<0097> <D83DDE00>"), "{cmap}");
        assert!(cmap.contains("<0098> <06440627>"), "{cmap}");
    }
}
