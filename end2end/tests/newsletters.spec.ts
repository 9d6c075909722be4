import { APIRequestContext, expect, request, test, TestInfo } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { clientAddress, failOnConsoleErrors, Lang, logIn, open, personContext, whenHydrated } from "./helpers";

// scripts/test creates the first admin, and says where the test database is (the mailbox of
// these tests: a mail's unsubscribe link is only in the mail itself).
const adminEmail = process.env.E2E_ADMIN_EMAIL || "";
const adminPassword = process.env.E2E_ADMIN_PASSWORD || "";
const password = "a long newsletter phrase";

const words = {
  ja: {
    all: "会員全員", save: "下書きを保存して確認する", saved: "下書きを保存しました", previewJa: "日本語の方に届くメール",
    send: "送信する…", start: "送信を始める", started: "送信を始めました", receive: "メールで受け取る",
    receiving: "受け取っています", stop: "配信を停止する", stopped: "配信を停止しました", sent: "送信済み",
  },
  en: {
    all: "All members", save: "Save the draft and check it", saved: "Draft saved", previewJa: "The mail Japanese readers get",
    send: "Send…", start: "Start sending", started: "Sending has started", receive: "Receive them by email",
    receiving: "You receive them", stop: "Stop the newsletters", stopped: "Done. You will not get the next newsletters.", sent: "Sent",
  },
};

async function api(info: TestInfo, lang: Lang = "ja"): Promise<APIRequestContext> {
  return request.newContext({
    baseURL: info.project.use.baseURL,
    extraHTTPHeaders: { "x-forwarded-for": clientAddress(), "accept-language": lang },
  });
}

async function apiLogIn(ctx: APIRequestContext, email: string, secret: string) {
  const reply = await ctx.post("/api/log_in", { form: { email, password: secret } });
  expect(reply.status(), await reply.text()).toBe(200);
}

/** Applies (in `lang`), is approved, and returns the member's own logged-in API context. */
async function member(admin: APIRequestContext, info: TestInfo, email: string, name: string, lang: Lang) {
  const ctx = await api(info, lang);
  const applied = await ctx.post("/api/apply_for_membership", {
    form: {
      "account[membership_type]": "individual", "account[email]": email, "account[password]": password,
      "account[privacy_notice_version]": "2026-11-22", "account[privacy_consent]": "yes",
      "profile[full_name]": name, "profile[name_reading]": "いなぎ たろう", "profile[phone]": "042-378-2111",
      "profile[postal_code]": "206-8601", "profile[prefecture]": "13", "profile[city]": "稲城市", "profile[street]": "東長沼2111",
    },
  });
  expect(applied.status(), await applied.text()).toBe(200);
  const id = (await (await admin.get(`/api/member_list?filter[q]=${encodeURIComponent(email)}`)).json()).rows[0].id;
  const approved = await admin.post("/api/approve_member", { form: { id: String(id) } });
  expect(approved.status(), await approved.text()).toBe(200);
  await apiLogIn(ctx, email, password);
  return ctx;
}

/** The newest mail to `to` whose subject contains `subject`, as stored (link and all). */
function mailbox(to: string, subject: string): string {
  const url = process.env.E2E_DATABASE_URL;
  expect(url, "E2E_DATABASE_URL (set by scripts/test)").toBeTruthy();
  const sql = `SELECT body FROM outbox WHERE to_address = '${to}' AND subject LIKE '%${subject}%' ORDER BY id DESC LIMIT 1`;
  return execFileSync(process.env.E2E_PSQL || "psql", ["-XAtq", url || "", "-c", sql], { encoding: "utf8" });
}

async function sentBy(admin: APIRequestContext, id: string) {
  await expect.poll(async () => (await (await admin.get(`/api/newsletter?id=${id}`)).json()).status, { timeout: 30_000 }).toBe("Sent");
}

