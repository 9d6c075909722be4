import { expect, test } from "@playwright/test";
import { failOnConsoleErrors, Lang, logIn, open, personContext } from "./helpers";

// scripts/test creates the first admin with these (a fresh random password per run).
const adminEmail = process.env.E2E_ADMIN_EMAIL || "";
const adminPassword = process.env.E2E_ADMIN_PASSWORD || "";

const words = {
  ja: {
    login: "ログインする", add: "加える", treasurer: "会計", how: "初回用パスワードを作って手渡す（最初のログインで変更）",
    change: "パスワードを変更する", audit: "会計 花子",
  },
  en: {
    login: "Log in", add: "Add", treasurer: "Treasurer", how: "Make a first-time password to hand over (changed at the first login)",
    change: "Change password", audit: "会計 花子",
  },
};

for (const lang of ["ja", "en"] as Lang[]) {
  test(`an admin adds a treasurer, who may download the dues but not keep staff (${lang})`, async ({ browser }, info) => {
    test.setTimeout(60_000);
    const w = words[lang];
    const email = `kaikei-${lang}-${info.project.name}-${Date.now()}@example.jp`;

    // 1. The admin adds the treasurer with a first-time password, shown once on the page.
    const admin = await (await personContext(browser, info, lang)).newPage();
    const consoleClean = failOnConsoleErrors(admin);
    await logIn(admin, info, lang, adminEmail, adminPassword);
    await open(admin, info, "/admin/staff");
    const invite = admin.locator("form").filter({ has: admin.locator("#f-name") });
    await invite.getByRole("button", { name: w.add, exact: true }).click();
    // Nothing typed: a summary, and the name and address each say what is missing.
    await expect(admin.locator(".error-summary")).toBeVisible();
    await expect(admin).toHaveURL(/\/admin\/staff/);
    await admin.locator("#f-name").fill("会計 花子");
    await admin.locator("#f-email").fill(email);
    await admin.locator("#f-role").selectOption("treasurer");
    await admin.getByLabel(w.how).check();
    await admin.locator("form").filter({ has: admin.locator("#f-name") }).getByRole("button", { name: w.add, exact: true }).click();
    await expect(admin).toHaveURL(/done=first_time_password/);
    const shown = admin.locator(".one-time-password code");
    await expect(shown).toBeVisible();
    const firstPassword = (await shown.textContent()) || "";
    expect(firstPassword.length).toBeGreaterThan(10);
    await expect(admin.locator(".staff-person").filter({ hasText: email })).toContainText(w.treasurer);

    // 2. The treasurer logs in, replaces the first-time password, and logs in again.
    const treasurer = await (await personContext(browser, info, lang)).newPage();
    await logIn(treasurer, info, lang, email, firstPassword);
    await treasurer.locator("#f-current_password").fill(firstPassword);
    await treasurer.locator("#f-new_password").fill("the treasurer's own phrase");
    await treasurer.getByRole("button", { name: w.change }).click();
    await logIn(treasurer, info, lang, email, "the treasurer's own phrase");

    // 3. What a treasurer may do, and what not.
    const dues = await treasurer.request.get("/admin/exports/dues.csv?year=2026");
    expect(dues.status()).toBe(200);
    const members = await treasurer.request.get("/admin/exports/members.csv");
    expect(members.status()).toBe(403);
    const staffPage = await open(treasurer, info, "/admin/staff");
    expect(staffPage?.status()).toBe(403);

    // 4. The audit log names the person who downloaded the dues.
    await open(admin, info, "/admin/audit?action=export.roster");
    await expect(admin.locator("table")).toContainText(`${w.audit} <${email}>`);
    consoleClean();
  });
}
