//! The member fields an imported column can feed, and the first guess of which column feeds which
//! field, from its heading (Japanese or English, as the secretariat's old lists name them).

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ImportField {
    MemberNumber,
    FullName,
    NameReading,
    NameRomaji,
    OrganisationName,
    Email,
    Phone,
    PostalCode,
    Prefecture,
    City,
    Street,
    BirthDate,
    MembershipType,
    JoinedOn,
    Units,
    ContactBy,
    Notes,
    Household,
    Committees,
    PaidYears,
}

impl ImportField {
    /// In the order of the mapping form.
    pub const ALL: [ImportField; 20] = [
        ImportField::MemberNumber,
        ImportField::FullName,
        ImportField::NameReading,
        ImportField::NameRomaji,
        ImportField::OrganisationName,
        ImportField::Email,
        ImportField::Phone,
        ImportField::PostalCode,
        ImportField::Prefecture,
        ImportField::City,
        ImportField::Street,
        ImportField::BirthDate,
        ImportField::MembershipType,
        ImportField::JoinedOn,
        ImportField::Units,
        ImportField::ContactBy,
        ImportField::Notes,
        ImportField::Household,
        ImportField::Committees,
        ImportField::PaidYears,
    ];

    /// Without these no member can be made.
    pub fn is_required(self) -> bool {
        matches!(self, ImportField::FullName | ImportField::NameReading)
    }

    /// The stored and posted name of the field (also its form field name).
    pub fn code(self) -> &'static str {
        match self {
            ImportField::MemberNumber => "member_number",
            ImportField::FullName => "full_name",
            ImportField::NameReading => "name_reading",
            ImportField::NameRomaji => "name_romaji",
            ImportField::OrganisationName => "organisation_name",
            ImportField::Email => "email",
            ImportField::Phone => "phone",
            ImportField::PostalCode => "postal_code",
            ImportField::Prefecture => "prefecture",
            ImportField::City => "city",
            ImportField::Street => "street",
            ImportField::BirthDate => "birth_date",
            ImportField::MembershipType => "membership_type",
            ImportField::JoinedOn => "joined_on",
            ImportField::Units => "units",
            ImportField::ContactBy => "contact_by",
            ImportField::Notes => "notes",
            ImportField::Household => "household",
            ImportField::Committees => "committees",
            ImportField::PaidYears => "paid_years",
        }
    }

    pub fn parse(code: &str) -> Option<ImportField> {
        ImportField::ALL.into_iter().find(|field| field.code() == code)
    }

    /// Headings this field usually has, normalised with [`heading_key`].
    fn usual_headings(self) -> &'static [&'static str] {
        match self {
            ImportField::MemberNumber => {
                &["会員番号", "会員no", "会員no.", "番号", "no", "no.", "membernumber", "memberno"]
            }
            ImportField::FullName => &["氏名", "名前", "お名前", "会員名", "氏名(漢字)", "name", "fullname"],
            ImportField::NameReading => {
                &["ふりがな", "フリガナ", "よみがな", "ヨミガナ", "よみ", "ヨミ", "カナ", "かな"]
            }
            ImportField::NameRomaji => {
                &["ローマ字", "ローマ字氏名", "氏名(ローマ字)", "romaji", "romanisedname", "romanizedname"]
            }
            ImportField::OrganisationName => &["団体名", "会社名", "法人名", "organisation", "organization"],
            ImportField::Email => &["メール", "メールアドレス", "eメール", "email", "e-mail", "mail"],
            ImportField::Phone => &["電話", "電話番号", "tel", "tel.", "phone", "携帯", "携帯電話"],
            ImportField::PostalCode => &["郵便番号", "〒", "zip", "postalcode", "postcode"],
            ImportField::Prefecture => &["都道府県", "prefecture"],
            ImportField::City => &["市区町村", "city"],
            ImportField::Street => &["番地", "住所", "町名番地", "住所2", "street", "address"],
            ImportField::BirthDate => &["生年月日", "誕生日", "birthdate", "dateofbirth", "birthday"],
            ImportField::MembershipType => &["会員種別", "種別", "会員区分", "区分", "type", "membershiptype"],
            ImportField::JoinedOn => &["入会日", "入会年月日", "joined", "joinedon", "joindate"],
            ImportField::Units => &["口数", "口", "units", "unit"],
            ImportField::ContactBy => &["連絡方法", "送付方法", "会報送付", "会報の送付", "contact", "contactby"],
            ImportField::Notes => &["備考", "摘要", "メモ", "特記事項", "remarks", "notes", "note", "memo"],
            ImportField::Household => &["家族", "家族氏名", "家族の氏名", "同居家族", "世帯", "household", "family"],
            ImportField::Committees => &["委員会", "所属委員会", "committee", "committees"],
            ImportField::PaidYears => {
                &["会費納入年度", "納入年度", "会費納入", "納入済年度", "会費納入済", "paidyears", "duespaid"]
            }
        }
    }
}

