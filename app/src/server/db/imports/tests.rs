use super::*;
use crate::server::db::test_support::{admin, test_pool};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

async fn upload(db: &PgPool, by: crate::domain::ids::AccountId, name: &str) -> i64 {
    let columns = vec!["氏名".to_string(), "メール".to_string()];
    let upload = Upload {
        file_name: name,
        encoding: "utf8",
        content: "氏名,メール\n稲城 太郎,taro@example.jp\n",
        column_names: &columns,
        row_count: 1,
        mapping: serde_json::json!({ "氏名": "full_name" }),
    };
    let mut tx = db.begin().await.unwrap();
    let id = insert(&mut tx, by, &upload).await.unwrap();
    tx.commit().await.unwrap();
    id
}

#[sqlx::test(migrations = "../migrations")]
async fn an_upload_is_listed_and_read_back(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let admin = admin(&db).await;
    let first = upload(&db, admin, "会員名簿.csv").await;
    let second = upload(&db, admin, "追加.csv").await;
    let record = get(&db, first).await.unwrap().expect("stored");
    assert_eq!(
        (record.status(), record.file_name.as_str(), record.row_count),
        (ImportStatus::Uploaded, "会員名簿.csv", 1)
    );
    assert_eq!(record.column_names, ["氏名", "メール"]);
    assert!(!record.failed);
    let listed = list(&db).await.unwrap();
    assert_eq!(
        listed.iter().map(|s| (s.id, s.status)).collect::<Vec<_>>(),
        [(second, ImportStatus::Uploaded), (first, ImportStatus::Uploaded)]
    );
    assert_eq!(listed[0].uploaded_by, "admin@example.jp");
}

#[sqlx::test(migrations = "../migrations")]
async fn a_run_is_claimed_once_and_a_failure_hands_it_back(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let admin = admin(&db).await;
    let id = upload(&db, admin, "会員名簿.csv").await;
    assert!(claim(&db, id, true).await.unwrap());
    assert!(!claim(&db, id, true).await.unwrap(), "already running");
    assert_eq!(get(&db, id).await.unwrap().unwrap().status(), ImportStatus::Importing);
    mark_failed(&db, id).await.unwrap();
    let record = get(&db, id).await.unwrap().unwrap();
    assert_eq!((record.status(), record.failed), (ImportStatus::Uploaded, true));
    let mut tx = db.begin().await.unwrap();
    assert_eq!(lock(&mut tx, id).await.unwrap(), Some(ImportStatus::Uploaded));
    assert!(discard(&mut tx, id).await.unwrap());
    assert!(!discard(&mut tx, id).await.unwrap(), "only an uploaded file is discarded");
    assert_eq!(lock(&mut tx, id).await.unwrap(), Some(ImportStatus::Discarded));
    assert_eq!(lock(&mut tx, id + 1).await.unwrap(), None);
}

#[sqlx::test(migrations = "../migrations")]
async fn mappings_are_remembered(_: PgPoolOptions, options: PgConnectOptions) {
    let db = test_pool(options).await;
    let mut tx = db.begin().await.unwrap();
    remember(&mut tx, &[("氏名".into(), "full_name".into()), ("メール".into(), "email".into())]).await.unwrap();
    remember(&mut tx, &[("氏名".into(), "name_reading".into())]).await.unwrap();
    tx.commit().await.unwrap();
    let mut pairs = remembered(&db).await.unwrap();
    pairs.sort();
    assert_eq!(pairs, [("メール".to_string(), "email".to_string()), ("氏名".to_string(), "name_reading".to_string())]);
}
