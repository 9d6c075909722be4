import { expect, test } from "@playwright/test";
import { failOnConsoleErrors, logIn, open, personContext, whenHydrated } from "./helpers";

// scripts/test creates the first admin with these (a fresh random password per run).
const adminEmail = process.env.E2E_ADMIN_EMAIL || "";
const adminPassword = process.env.E2E_ADMIN_PASSWORD || "";

// A name of its own for each run, in kana (readings are kana only), and as the bank writes it.
const KANA = "あかさたなはまやらわ";
const BANK = "ｱｶｻﾀﾅﾊﾏﾔﾗﾜ";

test("a bank statement is read, a line corrected, recorded as dues after a second step, and undone", async ({ browser }, info) => {
  test.setTimeout(90_000);
  const digits = `${info.project.name === "js-on" ? 1 : 2}${Date.now() % 1_000_000}`;
  const suffix = [...digits].map((d) => KANA[Number(d)]).join("");
  const bankSuffix = [...digits].map((d) => BANK[Number(d)]).join("");
  const page = await (await personContext(browser, info, "ja")).newPage();
  const consoleClean = failOnConsoleErrors(page);
  await logIn(page, info, "ja", adminEmail, adminPassword);

  // A member from the paper list (an individual full member: 2,000円 a year).
  await open(page, info, "/admin/imports");
  const csv = `氏名,フリガナ\n明細 花子${suffix},めいさい はなこ${suffix}\n`;
  await page.locator("#import-file").setInputFiles({ name: "meibo.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "読み込む" }).click();
  await expect(page).toHaveURL(/\/admin\/imports\/\d+$/);
  await whenHydrated(page, info);
  await page.getByRole("button", { name: "会員を登録する (1)" }).click();
  await expect(page.getByText("登録済み").first()).toBeVisible({ timeout: 30_000 });

  // The bank's CSV: her transfer, a second one of hers for part of next year, and the bank's fee.
  const now = new Date(Date.now() + 9 * 3600 * 1000).toISOString().slice(0, 10).replaceAll("-", "/");
  const payer = `ﾌﾘｺﾐ ﾒｲｻｲ ﾊﾅｺ${bankSuffix}`;
  const statement = `日付,摘要,お支払金額,お預り金額,残高\n${now},${payer},,2000,102000\n${now},ﾃｽｳﾘﾖｳ,330,,101670\n${now},${payer},,1500,103170\n`;
  await open(page, info, "/admin/statements");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("入金明細の取り込み");
  await page.locator("#statement-file").setInputFiles({ name: "nyukin.csv", mimeType: "text/csv", buffer: Buffer.from(statement) });
  await page.getByRole("button", { name: "読み込んで照合する" }).click();
  await expect(page).toHaveURL(/\/admin\/statements\/\d+$/);
  await expect(page.getByText("入金2件（出金などの1行は読み飛ばしました）")).toBeVisible();
  const take = page.locator("section", { has: page.getByRole("heading", { name: /^取り込む入金/ }) });
  await expect(take.locator(".statement-line")).toHaveCount(1);
  await expect(take).toContainText("名前と金額が一致");
  const look = page.locator("section", { has: page.getByRole("heading", { name: /^確認が必要なもの/ }) });
  const partLine = look.locator(".statement-line").first();
  await expect(partLine).toContainText("要確認");
  await expect(partLine).toContainText("1,500円");

  // A wrong member number is refused beside the line, in plain words; nothing changes.
  await whenHydrated(page, info);
  const number = await partLine.getByLabel("会員番号").inputValue();
  await partLine.getByLabel("会員番号").fill("9999999");
  await partLine.getByRole("button", { name: "この会員の会費として取り込む" }).click();
  await expect(page.locator(".statement-line .field-error").first()).toHaveText("この番号の会員（在籍中）はいません。番号を確かめてください。");
  // Confirmed as proposed: the part payment for next year.
  const again = page.locator("section", { has: page.getByRole("heading", { name: /^確認が必要なもの/ }) }).locator(".statement-line").first();
  await again.getByLabel("会員番号").fill(number);
  await again.getByRole("button", { name: "この会員の会費として取り込む" }).click();
  await expect(page.getByRole("status")).toHaveText("この行を更新しました。");
  await expect(take.locator(".statement-line")).toHaveCount(2);

  // Recorded after a second step, then undone after another.
  await whenHydrated(page, info);
  await page.getByRole("link", { name: "2件を会費として記録する" }).click();
  await expect(page.getByRole("heading", { name: "2件（合計 3,500円）を会費として記録しますか？" })).toBeVisible();
  await page.locator("#confirm").getByRole("button", { name: "2件を会費として記録する" }).click();
  await expect(page.getByRole("status")).toHaveText("2件の会費を記録しました。");
  await expect(page.getByText("2件の会費として記録済み").or(page.getByText("1件の会費として記録済み")).first()).toBeVisible();
  await whenHydrated(page, info);
  await page.getByRole("link", { name: "取り込みを取り消す" }).click();
  await expect(page.getByRole("heading", { name: "この明細で記録した会費をすべて取り消しますか？" })).toBeVisible();
  await page.locator("#confirm").getByRole("button", { name: "取り込みを取り消す" }).click();
  await expect(page.getByRole("status")).toHaveText("取り込みを取り消しました（2件の入金を取消にしました）。");
  await expect(page.getByRole("link", { name: "2件を会費として記録する" })).toBeVisible();
  consoleClean();
});
