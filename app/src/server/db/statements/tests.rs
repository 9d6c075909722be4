use super::*;
use crate::server::db::erasure;
use crate::server::db::test_support::{active_member, test_pool};
use crate::server::statement::propose;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

async fn admin(db: &PgPool) -> AccountId {
    sqlx::query_scalar("SELECT account_id FROM staff_roles WHERE role = 'admin'").fetch_one(db).await.unwrap()
}

fn line(no: i32, payer: &str, member: Option<MemberId>, candidates: Vec<MemberId>) -> NewLine {
    NewLine {
        line_no: no,
        received_on: NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
        amount_yen: 2000,
        payer: payer.into(),
        cancelled: false,
        kind: if member.is_some() { MatchKind::Sure } else { MatchKind::Several },
        candidates,
        member,
        first_year: member.map(|_| 2026),
        years: 1,
        take: member.is_some(),
    }
}

async fn stored(db: &PgPool, lines: &[NewLine]) -> i64 {
    let by = admin(db).await;
    let mut tx = db.begin().await.unwrap();
    let statement = NewStatement { file_name: "s.csv", format: StatementFormat::Csv, encoding: "utf8", other_lines: 0 };
    let id = insert(&mut tx, by, &statement, lines).await.unwrap();
    tx.commit().await.unwrap();
    id
}

#[sqlx::test(migrations = "../migrations")]
async fn a_member_is_matched_only_from_the_year_they_joined(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let (_, hanako, _) = active_member(&db, "h@example.jp", "稲城 花子", "いなぎ はなこ").await;
    let this_year = crate::domain::dues::DuesCalendar::default().this_year();
    let taught = stored(&db, &[]).await;
    let mut tx = db.begin().await.unwrap();
    remember_payer(&mut tx, "いなぎしようじ", hanako, taught).await.unwrap();
    tx.commit().await.unwrap();
    let found = propose::candidates(&db, this_year - 3, this_year + 1).await.unwrap();
    let hanako = found.iter().find(|c| c.id == hanako).unwrap();
    assert_eq!(hanako.dues.keys().copied().collect::<Vec<_>>(), vec![this_year, this_year + 1], "joined this year");
    assert!(hanako.keys.contains(&"いなぎはなこ".to_string()) && hanako.keys.contains(&"はなこいなぎ".to_string()));
    assert!(hanako.keys.contains(&"いなぎしようじ".to_string()), "a payer name confirmed before");
}

#[sqlx::test(migrations = "../migrations")]
async fn erasure_takes_the_payer_name_and_discarding_the_whole_statement(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let (_, hanako, _) = active_member(&db, "h@example.jp", "稲城 花子", "いなぎ はなこ").await;
    let (_, taro, _) = active_member(&db, "t@example.jp", "稲城 太郎", "いなぎ たろう").await;
    let id = stored(
        &db,
        &[
            line(2, "ｲﾅｷﾞ ﾊﾅｺ", Some(hanako), vec![hanako]),
            line(3, "ｲﾅｷﾞ", None, vec![hanako, taro]),
            line(4, "ﾀﾛｳ", Some(taro), vec![taro]),
        ],
    )
    .await;
    let mut tx = db.begin().await.unwrap();
    remember_payer(&mut tx, "いなぎはなこ", hanako, id).await.unwrap();
    tx.commit().await.unwrap();

    sqlx::query("UPDATE members SET status = 'withdrawn', withdrawn_at = now() WHERE id = $1")
        .bind(hanako)
        .execute(&db)
        .await
        .unwrap();
    let mut tx = db.begin().await.unwrap();
    assert!(erasure::erase_member(&mut tx, hanako).await.unwrap());
    tx.commit().await.unwrap();
    let payers: Vec<String> = lines(&db, id).await.unwrap().into_iter().map(|l| l.payer).collect();
    assert_eq!(payers, ["（消去済み）", "（消去済み）", "ﾀﾛｳ"]);
    let remembered: i64 = sqlx::query_scalar("SELECT count(*) FROM payer_names").fetch_one(&db).await.unwrap();
    assert_eq!(remembered, 0);

    let mut tx = db.begin().await.unwrap();
    assert!(discard(&mut tx, id).await.unwrap());
    tx.commit().await.unwrap();
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM bank_statement_lines").fetch_one(&db).await.unwrap();
    assert_eq!(left, 0, "the lines go with it");
}
