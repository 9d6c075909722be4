use super::*;
use crate::domain::newsletter::Archive;
use crate::server::db::test_support::{admin, test_pool};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

fn message(audience: Audience, archive: Archive, subject: &str) -> NewNewsletter {
    NewNewsletter {
        audience,
        letter: Letter { subject_ja: subject.into(), body_ja: "本文".into(), ..Letter::default() },
        archive,
    }
}

#[sqlx::test(migrations = "../migrations")]
async fn the_archive_shows_sent_messages_to_whom_they_are_for_and_chairs_see_their_committees(
    _: PgPoolOptions,
    options: PgConnectOptions,
) {
    let db = test_pool(options).await;
    let by = admin(&db).await;
    let committee = crate::server::db::committees::id_by_slug(&db, "regional").await.unwrap().unwrap();
    let mut tx = db.begin().await.unwrap();
    let public = insert(&mut tx, &message(Audience::Members, Archive::Public, "公開"), None, by).await.unwrap();
    let members = insert(&mut tx, &message(Audience::Members, Archive::Members, "会員向け"), None, by).await.unwrap();
    let hidden = insert(&mut tx, &message(Audience::Members, Archive::Hidden, "載せない"), None, by).await.unwrap();
    let draft =
        insert(&mut tx, &message(Audience::Committee(committee), Archive::Public, "下書き"), Some(committee), by)
            .await
            .unwrap();
    for id in [public, members, hidden] {
        set_status(&mut tx, id, Status::Sent, Some(by)).await.unwrap();
    }
    tx.commit().await.unwrap();

    let ids = |letters: Vec<ArchivedLetter>| letters.into_iter().map(|l| l.id).collect::<Vec<_>>();
    assert_eq!(ids(archive(&db, false).await.unwrap()), [public]);
    let mut for_members = ids(archive(&db, true).await.unwrap());
    for_members.sort();
    assert_eq!(for_members, [public, members]);
    assert!(archived_one(&db, false, members).await.unwrap().is_none(), "members only");
    assert!(archived_one(&db, true, draft).await.unwrap().is_none(), "a draft is not on the archive");
    assert!(archived_one(&db, true, members).await.unwrap().unwrap().members_only);

    let chairs: Vec<NewsletterId> = list(&db, Some(&[committee])).await.unwrap().into_iter().map(|r| r.id).collect();
    assert_eq!(chairs, [draft], "a chair's list holds their committee's messages only");
    assert_eq!(list(&db, None).await.unwrap().len(), 4);
    let mut tx = db.begin().await.unwrap();
    assert!(!delete_draft(&mut tx, public).await.unwrap(), "a sent message stays");
    assert!(delete_draft(&mut tx, draft).await.unwrap());
    tx.commit().await.unwrap();
}
