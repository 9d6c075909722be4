//! The Japanese font every PDF is set in, found once at start-up: `KIZUNA_PDF_FONT` (a .ttf, .otf
//! or .ttc file, optionally `path#index` for a collection), else the first of the usual Debian
//! places (`fonts-ipaexfont-gothic`, then `fonts-noto-cjk`). The whole font is loaded once; each
//! PDF embeds only the glyphs it uses (krilla subsets it).

use skrifa::instance::{LocationRef, Size};
use skrifa::MetadataProvider;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// Where Debian's packages put the fonts we can use, best first (with the face's index).
const CANDIDATES: [(&str, u32); 4] = [
    ("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf", 0),
    ("/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf", 0),
    // The collection's first face is the Japanese one.
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 0),
    ("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf", 0),
];

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error(
        "no Japanese font for PDFs: install the Debian package fonts-ipaexfont-gothic (or fonts-noto-cjk), \
         or set KIZUNA_PDF_FONT to a .ttf/.otf/.ttc file"
    )]
    Missing,
    #[error("KIZUNA_PDF_FONT={path}: {reason}")]
    Unusable { path: String, reason: String },
}

/// The loaded font: for drawing (krilla) and for measuring text (skrifa, on the same bytes).
#[derive(Clone)]
pub struct PdfFont {
    pub path: PathBuf,
    data: Arc<Vec<u8>>,
    index: u32,
    pub font: krilla::text::Font,
    units_per_em: f32,
}

impl PdfFont {
    fn load(path: PathBuf, index: u32) -> Result<PdfFont, FontError> {
        let unusable = |reason: &str| FontError::Unusable { path: path.display().to_string(), reason: reason.into() };
        let data = Arc::new(std::fs::read(&path).map_err(|e| unusable(&e.to_string()))?);
        let face =
            skrifa::FontRef::from_index(&data, index).map_err(|_| unusable("not a font file skrifa can read"))?;
        if face.charmap().map('会').is_none() {
            return Err(unusable("this font has no Japanese characters"));
        }
        let units_per_em = f32::from(face.metrics(Size::unscaled(), LocationRef::default()).units_per_em);
        let bytes: krilla::Data = Arc::clone(&data).into();
        let font = krilla::text::Font::new(bytes, index).ok_or_else(|| unusable("krilla cannot use this font"))?;
        Ok(PdfFont { path, data, index, font, units_per_em })
    }

    /// The width of `text` set at `size` points, in points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let Ok(face) = skrifa::FontRef::from_index(&self.data, self.index) else { return 0.0 };
        let charmap = face.charmap();
        let metrics = face.glyph_metrics(Size::unscaled(), LocationRef::default());
        let units: f32 = text
            .chars()
            .map(|c| charmap.map(c).and_then(|g| metrics.advance_width(g)).unwrap_or(self.units_per_em))
            .sum();
        units / self.units_per_em * size
    }
}

/// Finds and loads the font (from `KIZUNA_PDF_FONT`, else the usual places).
pub fn find() -> Result<PdfFont, FontError> {
    if let Some(value) = std::env::var_os("KIZUNA_PDF_FONT").filter(|v| !v.is_empty()) {
        let value = value.to_string_lossy().into_owned();
        let (path, index) = match value.rsplit_once('#') {
            Some((path, index)) => match index.parse::<u32>() {
                Ok(index) => (path.to_string(), index),
                Err(_) => (value.clone(), 0),
            },
            None => (value.clone(), 0),
        };
        return PdfFont::load(PathBuf::from(path), index);
    }
    CANDIDATES
        .iter()
        .find(|(path, _)| std::path::Path::new(path).is_file())
        .map(|(path, index)| PdfFont::load(PathBuf::from(path), *index))
        .unwrap_or(Err(FontError::Missing))
}

static FONT: OnceLock<Result<PdfFont, String>> = OnceLock::new();

/// The font, loaded on first use (start-up calls this, so a missing font stops the server
/// before it serves; tests load it with their first PDF).
pub fn font() -> Result<&'static PdfFont, String> {
    FONT.get_or_init(|| find().map_err(|e| e.to_string())).as_ref().map_err(Clone::clone)
}
