import { expect, test } from "@playwright/test";
import { failOnConsoleErrors, Lang, logIn, open, personContext, whenHydrated } from "./helpers";

// scripts/test creates the first admin with these (a fresh random password per run).
const adminEmail = process.env.E2E_ADMIN_EMAIL || "";
const adminPassword = process.env.E2E_ADMIN_PASSWORD || "";

const words = {
  ja: {
    join: "入会を申し込む", received: "お申し込みを受け付けました", login: "ログインする", pending: "承認待ち",
    approve: "承認する", done: "処理しました。", active: "会員", recordDues: "納入を記録する", save: "変更を保存する",
    saved: "登録内容を保存しました。", paid: "納入済み", individual: "正会員（個人）", edit: "登録内容を変更する",
    checkOne: "入力内容をご確認ください（1か所）", family: "正会員（家族）",
  },
  en: {
    join: "Apply for membership", received: "Thank you for applying", login: "Log in", pending: "Pending approval",
    approve: "Approve", done: "Done.", active: "Active member", recordDues: "Record payment", save: "Save changes",
    saved: "Your details are saved.", paid: "Paid", individual: "Full member \\(individual\\)", edit: "Edit your details",
    checkOne: "Please check 1 entry", family: "Full member \\(family\\)",
  },
};


for (const lang of ["ja", "en"] as Lang[]) {
  test(`join, approval, profile and dues (${lang})`, async ({ browser }, info) => {
    test.setTimeout(90_000);
    const w = words[lang];
    const email = `applicant-${lang}-${info.project.name}-${Date.now()}@example.jp`;
    const password = "a long applicant phrase";
    const reading = lang === "ja" ? "たかさき はなこ" : "タカサキ ハナコ";

    // 1. A citizen applies.
    const citizen = await (await personContext(browser, info, lang)).newPage();
    const consoleClean = failOnConsoleErrors(citizen);
    await open(citizen, info, "/join");
    // The form asks only what applies: household rows appear for a family membership only.
    const household = citizen.locator("#f-household-0-full_name");
    await expect(household).toBeHidden();
    await citizen.getByLabel(new RegExp(w.family)).check();
    await expect(household).toBeVisible();
    await citizen.getByLabel(new RegExp(w.individual)).check();
    await expect(household).toBeHidden();
    await citizen.locator("#f-full_name").fill("髙﨑 花子");
    await citizen.locator("#f-name_reading").fill(reading);
    await citizen.locator("#f-phone").fill("042-378-2111");
    await citizen.locator("#f-postal_code").fill("206-8601");
    await citizen.locator("#f-city").fill("稲城市");
    await citizen.locator("#f-street").fill("東長沼2111");
    await citizen.locator("#f-email").fill(email);
    await citizen.locator("#f-password").fill(password);
    // Forgetting the consent brings the form back with everything still filled in.
    await citizen.getByRole("button", { name: w.join }).click();
    await expect(citizen.locator(".field-error").first()).toBeVisible();
    // The summary at the top says how many places need a look, links to each and has the focus.
    const summary = citizen.locator(".error-summary");
    await expect(summary).toBeFocused();
    await expect(summary).toContainText(w.checkOne);
    await expect(summary.getByRole("link")).toHaveAttribute("href", "#err-privacy_consent");
    await expect(citizen.locator("#err-privacy_consent")).toBeVisible();
    await expect(citizen.locator("#f-full_name")).toHaveValue("髙﨑 花子");
    await expect(citizen.locator("#f-email")).toHaveValue(email);
    await citizen.locator("#f-password").fill(password);
    await citizen.locator("#f-privacy_consent").check();
    await citizen.getByRole("button", { name: w.join }).click();
    await expect(citizen.getByRole("heading", { level: 1 })).toHaveText(w.received);

    await logIn(citizen, info, lang, email, password);
    await expect(citizen.locator(".membership-facts .status-pending")).toHaveText(w.pending);

    // 2. The secretariat approves.
    const secretariat = await (await personContext(browser, info, lang)).newPage();
    await logIn(secretariat, info, lang, adminEmail, adminPassword);
    await open(secretariat, info, `/admin/members?q=${encodeURIComponent(email)}`);
    await secretariat.getByRole("link", { name: "髙﨑 花子" }).click();
    await expect(secretariat.getByRole("heading", { level: 1 })).toHaveText("髙﨑 花子");
    const memberPage = secretariat.url();
    await secretariat.getByRole("button", { name: w.approve }).click();
    await expect(secretariat.getByRole("status").first()).toHaveText(w.done);

    // 3. The member edits their profile.
    await open(citizen, info, "/account");
    await expect(citizen.locator(".membership-facts .status-active")).toHaveText(w.active);
    await citizen.getByRole("link", { name: w.edit }).click();
    await expect(citizen).toHaveURL(/\/account\/profile$/);
    await whenHydrated(citizen, info);
    await citizen.locator("#f-city").fill("多摩市");
    await citizen.getByRole("button", { name: w.save }).click();
    await expect(citizen.getByRole("status").first()).toHaveText(w.saved);
    await expect(citizen.locator(".profile-facts")).toContainText("多摩市");

    // 4. The secretariat records this year's dues (amount defaults to the fee).
    await open(secretariat, info, new URL(memberPage).pathname);
    await secretariat.getByRole("button", { name: w.recordDues }).click();
    await expect(secretariat.getByRole("status").first()).toHaveText(w.done);

    // 5. The member sees "paid".
    await open(citizen, info, "/account");
    await expect(citizen.locator("[data-dues=paid]")).toHaveText(w.paid);
    consoleClean();
  });
}
