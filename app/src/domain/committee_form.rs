//! The committee form of the secretariat's register, as posted, and its checks.

use super::committee::Committee;
use super::localized::Localized;
use super::slug::Slug;
use super::text;
use crate::error::{FieldErrors, FieldProblem};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CommitteeForm {
    pub slug: String,
    pub name_ja: String,
    pub name_en: String,
    pub summary_ja: String,
    pub summary_en: String,
    pub description_ja: String,
    pub description_en: String,
    /// A checkbox: present when the committee is retired.
    pub retired: Option<String>,
}

impl CommitteeForm {
    pub fn from_committee(committee: &Committee, retired: bool) -> CommitteeForm {
        CommitteeForm {
            slug: committee.slug.clone(),
            name_ja: committee.name.ja.clone(),
            name_en: committee.name.en.clone(),
            summary_ja: committee.summary.ja.clone(),
            summary_en: committee.summary.en.clone(),
            description_ja: committee.description.ja.clone(),
            description_en: committee.description.en.clone(),
            retired: retired.then(|| "yes".to_string()),
        }
    }

    /// The committee as it will be stored, and whether it is retired.
    pub fn validate(&self) -> Result<(Committee, bool), FieldErrors> {
        let mut e = FieldErrors::default();
        let slug = Slug::parse(self.slug.trim()).map(|s| s.as_str().to_string());
        if slug.is_none() {
            e.add(
                "slug",
                if self.slug.trim().is_empty() { FieldProblem::Required } else { FieldProblem::InvalidFormat },
            );
        }
        let name_ja = text::required(&self.name_ja, 80).map_err(|p| e.add("name_ja", p)).ok();
        let name_en = text::required(&self.name_en, 120).map_err(|p| e.add("name_en", p)).ok();
        let summary_ja = text::optional(&self.summary_ja, 300).map_err(|p| e.add("summary_ja", p)).ok();
        let summary_en = text::optional(&self.summary_en, 300).map_err(|p| e.add("summary_en", p)).ok();
        let description_ja = text::multiline(&self.description_ja, 5000).map_err(|p| e.add("description_ja", p)).ok();
        let description_en = text::multiline(&self.description_en, 5000).map_err(|p| e.add("description_en", p)).ok();
        if !e.0.is_empty() {
            return Err(e);
        }
        match (slug, name_ja, name_en, summary_ja, summary_en, description_ja, description_en) {
            (Some(slug), Some(name_ja), Some(name_en), Some(sja), Some(sen), Some(dja), Some(den)) => Ok((
                Committee {
                    slug,
                    name: Localized::new(name_ja, name_en),
                    summary: Localized::new(sja, sen),
                    description: Localized::new(dja, den),
                },
                self.retired.is_some(),
            )),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_committee_needs_a_slug_and_both_names() {
        let errors = CommitteeForm { slug: "Foster City!".into(), ..Default::default() }.validate().unwrap_err();
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["slug", "name_ja", "name_en"]);
        let form = CommitteeForm {
            slug: "overseas".into(),
            name_ja: "海外交流委員会".into(),
            name_en: "Overseas Exchange Committee".into(),
            retired: Some("yes".into()),
            ..Default::default()
        };
        let (committee, retired) = form.validate().unwrap();
        assert_eq!((committee.name.ja.as_str(), retired), ("海外交流委員会", true));
    }
}
