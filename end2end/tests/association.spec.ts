import { expect, test } from "@playwright/test";
import { failOnConsoleErrors, jsEnabled, Lang, logIn, open, personContext } from "./helpers";

// The association's rules as data (issue 12): the settings form refuses a grace date no year has
// and keeps what is typed; a membership class added with its fee per unit is offered on the join
// form; an agreement added to a partner city shows on the city's page.

const adminEmail = process.env.E2E_ADMIN_EMAIL || "";
const adminPassword = process.env.E2E_ADMIN_PASSWORD || "";

const words = {
  ja: {
    save: "変更を保存する", checkOne: "入力内容をご確認ください（1か所）", done: "処理しました。",
    representative: "代表者（日本語）", graceMonth: "会費の納期限（月）", graceDay: "会費の納期限（日）",
    february: "2月", may: "5月", className: "協会の名前（日本語）",
    newClassJa: "名称（日本語）", newClassEn: "名称（英語）", fee: "1口の年会費（円）", add: "追加する",
    kind: "協定の種類", other: "その他の協定", concluded: "締結日", note: "メモ（日本語）", addAgreement: "協定を加える",
  },
  en: {
    save: "Save changes", checkOne: "Please check 1 entry", done: "Done.",
    representative: "Representative (Japanese)", graceMonth: "Dues deadline (month)", graceDay: "Dues deadline (day)",
    february: "February", may: "May", className: "Name of the association (Japanese)",
    newClassJa: "Name (Japanese)", newClassEn: "Name (English)", fee: "Annual fee per unit (yen)", add: "Add",
    kind: "Kind of agreement", other: "Other agreement", concluded: "Concluded on", note: "Note (Japanese)",
    addAgreement: "Add the agreement",
  },
};

for (const lang of ["ja", "en"] as Lang[]) {
  test(`an admin keeps the association's rules, classes and agreements (${lang})`, async ({ browser }, info) => {
    test.setTimeout(60_000);
    const w = words[lang];
    const run = `${lang}-${jsEnabled(info) ? "js" : "nojs"}-${Date.now()}`;
    const admin = await (await personContext(browser, info, lang)).newPage();
    const consoleClean = failOnConsoleErrors(admin);
    await logIn(admin, info, lang, adminEmail, adminPassword);

    // 1. Settings: February 30 is refused with the field named; what was typed stays.
    await open(admin, info, "/admin/settings");
    const profile = admin.locator("form").filter({ has: admin.getByLabel(w.className) });
    await profile.getByLabel(w.representative).fill(`会長 稲城 ${run}`);
    await profile.getByLabel(w.graceMonth).selectOption({ label: w.february });
    await profile.getByLabel(w.graceDay).fill("30");
    await profile.getByRole("button", { name: w.save }).click();
    const summary = admin.getByRole("alert");
    await expect(summary).toContainText(w.checkOne);
    await expect(summary).toContainText(w.graceDay);
    await expect(profile.getByLabel(w.representative)).toHaveValue(`会長 稲城 ${run}`);
    await profile.getByLabel(w.graceMonth).selectOption({ label: w.may });
    await profile.getByLabel(w.graceDay).fill("31");
    await profile.getByRole("button", { name: w.save }).click();
    await expect(admin.getByRole("status").first()).toHaveText(w.done);
    await open(admin, info, "/admin/settings");
    await expect(admin.getByLabel(w.representative)).toHaveValue(/会長 稲城/);

    // 2. A class added at ¥500 a unit is offered on the join form.
    await open(admin, info, "/admin/membership-types");
    const add = admin.locator("#new-class");
    await add.getByLabel(w.newClassJa).fill(`名誉会員 ${run}`);
    await add.getByLabel(w.newClassEn).fill(`Honorary ${run}`);
    await add.getByLabel(w.fee).fill("500");
    await add.getByRole("button", { name: w.add }).click();
    await expect(admin.getByRole("status").first()).toHaveText(w.done);
    await open(admin, info, "/join");
    await expect(admin.getByText(lang === "ja" ? `名誉会員 ${run}` : `Honorary ${run}`)).toBeVisible();

    // 3. An agreement added to Nozawaonsen shows on the city's page.
    await open(admin, info, "/admin/cities/nozawaonsen/edit");
    const agreements = admin.locator("#agreements");
    await agreements.getByLabel(w.kind).selectOption({ label: w.other });
    await agreements.getByLabel(w.concluded).fill("2020-05");
    await agreements.getByLabel(w.note).fill(`観光協定 ${run}`);
    await agreements.getByRole("button", { name: w.addAgreement }).click();
    await open(admin, info, "/cities/nozawaonsen");
    await expect(admin.locator("#agreements")).toContainText(w.other);
    if (lang === "ja") await expect(admin.locator("#agreements")).toContainText(`観光協定 ${run}`);
    consoleClean();
  });
}
