import { expect, test } from "@playwright/test";
import { failOnConsoleErrors, logIn, open, personContext, whenHydrated } from "./helpers";

// scripts/test creates the first admin with these (a fresh random password per run).
const adminEmail = process.env.E2E_ADMIN_EMAIL || "";
const adminPassword = process.env.E2E_ADMIN_PASSWORD || "";

test("last year's unpaid member lapses from the year's close, with the reason kept", async ({ browser }, info) => {
  test.setTimeout(90_000);
  const run = `${info.project.name}-${Date.now()}`;
  const name = `未納 一郎 ${run}`;
  const page = await (await personContext(browser, info, "ja")).newPage();
  const consoleClean = failOnConsoleErrors(page);
  await logIn(page, info, "ja", adminEmail, adminPassword);

  // A member since 2020 from the paper list, who has paid nothing.
  await open(page, info, "/admin/imports");
  const csv = `氏名,フリガナ,入会日\n${name},みのう いちろう,2020-04-01\n`;
  await page.locator("#import-file").setInputFiles({ name: "meibo.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "読み込む" }).click();
  await expect(page).toHaveURL(/\/admin\/imports\/\d+$/);
  await whenHydrated(page, info);
  await page.getByRole("button", { name: "会員を登録する (1)" }).click();
  await expect(page.getByText("登録済み").first()).toBeVisible({ timeout: 30_000 });

  // Last fiscal year's close: the report, and the unpaid list with this member.
  await open(page, info, "/admin/year-end");
  const thisYear = Number(await page.locator("#year-end-year").inputValue());
  await open(page, info, `/admin/year-end?year=${thisYear - 1}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`${thisYear - 1}年度の締め`);
  await expect(page.getByRole("heading", { name: "会計報告（年会費）" })).toBeVisible();
  await expect(page.getByRole("link", { name: "会計報告を書き出す（CSV）" })).toBeVisible();
  const listed = page.locator("table.unpaid").getByRole("link", { name });
  // The other project's run (JavaScript on or off) may have lapsed everyone listed already.
  if (await listed.count()) {
    await page.getByRole("link", { name: /人を失効にする$/ }).click();
    await expect(page.getByRole("heading", { name: /人の会員を「失効」にしますか？/ })).toBeVisible();
    await expect(page.locator("#f-reason")).toHaveValue(/会費が未納のため/);
    await page.locator("#f-reason").fill(`${thisYear - 1}年度の会費が未納のため（会則第8条）`);
    await page.locator("#confirm").getByRole("button", { name: "失効にする" }).click();
    await expect(page.getByRole("status")).toContainText("人を失効にしました。");
  }
  await open(page, info, `/admin/members?q=${encodeURIComponent(run)}&status=lapsed`);
  await page.getByRole("link", { name }).click();
  await expect(page.locator("main")).toContainText("会費が未納のため");
  consoleClean();
});