for (const lang of ["ja", "en"] as Lang[]) {
  test(`write, preview, send; the link unsubscribes from the next newsletter, not from a sign-up's mail (${lang})`, async ({ browser }, info) => {
    test.setTimeout(150_000);
    const w = words[lang];
    const run = `${lang}-${info.project.name}-${Date.now()}`;
    const admin = await api(info);
    await apiLogIn(admin, adminEmail, adminPassword);
    const [jaEmail, enEmail] = [`yomu-${run}@example.jp`, `reader-${run}@example.jp`];
    const jaMember = await member(admin, info, jaEmail, `会報 読子 ${run}`, "ja");
    await member(admin, info, enEmail, `Reader ${run}`, "en");

    // Both opt in on their own page, each in their language.
    for (const [email, readerLang] of [[jaEmail, "ja"], [enEmail, "en"]] as [string, Lang][]) {
      const page = await (await personContext(browser, info, readerLang)).newPage();
      await logIn(page, info, readerLang, email, password);
      await whenHydrated(page, info);
      await page.locator("#newsletters").getByRole("button", { name: words[readerLang].receive }).click();
      await expect(page.locator("#newsletters")).toContainText(words[readerLang].receiving);
    }

    // The secretariat writes, reads both previews, and sends after a second step.
    const page = await (await personContext(browser, info, lang)).newPage();
    const consoleClean = failOnConsoleErrors(page);
    await logIn(page, info, lang, adminEmail, adminPassword);
    await open(page, info, "/chair/newsletters");
    await page.locator("#f-audience").selectOption({ label: w.all });
    await page.locator("#f-subject_ja").fill(`会報 ${run}`);
    await page.locator("#f-body_ja").fill("12月の交流会のお知らせです。");
    await page.locator("#f-subject_en").fill(`Newsletter ${run}`);
    await page.locator("#f-body_en").fill("News of December's meeting.");
    await page.locator("#f-archive").selectOption("public");
    await page.getByRole("button", { name: w.save }).click();
    await expect(page).toHaveURL(/\/chair\/newsletters\/\d+\?created=1/);
    await expect(page.getByRole("status").first()).toContainText(w.saved);
    const id = new URL(page.url()).pathname.split("/").pop() || "";
    const preview = page.locator("article.mail-preview").filter({ hasText: w.previewJa });
    await expect(preview).toContainText(`会報 ${run}`);
    await expect(preview).toContainText("/unsubscribe?token=");
    await whenHydrated(page, info);
    await page.getByRole("link", { name: w.send }).click();
    await expect(page.locator("#confirm")).toBeVisible();
    await page.locator("#confirm").getByRole("button", { name: w.start }).click();
    await expect(page.getByRole("status").first()).toContainText(w.started);
    await sentBy(admin, id);

    // One mail each, in their language, with the unsubscribe link (the outbox hides its token).
    await open(page, info, "/admin/outbox");
    // (Other runs' newsletters to all members reach these two as well: each is told by its subject.)
    const newsletterTo = (email: string) =>
      page.locator("article.mail").filter({ hasText: email }).filter({ has: page.locator("h2", { hasText: new RegExp(`^(会報|Newsletter) ${run}$`) }) });
    const [toJa, toEn] = [newsletterTo(jaEmail), newsletterTo(enEmail)];
    await expect(toJa).toHaveCount(1);
    await expect(toJa.locator("h2")).toHaveText(`会報 ${run}`);
    await expect(toJa).toContainText("/unsubscribe?token=(hidden)");
    await expect(toEn).toHaveCount(1);
    await expect(toEn.locator("h2")).toHaveText(`Newsletter ${run}`);
    await expect(toEn).toContainText("To stop them, open this page");
    consoleClean();

    // The Japanese reader follows the link in the mail: the page asks, the button stops them.
    const link = mailbox(jaEmail, `会報 ${run}`).match(/https?:\/\/\S+\/unsubscribe\?token=[A-Za-z0-9_-]+/)?.[0] || "";
    expect(link, "the unsubscribe link is in the mail").not.toBe("");
    const reader = await (await personContext(browser, info, lang)).newPage();
    await open(reader, info, `/unsubscribe?token=${new URL(link).searchParams.get("token")}`);
    await reader.getByRole("button", { name: w.stop }).click();
    await expect(reader).toHaveURL(/\/unsubscribe\/done\?result=done$/);
    await expect(reader.getByRole("status")).toContainText(w.stopped);

    // The next newsletter reaches only the English reader.
    const created = await admin.post("/api/create_newsletter", {
      form: { "newsletter[audience]": "members", "newsletter[subject_ja]": `次号 ${run}`, "newsletter[body_ja]": "次の号です。", "newsletter[archive]": "none" },
    });
    expect(created.status(), await created.text()).toBe(200);
    const next = (created.headers()["location"] || "").match(/newsletters\/(\d+)/)?.[1] || "";
    expect((await admin.post("/api/send_newsletter", { form: { id: next } })).status()).toBe(200);
    await sentBy(admin, next);
    const outbox: { to_address: string; subject: string }[] = await (await admin.get("/api/outbox")).json();
    const mine = (m: { to_address: string }) => m.to_address === jaEmail || m.to_address === enEmail;
    expect(outbox.filter((m) => m.subject === `次号 ${run}` && mine(m)).map((m) => m.to_address)).toEqual([enEmail]);

    // A sign-up's confirmation still reaches the one who unsubscribed.
    const saved = await admin.post("/api/save_event", {
      form: {
        "event[committee]": "domestic", "event[title_ja]": `交流会 ${run}`, "event[starts_at]": "2099-09-01T10:00",
        "event[ends_at]": "2099-09-01T12:00", "event[venue]": "稲城市役所", "event[capacity]": "10",
      },
    });
    expect(saved.status(), await saved.text()).toBe(200);
    const eventId = (saved.headers()["location"] || "").match(/events\/(\d+)/)?.[1] || "";
    expect((await admin.post("/api/set_event_status", { form: { id: eventId, status: "published" } })).status()).toBe(200);
    const signed = await jaMember.post("/api/sign_up", { form: { event_id: eventId, "people[0][kind]": "holder" } });
    expect(signed.status(), await signed.text()).toBe(200);
    const after: { to_address: string; subject: string }[] = await (await admin.get("/api/outbox")).json();
    expect(after.some((m) => m.to_address === jaEmail && m.subject.includes(`交流会 ${run}`))).toBe(true);
  });
}
