//! Drawing on one page in millimetres (what paper and label sheets are specified in), with the
//! one font: text placed left, right or centred, lines and boxes, and line-wrapping by width.

use super::fonts::PdfFont;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::TextDirection;

pub const A4: (f32, f32) = (210.0, 297.0);
/// A5 on its side: half an A4 sheet, the usual size of a receipt.
pub const A5_LANDSCAPE: (f32, f32) = (210.0, 148.0);

pub fn pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

pub struct Sheet<'s, 'p> {
    pub surface: &'s mut Surface<'p>,
    pub font: &'s PdfFont,
}

impl Sheet<'_, '_> {
    /// `text` with its baseline at `y` mm, starting at `x` mm.
    pub fn text(&mut self, x: f32, y: f32, size: f32, text: &str) {
        if text.is_empty() {
            return;
        }
        self.surface.set_fill(Some(Fill { paint: rgb::Color::black().into(), ..Default::default() }));
        self.surface.draw_text(
            Point::from_xy(pt(x), pt(y)),
            self.font.font.clone(),
            size,
            text,
            false,
            TextDirection::Auto,
        );
    }

    /// `text` ending at `x` mm.
    pub fn text_right(&mut self, x: f32, y: f32, size: f32, text: &str) {
        let width = self.width(text, size);
        self.text(x - width, y, size, text);
    }

    /// `text` centred on `x` mm.
    pub fn text_centred(&mut self, x: f32, y: f32, size: f32, text: &str) {
        let width = self.width(text, size);
        self.text(x - width / 2.0, y, size, text);
    }

    /// The width of `text` at `size` points, in mm.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.font.width(text, size) * 25.4 / 72.0
    }

    /// A size at most `size` at which `text` fits in `width` mm (long names on small labels).
    pub fn fitting(&self, text: &str, size: f32, width: f32) -> f32 {
        let needed = self.width(text, size);
        if needed <= width {
            size
        } else {
            (size * width / needed).max(size * 0.6)
        }
    }

    /// `text` broken into lines no wider than `width` mm ([`wrap`]).
    pub fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        wrap(self.font, text, size, width)
    }

    /// A straight line from (x1, y1) to (x2, y2) mm, `weight` points wide.
    pub fn line(&mut self, (x1, y1): (f32, f32), (x2, y2): (f32, f32), weight: f32) {
        let mut path = PathBuilder::new();
        path.move_to(pt(x1), pt(y1));
        path.line_to(pt(x2), pt(y2));
        self.stroke(path, weight);
    }

    /// The outline of a box at (x, y) mm, `w` × `h` mm.
    pub fn frame(&mut self, (x, y): (f32, f32), (w, h): (f32, f32), weight: f32) {
        let mut path = PathBuilder::new();
        path.move_to(pt(x), pt(y));
        path.line_to(pt(x + w), pt(y));
        path.line_to(pt(x + w), pt(y + h));
        path.line_to(pt(x), pt(y + h));
        path.close();
        self.stroke(path, weight);
    }

    fn stroke(&mut self, path: PathBuilder, weight: f32) {
        let Some(path) = path.finish() else { return };
        self.surface.set_fill(None);
        self.surface.set_stroke(Some(Stroke {
            paint: rgb::Color::black().into(),
            width: weight,
            ..Default::default()
        }));
        self.surface.draw_path(&path);
        self.surface.set_stroke(None);
    }
}

/// `text` broken into lines no wider than `width` mm at `size` points (at any character: Japanese
/// has no spaces; a line break in the text starts a new line). Apart from a page, for text that
/// runs over several.
pub fn wrap(font: &PdfFont, text: &str, size: f32, width: f32) -> Vec<String> {
    let width_of = |line: &str| font.width(line, size) * 25.4 / 72.0;
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for c in paragraph.chars() {
            line.push(c);
            if width_of(&line) > width && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::take(&mut line));
                line.push(c);
            }
        }
        lines.push(line);
    }
    lines
}
