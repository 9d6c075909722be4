import { expect, test } from "@playwright/test";
import { failOnConsoleErrors, logIn, open, personContext, whenHydrated } from "./helpers";

// scripts/test creates the first admin with these (a fresh random password per run).
const adminEmail = process.env.E2E_ADMIN_EMAIL || "";
const adminPassword = process.env.E2E_ADMIN_PASSWORD || "";

test("a payment typed wrong is corrected with its reason kept, and one recorded by mistake is voided", async ({ browser }, info) => {
  test.setTimeout(90_000);
  const run = `${info.project.name}-${Date.now()}`;
  const page = await (await personContext(browser, info, "ja")).newPage();
  const consoleClean = failOnConsoleErrors(page);
  await logIn(page, info, "ja", adminEmail, adminPassword);

  // A member from the paper list.
  await open(page, info, "/admin/imports");
  const csv = `氏名,フリガナ\n会費 花子 ${run},かいひ はなこ\n`;
  await page.locator("#import-file").setInputFiles({ name: "meibo.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "読み込む" }).click();
  await expect(page).toHaveURL(/\/admin\/imports\/\d+$/);
  await whenHydrated(page, info);
  await page.getByRole("button", { name: "会員を登録する (1)" }).click();
  await expect(page.getByText("登録済み").first()).toBeVisible({ timeout: 30_000 });
  await open(page, info, `/admin/members?q=${encodeURIComponent(run)}`);
  await page.getByRole("link", { name: `会費 花子 ${run}` }).click();
  const memberUrl = page.url().replace(/^https?:\/\/[^/]+/, "");

  // ¥500 typed for ¥2,000: it shows as partly paid.
  await page.locator("#f-amount_yen").fill("500");
  await page.locator("#f-method").selectOption("postal_transfer");
  await page.getByRole("button", { name: "納入を記録する" }).click();
  await expect(page).toHaveURL(/done=dues/);
  const dues = page.locator("table.dues");
  await expect(dues).toContainText("郵便振替");
  await expect(dues).toContainText("一部納入（残り");

  // The correction needs a reason; then the amount is right and the old one is kept.
  await dues.getByRole("link", { name: "訂正・取消" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("年度の会費");
  await page.locator("#f-amount_yen").fill("2000");
  await page.getByRole("button", { name: "訂正を保存する" }).click();
  await expect(page.locator(".error-summary")).toBeVisible();
  await expect(page.locator("#f-amount_yen")).toHaveValue("2000");
  await page.locator("#f-reason").fill("金額の入力まちがい");
  await page.getByRole("button", { name: "訂正を保存する" }).click();
  await expect(page).toHaveURL(/done=dues_corrected/);
  await expect(dues).toContainText("訂正あり");
  await expect(dues).not.toContainText("一部納入");
  await dues.getByRole("link", { name: "訂正・取消" }).click();
  const revisions = page.locator("ol.revisions");
  await expect(revisions).toContainText(/金額（円）: (¥500|500円) → (¥2,000|2,000円)/);
  await expect(revisions).toContainText("金額の入力まちがい");

  // Voided after a second step: the year is unpaid again.
  await page.getByRole("link", { name: "この納入記録を取り消す" }).click();
  await expect(page.getByRole("heading", { name: "この納入記録を取り消しますか？" })).toBeVisible();
  await page.locator("#f-void-reason").fill("別の会員の振込だった");
  await page.locator("#confirm").getByRole("button", { name: "この納入記録を取り消す" }).click();
  await expect(page).toHaveURL(/done=dues_voided/);
  await expect(page.getByText("年会費の納入記録はまだありません。")).toBeVisible();
  expect(memberUrl).toMatch(/\/admin\/members\/\d+$/);
  consoleClean();
});
