//! Membership work shared by several server functions: assembling what a page shows about one
//! member, and checking a profile form against the stored choices.

use crate::domain::association_profile::AssociationProfile;
use crate::domain::dates::today_in_japan;
use crate::domain::member::{MemberStatus, Profile, ProfileForm, TypeShape};
use crate::domain::membership::{MembershipType, MyMembership, PrivacyNotice};
use crate::error::{AppError, FieldErrors, FieldProblem};
use crate::server::db::members::{self, MemberRecord};
use crate::server::db::{committees, dues, membership_types};
use sqlx::PgPool;

/// Validates a profile form for a membership type, including that every committee exists.
pub async fn validate_profile(db: &PgPool, form: &ProfileForm, kind: &MembershipType) -> Result<Profile, AppError> {
    let shape = TypeShape { has_household: kind.has_household, is_organisation: kind.is_organisation };
    let known = committees::choices(db).await?;
    let mut unknown = FieldErrors::default();
    if form.committees.iter().any(|slug| !known.iter().any(|c| c.slug == slug.trim())) {
        unknown.add("committees", FieldProblem::NotAllowed);
    }
    match (form.validate(shape, today_in_japan()), unknown.0.is_empty()) {
        (Ok(profile), true) => Ok(profile),
        (Ok(_), false) => Err(AppError::Invalid(unknown)),
        (Err(mut errors), _) => {
            errors.0.extend(unknown.0);
            Err(AppError::Invalid(errors))
        }
    }
}

/// Everything the member's own page (and the secretariat's detail page) shows.
pub async fn assemble(
    db: &PgPool,
    record: &MemberRecord,
    association: &AssociationProfile,
) -> Result<MyMembership, AppError> {
    let calendar = association.calendar;
    let today = today_in_japan();
    let current_fiscal_year = calendar.year_of(today);
    let dues = dues::of_member(db, record.id).await?;
    let status = record.status();
    let paid = dues.iter().any(|d| d.payment.fiscal_year == current_fiscal_year);
    let chairs = match record.account_id {
        Some(account) => committees::chaired_by(db, account).await?,
        None => Vec::new(),
    };
    Ok(MyMembership {
        member_id: record.id,
        status,
        member_number: record.member_number,
        membership_type: membership_types::by_id(db, record.membership_type_id).await?,
        units: record.units.into(),
        email: record.email.clone(),
        profile: members::profile(db, record).await?,
        committees: committees::of_member(db, record.id).await?,
        applied_at: record.applied_at,
        rejection_reason: record.rejection_reason.clone(),
        current_fiscal_year,
        dues_standing: (status == MemberStatus::Active).then(|| calendar.standing(paid, today)),
        dues,
        chairs,
        privacy_to_agree: (matches!(status, MemberStatus::Active | MemberStatus::Pending)
            && record.privacy_notice_version != association.privacy_version)
            .then(|| PrivacyNotice {
                version: association.privacy_version.clone(),
                text: association.privacy_notice.clone(),
            }),
    })
}

/// The member as a sign-up sees them: name and reading as registered, birth date, and their
/// household by id (the people they may bring without typing them again).
pub async fn holder_record(
    db: &PgPool,
    record: &MemberRecord,
) -> Result<crate::domain::signup::HolderRecord, AppError> {
    Ok(crate::domain::signup::HolderRecord {
        full_name: record.full_name.clone(),
        name_reading: record.name_reading.clone(),
        birth_date: record.birth_date,
        household: members::household_with_ids(db, record.id).await?,
    })
}
