import { expect, test } from "@playwright/test";
import { open } from "./helpers";

// scripts/test creates the first admin with these (a fresh random password per run).
const email = process.env.E2E_ADMIN_EMAIL || "";
const password = process.env.E2E_ADMIN_PASSWORD || "";

test("the secretariat logs in, sees my page, and logs out", async ({ page }, info) => {
  expect(email && password, "E2E_ADMIN_EMAIL and E2E_ADMIN_PASSWORD are set").toBeTruthy();
  await open(page, info, "/login");
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill("not the right password");
  await page.getByRole("button", { name: "ログインする" }).click();
  await expect(page.getByRole("alert")).toHaveText("メールアドレスかパスワードが違います。");
  await expect(page).toHaveURL(/\/login/);

  await open(page, info, "/login");
  await page.getByLabel("メールアドレス").fill(email);
  await page.getByLabel("パスワード").fill(password);
  await page.getByRole("button", { name: "ログインする" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("マイページ");
  await expect(page.locator("dl.facts")).toContainText(email);
  await expect(page.locator("dl.facts")).toContainText("事務局");
  const menu = page.getByRole("navigation", { name: "メインメニュー" });
  await expect(menu.getByRole("link", { name: "マイページ" })).toBeVisible();

  await page.getByRole("button", { name: "ログアウト" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(menu.getByRole("link", { name: "ログイン" })).toBeVisible();
  const response = await open(page, info, "/account");
  expect(response?.status()).toBe(401);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ログインが必要です");
});
