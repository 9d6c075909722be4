//! Paper the server prints: numbered receipts, the annual dues notice letter, and address labels
//! on A4 label sheets. PDF with the Japanese font embedded and subset (krilla), so that a file
//! prints the same on any machine; text stays selectable and searchable.
//!
//! `fonts`: finding the font. `sheet`: drawing in millimetres. `receipt`, `notice`, `labels`,
//! `newsletter`: the documents. `routes`: the GET routes that send them (who may, which rows, the audit entry).

pub mod fonts;
mod labels;
pub mod mail;
pub mod newsletter;
mod notice;
mod receipt;
pub mod routes;
mod sheet;

pub use labels::LabelSheet;

use app::domain::address::format_postal_code;
use app::domain::association::AssociationContact;
use app::domain::association_profile::AssociationProfile;
use app::AppError;
use fonts::PdfFont;
use krilla::page::PageSettings;
use sheet::{pt, Sheet};

/// Receipts as one PDF, a page each (the routes, and the benchmark).
pub fn receipts_pdf(receipts: &[app::domain::receipt::Receipt], issuer: &Issuer) -> Result<Vec<u8>, AppError> {
    let mut pdf = Pdf::new()?;
    receipt::render(receipts, issuer, &mut pdf);
    pdf.finish()
}

/// Address labels as one PDF.
pub fn labels_pdf(sheet: LabelSheet, to: &[app::server::db::mailing::PostalAddressee]) -> Result<Vec<u8>, AppError> {
    let mut pdf = Pdf::new()?;
    labels::render(sheet, to, &mut pdf);
    pdf.finish()
}

/// One PDF being written.
pub struct Pdf {
    document: krilla::Document,
    font: &'static PdfFont,
    pages: usize,
}

impl Pdf {
    pub fn new() -> Result<Pdf, AppError> {
        let font = fonts::font().map_err(|error| {
            tracing::error!(%error, "a PDF was asked for, but there is no font");
            AppError::Internal
        })?;
        Ok(Pdf { document: krilla::Document::new(), font, pages: 0 })
    }

    /// The font the pages are set in (to measure text before a page is started).
    pub fn font(&self) -> &'static PdfFont {
        self.font
    }

    /// Adds a page `size` mm and draws on it.
    pub fn page(&mut self, (width, height): (f32, f32), draw: impl FnOnce(&mut Sheet)) {
        let Some(settings) = PageSettings::from_wh(pt(width), pt(height)) else { return };
        let mut page = self.document.start_page_with(settings);
        let mut surface = page.surface();
        draw(&mut Sheet { surface: &mut surface, font: self.font });
        surface.finish();
        page.finish();
        self.pages += 1;
    }

    /// The file; a run with nothing to print is one page that says so (a PDF needs a page).
    pub fn finish(mut self) -> Result<Vec<u8>, AppError> {
        if self.pages == 0 {
            self.page(sheet::A4, |s| s.text(20.0, 30.0, 14.0, "印刷するものはありません。 Nothing to print."));
        }
        self.document.finish().map_err(|error| {
            tracing::error!(?error, "could not write a PDF");
            AppError::Internal
        })
    }
}

/// The association as it signs its paper (in Japanese, from its settings).
#[derive(Debug, Clone, Default)]
pub struct Issuer {
    pub name: String,
    pub representative: String,
    pub postal_code: String,
    pub office: String,
    pub phone: String,
    /// Where members pay (several lines).
    pub payment_account: String,
}

impl Issuer {
    pub fn new(contact: &AssociationContact, profile: &AssociationProfile) -> Issuer {
        Issuer {
            name: profile.name.ja.clone(),
            representative: profile.representative.ja.clone(),
            postal_code: contact.postal_code.clone(),
            office: contact.office.ja.clone(),
            phone: contact.phone.clone(),
            payment_account: profile.payment_account.ja.clone(),
        }
    }

    /// "〒206-0802 東京都稲城市東長沼2111", or nothing when the office has no address.
    fn address_lines(&self) -> Vec<String> {
        let postal = if self.postal_code.is_empty() { String::new() } else { format_postal_code(&self.postal_code) };
        let line = [postal, self.office.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            Vec::new()
        } else {
            vec![line]
        }
    }
}
