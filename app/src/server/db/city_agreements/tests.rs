use super::*;
use crate::server::db::test_support::{admin, test_pool};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test(migrations = "../migrations")]
async fn the_register_starts_with_the_facts_of_the_domain_notes(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let foster = of_city(&db, "foster-city").await.unwrap();
    assert_eq!(foster.len(), 1);
    assert_eq!((foster[0].kind, foster[0].status), (AgreementKind::Sister, CityStatus::Concluded));
    assert_eq!(foster[0].concluded_on.unwrap().date, NaiveDate::from_ymd_opt(2021, 7, 27).unwrap());
    let ozora = of_city(&db, "ozora").await.unwrap();
    let kinds: Vec<_> = ozora.iter().map(|a| (a.kind, a.counterpart.ja.as_str())).collect();
    assert_eq!(kinds, [(AgreementKind::Sister, "女満別町"), (AgreementKind::DisasterAid, "女満別町")]);
    let soma = of_city(&db, "soma").await.unwrap();
    assert_eq!(soma.first().map(|a| a.kind), Some(AgreementKind::DisasterAid), "2011, before the 2015 tie");
    assert_eq!(history_of_city(&db, "soma").await.unwrap().len(), 2, "each begins its history");
}

#[sqlx::test(migrations = "../migrations")]
async fn an_agreement_only_moves_forward_and_keeps_its_history(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let by = admin(&db).await;
    let city: i64 =
        sqlx::query_scalar("SELECT id FROM partner_cities WHERE slug = 'nozawaonsen'").fetch_one(&db).await.unwrap();
    let draft = AgreementDraft {
        kind: AgreementKind::DisasterAid,
        status: CityStatus::InPreparation,
        counterpart: Localized::default(),
        concluded_on: None,
        note: Localized::new("協議中", "Under discussion"),
    };
    let day = |s: &str| PartialDate { date: s.parse().unwrap(), precision: DatePrecision::Day };
    let mut tx = db.begin().await.unwrap();
    let id = add(&mut tx, city, &draft, Some(by)).await.unwrap();
    assert_eq!(
        move_to(&mut tx, "soma", id, CityStatus::Concluded, day("2024-04-01"), by).await.unwrap(),
        Moved::Unknown
    );
    assert_eq!(
        move_to(&mut tx, "nozawaonsen", id, CityStatus::Concluded, day("2024-04-01"), by).await.unwrap(),
        Moved::Done
    );
    assert_eq!(
        move_to(&mut tx, "nozawaonsen", id, CityStatus::Concluded, day("2024-05-01"), by).await.unwrap(),
        Moved::NotAllowed
    );
    assert_eq!(
        move_to(&mut tx, "nozawaonsen", id, CityStatus::Ended, day("2025-03-31"), by).await.unwrap(),
        Moved::Done
    );
    tx.commit().await.unwrap();
    let ended = of_city(&db, "nozawaonsen").await.unwrap().into_iter().find(|a| a.id == id).unwrap();
    assert_eq!((ended.status, ended.ended_on.map(|d| d.to_string())), (CityStatus::Ended, Some("2025-03-31".into())));
    assert_eq!(ended.concluded_on.unwrap().date.to_string(), "2024-04-01", "the conclusion stays");
    let steps: Vec<_> =
        history_of_city(&db, "nozawaonsen").await.unwrap().into_iter().filter(|s| s.agreement_id == id).collect();
    assert_eq!(
        steps.iter().map(|s| s.status).collect::<Vec<_>>(),
        [CityStatus::InPreparation, CityStatus::Concluded, CityStatus::Ended]
    );
    assert!(steps.iter().all(|s| s.recorded_by.is_some()), "each names who recorded it");

    // The city's tie: a step back through the city form is refused.
    let mut tx = db.begin().await.unwrap();
    let back = set_tie(&mut tx, city, CityKind::Friendship, CityStatus::InPreparation, None, by).await.unwrap();
    assert!(!back, "a concluded tie does not go back into preparation");
}
