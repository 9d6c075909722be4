use sqlx::PgConnection;

pub async fn admin_exists(conn: &mut PgConnection) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM accounts WHERE is_admin)").fetch_one(conn).await
}

pub async fn insert_admin(
    conn: &mut PgConnection,
    email: &str,
    password_hash: &str,
    must_change_password: bool,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO accounts (email, password_hash, is_admin, must_change_password)
         VALUES ($1, $2, true, $3) RETURNING id",
    )
    .bind(email)
    .bind(password_hash)
    .bind(must_change_password)
    .fetch_one(conn)
    .await
}
