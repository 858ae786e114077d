//! Pictures: loaded once per path, downscaled, transparent areas put on white.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::page::{ImageData, Item};

/// Largest image edge kept, in pixels: enough for a full-width picture at about 200 dpi.
const MAX_IMAGE_PX: u32 = 2400;

/// Decoded pictures, kept between layouts; [`crate::layout::Item::Image`] indexes into it.
#[derive(Debug, Default)]
pub struct ImageStore {
    /// Pictures by index.
    pub images: Vec<ImageData>,
    index: HashMap<PathBuf, usize>,
}

impl ImageStore {
    /// Loads (once per path) and downsizes a picture; the error says why it failed.
    /// Failures are not remembered: a file fixed on disk is picked up at the next layout.
    pub fn load(&mut self, full: &Path) -> Result<usize, String> {
        if let Some(i) = self.index.get(full) {
            return Ok(*i);
        }
        let data = decode_image(full)?;
        self.images.push(data);
        let i = self.images.len() - 1;
        self.index.insert(full.to_path_buf(), i);
        Ok(i)
    }

    /// The index here of picture `i` of `other` (a store a layout thread filled): the same
    /// file's index when this store holds it, else the picture is added.
    pub fn adopt(&mut self, other: &ImageStore, i: usize) -> Option<usize> {
        let path = other
            .index
            .iter()
            .find_map(|(p, j)| (*j == i).then_some(p))?;
        if let Some(&here) = self.index.get(path) {
            return Some(here);
        }
        self.images.push(other.images.get(i)?.clone());
        let here = self.images.len() - 1;
        self.index.insert(path.clone(), here);
        Some(here)
    }
}

/// Adds the picture indexes `items` show (groups included) to `out`.
pub(crate) fn image_refs(items: &[Item], out: &mut Vec<usize>) {
    for item in items {
        match item {
            Item::Image { image, .. } => out.push(*image),
            Item::Group { items, .. } => image_refs(items, out),
            _ => {}
        }
    }
}

/// `items` with every picture index `i` replaced by `map[i]` (groups included).
pub(crate) fn remap_images(items: &[Item], map: &[usize]) -> Vec<Item> {
    items
        .iter()
        .map(|item| match item {
            Item::Image { rect, image } => Item::Image {
                rect: *rect,
                image: map.get(*image).copied().unwrap_or(*image),
            },
            Item::Group {
                transform,
                size_pt,
                items,
            } => Item::Group {
                transform: *transform,
                size_pt: *size_pt,
                items: Arc::new(remap_images(items, map)),
            },
            other => other.clone(),
        })
        .collect()
}

fn decode_image(path: &Path) -> Result<ImageData, String> {
    use crate::limits::{read_file, MAX_IMAGE_BYTES, MAX_IMAGE_SIDE_PX};
    let bytes = read_file(path, MAX_IMAGE_BYTES).map_err(|e| match e {
        crate::limits::ReadError::Io { source, .. } => format!("could not be opened ({source})"),
        other => format!("could not be used ({other})"),
    })?;
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("could not be read ({e})"))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE_PX);
    limits.max_image_height = Some(MAX_IMAGE_SIDE_PX);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let img = reader
        .decode()
        .map_err(|e| format!("is not a readable PNG or JPEG ({e})"))?;
    let img = if img.width() > MAX_IMAGE_PX || img.height() > MAX_IMAGE_PX {
        img.resize(
            MAX_IMAGE_PX,
            MAX_IMAGE_PX,
            image::imageops::FilterType::Triangle,
        )
    } else {
        img
    };
    // Transparent areas are composited onto white, as on a printed page.
    let rgba = img.to_rgba8();
    let mut rgb = image::RgbImage::new(rgba.width(), rgba.height());
    for (dst, src) in rgb.pixels_mut().zip(rgba.pixels()) {
        let a = u16::from(src[3]);
        for k in 0..3 {
            dst[k] = ((u16::from(src[k]) * a + 255 * (255 - a)) / 255) as u8;
        }
    }
    Ok(ImageData {
        width_px: rgb.width(),
        height_px: rgb.height(),
        rgb: Arc::new(rgb.into_raw()),
    })
}
