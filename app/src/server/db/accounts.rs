use sqlx::PgConnection;

pub async fn admin_exists(conn: &mut PgConnection) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM accounts WHERE is_admin)").fetch_one(conn).await
}

pub async fn insert_admin(conn: &mut PgConnection, email: &str, password_hash: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO accounts (email, password_hash, is_admin) VALUES ($1, $2, true) RETURNING id")
        .bind(email)
        .bind(password_hash)
        .fetch_one(conn)
        .await
}
