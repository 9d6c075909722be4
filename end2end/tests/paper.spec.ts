import { expect, test } from "@playwright/test";
import { failOnConsoleErrors, logIn, open, personContext, whenHydrated } from "./helpers";

// scripts/test creates the first admin with these (a fresh random password per run).
const adminEmail = process.env.E2E_ADMIN_EMAIL || "";
const adminPassword = process.env.E2E_ADMIN_PASSWORD || "";

test("a payment's receipt is issued, issued again, and opens as a PDF; the paper page offers labels", async ({ browser }, info) => {
  test.setTimeout(90_000);
  const run = `${info.project.name}-${Date.now()}`;
  const page = await (await personContext(browser, info, "ja")).newPage();
  const consoleClean = failOnConsoleErrors(page);
  await logIn(page, info, "ja", adminEmail, adminPassword);

  // A member from the paper list, who pays the year's dues.
  await open(page, info, "/admin/imports");
  const jiro = `jiro-${run}@example.jp`.toLowerCase();
  const csv = `氏名,フリガナ,メール\n領収 花子 ${run},りょうしゅう はなこ,\n未納 次郎 ${run},みのう じろう,${jiro}\n`;
  await page.locator("#import-file").setInputFiles({ name: "meibo.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "読み込む" }).click();
  await expect(page).toHaveURL(/\/admin\/imports\/\d+$/);
  await whenHydrated(page, info);
  await page.getByRole("button", { name: "会員を登録する (2)" }).click();
  await expect(page.getByText("登録済み").first()).toBeVisible({ timeout: 30_000 });
  await open(page, info, `/admin/members?q=${encodeURIComponent(run)}`);
  await page.getByRole("link", { name: `領収 花子 ${run}` }).click();
  await page.getByRole("button", { name: "納入を記録する" }).click();
  await expect(page).toHaveURL(/done=dues/);

  // The receipt, from the payment's page: issued, then issued again under the same number.
  await page.locator("table.dues").getByRole("link", { name: "訂正・取消" }).click();
  const receipt = page.locator("#receipt");
  await expect(receipt).toContainText("まだ発行していません");
  await whenHydrated(page, info);
  await receipt.getByRole("button", { name: "領収書を発行する" }).click();
  await expect(receipt.locator("ul.receipts")).toContainText(/No\. \d{4}-\d{4}（発行 1回）/);
  const number = ((await receipt.locator("ul.receipts li").first().textContent()) || "").match(/\d{4}-\d{4}/)?.[0];
  await receipt.getByRole("button", { name: "再発行する" }).click();
  await expect(receipt.locator("ul.receipts")).toContainText(`No. ${number}（発行 2回）`);
  const href = await receipt.getByRole("link", { name: "領収書を開く（PDF）" }).getAttribute("href");
  const pdf = await page.request.get(href || "");
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");

  // The paper page: the year's receipts and the labels.
  await open(page, info, "/admin/paper");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("印刷物");
  // The receipt was printed above: the year's "all" print would mark it as a copy.
  await expect(page.getByRole("link", { name: "発行済みの領収書をすべて開く（PDF）" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "宛名ラベル", exact: true })).toBeVisible();

  // The notice by email, after a second step; 次郎 (who has not paid) gets it once. The other
  // project's run (JavaScript on or off) may have mailed everyone already.
  const sendNotice = page.getByRole("link", { name: /^お知らせをメールで送る（\d+人）$/ });
  if (await sendNotice.count()) {
    await sendNotice.click();
    await expect(page.getByRole("heading", { name: /人にメールを送りますか？/ })).toBeVisible();
    await page.locator("#confirm").getByRole("button", { name: "送る" }).click();
    await expect(page.getByRole("status")).toContainText("人分のメールを送信待ちの一覧に入れました");
  }
  await open(page, info, "/admin/outbox");
  await expect(page.locator("article.mail").filter({ hasText: jiro })).toHaveCount(1);
  await expect(page.locator("article.mail").filter({ hasText: jiro })).toContainText("会費納入のお願い");
  consoleClean();
});
