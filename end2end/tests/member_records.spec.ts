import { Browser, expect, test, TestInfo } from "@playwright/test";
import { clientAddress, failOnConsoleErrors, jsEnabled, logIn, open, whenHydrated } from "./helpers";

// scripts/test creates the first admin with these (a fresh random password per run).
const adminEmail = process.env.E2E_ADMIN_EMAIL || "";
const adminPassword = process.env.E2E_ADMIN_PASSWORD || "";

async function newPage(browser: Browser, info: TestInfo) {
  const ctx = await browser.newContext({
    baseURL: info.project.use.baseURL,
    javaScriptEnabled: jsEnabled(info),
    extraHTTPHeaders: { "x-forwarded-for": clientAddress() },
  });
  return ctx.newPage();
}

test("a records clerk keeps a paper member's record: details, a type from next year, a withdrawal, the history", async ({ browser }, info) => {
  test.setTimeout(90_000);
  const run = `${info.project.name}-${Date.now()}`;
  const clerkEmail = `meibo-${run}@example.jp`;

  // The admin adds the records clerk with a first-time password.
  const admin = await newPage(browser, info);
  await logIn(admin, info, "ja", adminEmail, adminPassword);
  await open(admin, info, "/admin/staff");
  await admin.locator("#f-name").fill("名簿 一郎");
  await admin.locator("#f-email").fill(clerkEmail);
  await admin.locator("#f-role").selectOption("clerk");
  await admin.getByLabel("初回用パスワードを作って手渡す（最初のログインで変更）").check();
  await admin.locator("form").filter({ has: admin.locator("#f-name") }).getByRole("button", { name: "加える", exact: true }).click();
  const firstPassword = (await admin.locator(".one-time-password code").textContent()) || "";

  const clerk = await newPage(browser, info);
  const consoleClean = failOnConsoleErrors(clerk);
  await logIn(clerk, info, "ja", clerkEmail, firstPassword);
  await clerk.locator("#f-current_password").fill(firstPassword);
  await clerk.locator("#f-new_password").fill("the clerk's own phrase");
  await clerk.getByRole("button", { name: "パスワードを変更する" }).click();
  await logIn(clerk, info, "ja", clerkEmail, "the clerk's own phrase");

  // A member from the paper list: no email, so no login; the remark and committee come too.
  await open(clerk, info, "/admin/imports");
  const csv = `氏名,フリガナ,生年月日,備考,委員会\n紙 太郎 ${run},かみ たろう,1950/1/1,足が悪いので電話で,国際\n`;
  await clerk.locator("#import-file").setInputFiles({ name: "meibo.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await clerk.getByRole("button", { name: "読み込む" }).click();
  await expect(clerk).toHaveURL(/\/admin\/imports\/\d+$/);
  await whenHydrated(clerk, info);
  await clerk.getByRole("button", { name: "会員を登録する (1)" }).click();
  await expect(clerk.getByText("登録済み").first()).toBeVisible({ timeout: 30_000 });
  await open(clerk, info, `/admin/members?q=${encodeURIComponent(run)}`);
  await clerk.getByRole("link", { name: `紙 太郎 ${run}` }).click();
  await expect(clerk.getByRole("heading", { level: 1 })).toHaveText(`紙 太郎 ${run}`);
  await expect(clerk.locator("section").filter({ hasText: "事務局メモ" })).toContainText("足が悪いので電話で");
  const memberUrl = clerk.url();

  // The details, with a refusal first: mail chosen, but there is no address.
  await clerk.getByRole("link", { name: "会員情報を直す" }).click();
  await clerk.locator("#f-phone").fill("042-378-2111");
  await clerk.locator("#f-postal_code").fill("206-8601");
  await clerk.locator("#f-city").fill("稲城市");
  await clerk.locator("#f-street").fill("東長沼2111");
  await clerk.getByLabel("メール", { exact: true }).check();
  await clerk.getByRole("button", { name: "保存する" }).click();
  await expect(clerk.locator(".error-summary")).toBeVisible();
  await clerk.locator("#f-phone").fill("042-378-2111");
  await clerk.locator("#f-postal_code").fill("206-8601");
  await clerk.locator("#f-city").fill("稲城市");
  await clerk.locator("#f-street").fill("東長沼2111");
  await clerk.getByLabel("郵送", { exact: true }).check();
  await clerk.locator("#f-office-notes").fill("会報は郵送");
  // Two units, and vice-chair of the committee the old list put them in.
  await clerk.locator("#f-office-units").fill("2");
  await clerk.locator("#f-office-posts-international").selectOption("vice_chair");
  await clerk.getByRole("button", { name: "保存する" }).click();
  await expect(clerk).toHaveURL(/\/admin\/members\/\d+\?done=saved$/);
  await expect(clerk.locator("section").filter({ hasText: "事務局メモ" })).toContainText("会報は郵送");
  await open(clerk, info, "/committees/international");
  await expect(clerk.locator("main")).toContainText(`紙 太郎 ${run}`);
  await open(clerk, info, memberUrl.replace(/^https?:\/\/[^/]+/, ""));

  // Student from next fiscal year.
  await clerk.locator("#f-type_code").selectOption("student");
  await clerk.getByRole("button", { name: "種別を変える" }).click();
  await expect(clerk).toHaveURL(/done=type_changed/);
  await expect(clerk.getByText(/年度から「学生会員」に変わります。/)).toBeVisible();

  // A letter of withdrawal, after a second step.
  await clerk.getByRole("link", { name: "記録する" }).click();
  await expect(clerk.getByRole("heading", { name: /会員資格の終わりを記録しますか/ })).toBeVisible();
  await clerk.locator("#f-change").selectOption("withdrawn");
  await clerk.locator("#f-reason").fill("退会届（郵送）");
  await clerk.locator("#confirm").getByRole("button", { name: "記録する" }).click();
  await expect(clerk).toHaveURL(/done=ended/);
  const history = clerk.locator("table.history");
  await expect(history).toContainText("入会");
  await expect(history).toContainText("会員種別の変更");
  await expect(history).toContainText("退会");
  await expect(history).toContainText("退会届（郵送）");
  await expect(history).toContainText("名簿 一郎");

  // The admin sees who did it.
  await open(admin, info, "/admin/audit?action=member.end");
  await expect(admin.locator("table")).toContainText(`名簿 一郎 <${clerkEmail}>`);
  expect(memberUrl).toMatch(/\/admin\/members\/\d+$/);
  consoleClean();
});
