import { expect, test } from "@playwright/test";
import { failOnConsoleErrors, logIn, open, personContext, whenHydrated } from "./helpers";

// scripts/test creates the first admin with these (a fresh random password per run).
const adminEmail = process.env.E2E_ADMIN_EMAIL || "";
const adminPassword = process.env.E2E_ADMIN_PASSWORD || "";

test("a donation from outside the association is recorded, receipted and voided", async ({ browser }, info) => {
  test.setTimeout(60_000);
  const donor = `フォスターシティ協会 ${info.project.name} ${Date.now()}`;
  const page = await (await personContext(browser, info, "ja")).newPage();
  const consoleClean = failOnConsoleErrors(page);
  await logIn(page, info, "ja", adminEmail, adminPassword);
  await open(page, info, "/admin/donations");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("寄付金");
  await whenHydrated(page, info);

  // Refused first: nobody named. The summary names the field.
  await page.getByLabel("金額").fill("20000");
  await page.getByRole("button", { name: "寄付を記録する" }).click();
  await expect(page.locator(".error-summary")).toContainText("お名前（団体名）");
  await page.getByLabel("お名前（団体名）").fill(donor);
  await page.getByLabel("金額").fill("20,000");
  await page.getByLabel("使いみちの指定").fill("青少年交流");
  await page.getByRole("button", { name: "寄付を記録する" }).click();
  await expect(page.getByRole("status")).toHaveText("寄付を記録しました。");

  const item = page.locator(".statement-line", { hasText: donor });
  await expect(item).toContainText("20,000円");
  await expect(item).toContainText("使いみち：青少年交流");
  await whenHydrated(page, info);
  await item.getByRole("button", { name: "領収書を発行する" }).click();
  await expect(page.locator(".statement-line", { hasText: donor })).toContainText(/No\. \d{4}-\d{4}（発行 1回）/);
  const href = await page.locator(".statement-line", { hasText: donor }).getByRole("link", { name: "領収書を開く（PDF）" }).getAttribute("href");
  const pdf = await page.request.get(href || "");
  expect(pdf.status()).toBe(200);
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");

  // Voided with a reason: kept on the list, marked.
  const again = page.locator(".statement-line", { hasText: donor });
  await again.locator("summary", { hasText: "この寄付を取り消す" }).click();
  await again.getByLabel("取り消す理由").fill("二重に記録");
  await again.getByRole("button", { name: "この寄付を取り消す" }).click();
  await expect(page.locator(".statement-line", { hasText: donor })).toContainText("取消：二重に記録");
  consoleClean();
});
