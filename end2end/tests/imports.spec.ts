import { expect, test } from "@playwright/test";
import { clientAddress, failOnConsoleErrors, jsEnabled, open, whenHydrated } from "./helpers";

const adminEmail = process.env.E2E_ADMIN_EMAIL || "";
const adminPassword = process.env.E2E_ADMIN_PASSWORD || "";

test("the secretariat imports the old member list: a wrong file adds no one, a corrected one adds all", async ({ browser }, info) => {
  const ctx = await browser.newContext({
    baseURL: info.project.use.baseURL,
    javaScriptEnabled: jsEnabled(info),
    extraHTTPHeaders: { "x-forwarded-for": clientAddress() },
  });
  const page = await ctx.newPage();
  const noConsoleErrors = failOnConsoleErrors(page);
  await open(page, info, "/login");
  await page.locator("#login-email").fill(adminEmail);
  await page.locator("#login-password").fill(adminPassword);
  await page.getByRole("button", { name: "ログインする" }).click();
  await expect(page).toHaveURL(/\/account$/);

  // Both projects share one database: each run imports its own people.
  const run = `${info.project.name}-${Date.now()}`;
  const rows = (reading: string) =>
    "氏名,フリガナ,メールアドレス,生年月日\n" +
    `取込 花子 ${run},${reading},hanako-${run}@example.jp,昭和30年4月1日\n` +
    `取込 次郎 ${run},とりこみ じろう,,1960/5/5\n`;
  const upload = async (text: string) => {
    await open(page, info, "/admin/imports");
    await page.locator("#import-file").setInputFiles({ name: "meibo.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
    await page.getByRole("button", { name: "読み込む" }).click();
    await expect(page).toHaveURL(/\/admin\/imports\/\d+$/);
    await whenHydrated(page, info);
  };

  await upload(rows("Torikomi Hanako"));
  await expect(page.getByRole("heading", { name: /誤りのある行/ })).toBeVisible();
  const errorRow = page.locator("table.import-errors tbody tr").first();
  await expect(errorRow).toContainText("2");
  await expect(errorRow).toContainText("ひらがな か カタカナ で入力してください。");
  await expect(page.getByRole("button", { name: /会員を登録する/ })).toHaveCount(0);
  await page.getByRole("button", { name: "このファイルを破棄する" }).click();
  await expect(page).toHaveURL(/\/admin\/imports\?discarded=1$/);

  await upload(rows("とりこみ はなこ"));
  await expect(page.locator("table.import-preview tbody tr")).toHaveCount(2);
  await page.getByLabel("メールアドレスのある会員に、パスワード設定の案内メールを送る").check();
  await page.getByRole("button", { name: "会員を登録する (2)" }).click();
  await expect(page.getByText("登録済み").first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator("dl.facts dd").first()).toHaveText("2");

  await open(page, info, `/admin/members?q=${encodeURIComponent("とりこみ")}`);
  await expect(page.getByRole("link", { name: `取込 花子 ${run}` })).toBeVisible();
  await open(page, info, "/admin/outbox");
  await expect(page.getByText(`hanako-${run}@example.jp`).first()).toBeVisible();
  noConsoleErrors();
});