/// A heading reduced to what tells headings apart: NFKC (full-width letters and brackets become
/// half-width), lower case, no spaces, underscores or hyphens.
pub fn heading_key(heading: &str) -> String {
    heading
        .nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '\u{feff}'))
        .collect()
}

/// The field a column with this heading most likely holds, if any.
pub fn guess_field(heading: &str) -> Option<ImportField> {
    let key = heading_key(heading);
    if key.is_empty() {
        return None;
    }
    if let Some(field) = ImportField::ALL.into_iter().find(|f| f.usual_headings().iter().any(|h| heading_key(h) == key))
    {
        return Some(field);
    }
    // "氏名カナ", "氏名(ふりがな)" and the like: a reading, although the heading starts like a name.
    if ["カナ", "かな", "ふりがな", "フリガナ", "よみ", "ヨミ", "reading", "kana"].iter().any(|part| key.contains(part))
    {
        return Some(ImportField::NameReading);
    }
    None
}

/// Which column (0-based) feeds each field. A column feeds at most one field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping(pub Vec<(ImportField, usize)>);

impl Mapping {
    pub fn column(&self, field: ImportField) -> Option<usize> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, c)| *c)
    }

    /// The first guess for these headings: `remembered` (heading key → field, from earlier
    /// imports) first, then the usual headings. Each field and each column is used once.
    pub fn suggest(headings: &[String], remembered: &[(String, ImportField)]) -> Mapping {
        let mut chosen: Vec<(ImportField, usize)> = Vec::new();
        for (column, heading) in headings.iter().enumerate() {
            let key = heading_key(heading);
            let field = remembered.iter().find(|(k, _)| *k == key).map(|(_, f)| *f).or_else(|| guess_field(heading));
            if let Some(field) = field {
                if !chosen.iter().any(|(f, _)| *f == field) {
                    chosen.push((field, column));
                }
            }
        }
        Mapping(chosen)
    }

    /// The required fields no column feeds.
    pub fn missing(&self) -> Vec<ImportField> {
        ImportField::ALL.into_iter().filter(|f| f.is_required() && self.column(*f).is_none()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn usual_headings_are_recognised_in_either_language() {
        assert_eq!(guess_field("氏名"), Some(ImportField::FullName));
        assert_eq!(guess_field("氏名カナ"), Some(ImportField::NameReading));
        assert_eq!(guess_field("氏名（ふりがな）"), Some(ImportField::NameReading));
        assert_eq!(guess_field("ＴＥＬ"), Some(ImportField::Phone));
        assert_eq!(guess_field("E-mail"), Some(ImportField::Email));
        assert_eq!(guess_field("Date of birth"), Some(ImportField::BirthDate));
        assert_eq!(guess_field("\u{feff}会員番号"), Some(ImportField::MemberNumber));
        assert_eq!(guess_field("備考"), Some(ImportField::Notes));
        assert_eq!(guess_field("会費納入年度"), Some(ImportField::PaidYears));
        assert_eq!(guess_field("趣味"), None);
        assert_eq!(guess_field(""), None);
    }

    #[test]
    fn remembered_headings_come_first_and_nothing_is_used_twice() {
        let remembered = vec![(heading_key("お名前（漢字）"), ImportField::FullName)];
        let mapping =
            Mapping::suggest(&headings(&["お名前（漢字）", "氏名", "フリガナ", "メール", "メール"]), &remembered);
        assert_eq!(mapping.column(ImportField::FullName), Some(0));
        assert_eq!(mapping.column(ImportField::NameReading), Some(2));
        assert_eq!(mapping.column(ImportField::Email), Some(3));
        assert!(mapping.missing().is_empty());
        assert_eq!(Mapping::suggest(&headings(&["氏名"]), &[]).missing(), vec![ImportField::NameReading]);
    }

    #[test]
    fn codes_round_trip() {
        for field in ImportField::ALL {
            assert_eq!(ImportField::parse(field.code()), Some(field));
        }
        assert_eq!(ImportField::parse("password"), None);
    }
}
