use super::*;
use crate::domain::membership_class::Holder;
use crate::server::db::test_support::test_pool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

#[sqlx::test(migrations = "../migrations")]
async fn the_articles_scheme_is_seeded_in_the_secretariats_order(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let types = list(&db).await.unwrap();
    let seen: Vec<_> =
        types.iter().map(|t| (t.code.as_str(), t.name.ja.as_str(), t.fee_per_unit_yen, t.votes, t.offered)).collect();
    assert_eq!(
        seen,
        [
            ("individual", "正会員（個人）", 2000, true, true),
            ("family", "正会員（家族）", 3000, true, true),
            ("full_organisation", "正会員（団体）", 10000, true, true),
            ("supporting_individual", "賛助会員（個人）", 1000, false, true),
            ("supporting", "賛助会員（団体）", 5000, false, true),
            ("student", "学生会員", 500, true, false),
        ],
        "article 6's fees per unit; the made-up student type kept for its members, no longer offered"
    );
    let family = types.iter().find(|t| t.code == "family").unwrap();
    assert_eq!(family.holder(), Holder::Household);
    assert_eq!(by_id(&db, family.id).await.unwrap(), *family);
    assert!(by_id(&db, -1).await.is_err(), "an unknown id is an error");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_new_price_applies_from_its_year_and_old_years_keep_theirs(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let admin = crate::server::db::test_support::admin(&db).await;
    let individual = list(&db).await.unwrap().into_iter().find(|t| t.code == "individual").unwrap();
    let this_year: i32 = sqlx::query_scalar("SELECT fiscal_year_of(japan_today())").fetch_one(&db).await.unwrap();
    let mut tx = db.begin().await.unwrap();
    assert!(set_fee(&mut tx, individual.id, this_year + 1, 2500, admin).await.unwrap());
    assert!(!set_fee(&mut tx, -1, this_year, 1, admin).await.unwrap());
    tx.commit().await.unwrap();
    let fee_in = |year: i32| {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, i32>("SELECT membership_fee($1, $2)")
                .bind(individual.id)
                .bind(year)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    assert_eq!(fee_in(this_year).await, 2000, "this year keeps its price");
    assert_eq!(fee_in(this_year + 1).await, 2500);
    assert_eq!(fee_in(this_year + 3).await, 2500);
    assert_eq!(by_id(&db, individual.id).await.unwrap().fee_per_unit_yen, 2000);
    let history: Vec<_> = fees(&db).await.unwrap().into_iter().filter(|f| f.type_id == individual.id).collect();
    assert_eq!(history.len(), 2);
}

#[sqlx::test(migrations = "../migrations")]
async fn classes_are_created_renamed_and_retired(_: PgPoolOptions, options: PgConnectOptions) {
    use crate::domain::membership_class::ClassDraft;
    let db = test_pool(options).await;
    let draft = ClassDraft {
        name: Localized::new("名誉会員", "Honorary member"),
        category: MemberCategory::Full,
        holder: Holder::Individual,
        votes: true,
        offered: true,
    };
    let mut tx = db.begin().await.unwrap();
    let id = create(&mut tx, "honorary_member", &draft).await.unwrap();
    assert!(update(&mut tx, id, &ClassDraft { offered: false, votes: false, ..draft.clone() }).await.unwrap());
    assert!(!update(&mut tx, -1, &draft).await.unwrap());
    tx.commit().await.unwrap();
    let made = by_id(&db, id).await.unwrap();
    assert_eq!(
        (made.code.as_str(), made.offered, made.votes, made.fee_per_unit_yen),
        ("honorary_member", false, false, 0)
    );
    assert_eq!(list(&db).await.unwrap().last().unwrap().id, id, "last in the order");
}
