import { APIRequestContext, Browser, expect, Page, request, test, TestInfo } from "@playwright/test";
import { clientAddress, jsEnabled, open, whenHydrated } from "./helpers";

const adminEmail = process.env.E2E_ADMIN_EMAIL || "";
const adminPassword = process.env.E2E_ADMIN_PASSWORD || "";
const password = "a long e2e member phrase";

const words = {
  ja: {
    login: "ログインする", newEvent: "新しい交流イベントをつくる", save: "保存する", publish: "公開する", signUp: "申し込む",
    comesToo: "一緒に参加する", confirmed: "参加申込を受け付けました", waiting: "キャンセル待ちで受け付けました",
    cancel: "取り消す", cancelledNotice: "申込を取り消しました。", statusConfirmed: "参加確定", csv: "参加者名簿（CSV）",
    published: "公開中", promotedSubject: "参加が確定しました", yesCancel: "はい、取り消します",
    attended: "出席", absent: "欠席", done: "処理しました。",
  },
  en: {
    login: "Log in", newEvent: "Create a new event", save: "Save", publish: "Publish", signUp: "Sign up",
    comesToo: "Comes too", confirmed: "You are signed up", waiting: "you are on the waiting list",
    cancel: "Cancel", cancelledNotice: "Your sign-up is cancelled.", statusConfirmed: "Confirmed", csv: "Participants (CSV)",
    published: "Published", promotedSubject: "A place is yours", yesCancel: "Yes, cancel it",
    attended: "Attended", absent: "Absent", done: "Done.",
  },
};
type Lang = keyof typeof words;

async function api(info: TestInfo): Promise<APIRequestContext> {
  return request.newContext({
    baseURL: info.project.use.baseURL,
    extraHTTPHeaders: { "x-forwarded-for": clientAddress() },
  });
}

async function apiLogIn(ctx: APIRequestContext, email: string, secret: string) {
  const reply = await ctx.post("/api/log_in", { form: { email, password: secret } });
  expect(reply.status(), await reply.text()).toBe(200);
}

/** Applies, is approved by the secretariat, and returns the member id. */
async function member(admin: APIRequestContext, info: TestInfo, email: string, name: string, family: boolean) {
  const ctx = await api(info);
  const form: Record<string, string> = {
    "account[membership_type]": family ? "family" : "individual",
    "account[email]": email,
    "account[password]": password,
    "account[privacy_notice_version]": "2026-11-22",
    "account[privacy_consent]": "yes",
    "profile[full_name]": name,
    "profile[name_reading]": "いなぎ たろう",
    "profile[phone]": "042-378-2111",
    "profile[postal_code]": "206-8601",
    "profile[prefecture]": "13",
    "profile[city]": "稲城市",
    "profile[street]": "東長沼2111",
  };
  if (family) {
    form["profile[household][0][full_name]"] = `${name}の子`;
    form["profile[household][0][relationship]"] = "子";
  }
  const applied = await ctx.post("/api/apply_for_membership", { form });
  expect(applied.status(), await applied.text()).toBe(200);
  const list = await admin.get(`/api/member_list?filter[q]=${encodeURIComponent(email)}`);
  const id = (await list.json()).rows[0].id;
  const approved = await admin.post("/api/approve_member", { form: { id: String(id) } });
  expect(approved.status(), await approved.text()).toBe(200);
  return id as number;
}

async function browserAs(browser: Browser, info: TestInfo, lang: Lang, email: string, secret: string): Promise<Page> {
  const ctx = await browser.newContext({
    baseURL: info.project.use.baseURL,
    javaScriptEnabled: jsEnabled(info),
    acceptDownloads: true,
    extraHTTPHeaders: { "x-forwarded-for": clientAddress() },
  });
  const url = new URL(info.project.use.baseURL || "http://127.0.0.1:3000");
  await ctx.addCookies([{ name: "kizuna_lang", value: lang, domain: url.hostname, path: "/" }]);
  const page = await ctx.newPage();
  await open(page, info, "/login");
  await page.locator("#login-email").fill(email);
  await page.locator("#login-password").fill(secret);
  await page.getByRole("button", { name: words[lang].login }).click();
  await expect(page).toHaveURL(/\/account$/);
  return page;
}

for (const lang of ["ja", "en"] as Lang[]) {
  test(`a chair's event fills up, a cancellation promotes the waiting list (${lang})`, async ({ browser }, info) => {
    test.setTimeout(120_000);
    const w = words[lang];
    const run = `${lang}-${info.project.name}-${Date.now()}`;
    const admin = await api(info);
    await apiLogIn(admin, adminEmail, adminPassword);
    const chairId = await member(admin, info, `chair-${run}@example.jp`, "委員長 一郎", false);
    const appointed = await admin.post("/api/set_chair", {
      form: { id: String(chairId), committee: "international", appoint: "true" },
    });
    expect(appointed.status()).toBe(200);
    const [a, b, c] = ["a", "b", "c"].map((x) => `${x}-${run}@example.jp`);
    await member(admin, info, a, "家族 花子", true);
    await member(admin, info, b, "鈴木 二郎", false);
    await member(admin, info, c, "佐藤 三郎", false);

    // The chair creates the event with Foster City and publishes it.
    const chair = await browserAs(browser, info, lang, `chair-${run}@example.jp`, password);
    await open(chair, info, "/chair");
    await chair.getByRole("link", { name: w.newEvent }).click();
    await expect(chair).toHaveURL(/\/chair\/events\/new$/);
    await whenHydrated(chair, info);
    await chair.locator("#f-partner_city").selectOption("foster-city");
    await chair.locator("#f-title_ja").fill(`オンライン交流会 ${run}`);
    await chair.locator("#f-title_en").fill(`Online meeting ${run}`);
    await chair.locator("#f-starts_at").fill("2099-08-01T10:00");
    await chair.locator("#f-ends_at").fill("2099-08-01T12:00");
    await chair.locator("#f-venue").fill("稲城市立iプラザ");
    await chair.locator("#f-capacity").fill("3");
    await chair.getByRole("button", { name: w.save }).click();
    await expect(chair).toHaveURL(/\/chair\/events\/\d+\?done=saved$/);
    const eventPath = new URL(chair.url()).pathname;
    const eventId = eventPath.split("/").pop();
    await chair.getByRole("button", { name: w.publish }).click();
    await expect(chair.locator(".event-status-published")).toHaveText(w.published);

    // A signs up with a family member (2 places), B takes the last, C waits.
    const pageA = await browserAs(browser, info, lang, a, password);
    await open(pageA, info, `/events/${eventId}`);
    await pageA.getByLabel(w.comesToo).check();
    await pageA.getByRole("button", { name: w.signUp }).click();
    await expect(pageA.getByRole("status").first()).toContainText(w.confirmed);
    const pageB = await browserAs(browser, info, lang, b, password);
    await open(pageB, info, `/events/${eventId}`);
    await pageB.getByRole("button", { name: w.signUp }).click();
    await expect(pageB.getByRole("status").first()).toContainText(w.confirmed);
    const pageC = await browserAs(browser, info, lang, c, password);
    await open(pageC, info, `/events/${eventId}`);
    await pageC.getByRole("button", { name: w.signUp }).click();
    await expect(pageC.getByRole("status").first()).toContainText(w.waiting);

    // A cancels; C is promoted and told by mail.
    await open(pageA, info, "/account/signups");
    await pageA.getByRole("link", { name: w.cancel }).click();
    // A second step says what follows and has the focus; nothing is cancelled yet.
    await expect(pageA.locator("#confirm")).toBeFocused();
    await expect(pageA.locator("#confirm")).toContainText(lang === "ja" ? `オンライン交流会 ${run}` : `Online meeting ${run}`);
    await pageA.getByRole("button", { name: w.yesCancel }).click();
    await expect(pageA.getByRole("status").first()).toHaveText(w.cancelledNotice);
    await open(pageC, info, "/account/signups");
    await expect(pageC.locator(".signup-confirmed")).toHaveText(w.statusConfirmed);
    const outbox = await (await admin.get("/api/outbox")).json();
    const promoted = outbox.find((m: { to_address: string; subject: string }) => m.to_address === c && m.subject.includes(words.ja.promotedSubject));
    expect(promoted, "the promoted member got a mail").toBeTruthy();

    // The chair sees the list and exports it.
    await open(chair, info, eventPath);
    const table = chair.locator("table.participants");
    await expect(table).toContainText("鈴木 二郎");
    await expect(table).toContainText("佐藤 三郎");
    await expect(table).not.toContainText("家族 花子");
    const [download] = await Promise.all([chair.waitForEvent("download"), chair.getByRole("link", { name: w.csv }).click()]);
    expect(download.suggestedFilename()).toMatch(/^participants-\d+-\d{8}\.csv$/);
    const body = await (await download.createReadStream()).toArray();
    const text = Buffer.concat(body).toString("utf8");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain("佐藤 三郎");

    // A member who organises nothing is refused the roster (chairs of other committees: HTTP tests).
    const other = await api(info);
    await apiLogIn(other, b, password);
    expect((await other.get(`${eventPath}/participants.csv`)).status()).toBe(403);
  });
}

/** Today's date in Japan (YYYY-MM-DD), the day the association's events are on. */
function todayInJapan(): string {
  return new Date().toLocaleDateString("sv-SE", { timeZone: "Asia/Tokyo" });
}

for (const lang of ["ja", "en"] as Lang[]) {
  test(`the chair takes attendance on the day, on a phone (${lang})`, async ({ browser }, info) => {
    test.setTimeout(90_000);
    const w = words[lang];
    const run = `${lang}-${info.project.name}-${Date.now()}`;
    const admin = await api(info);
    await apiLogIn(admin, adminEmail, adminPassword);
    const chairEmail = `day-chair-${run}@example.jp`;
    const chairId = await member(admin, info, chairEmail, "当日 委員長", false);
    const appointed = await admin.post("/api/set_chair", {
      form: { id: String(chairId), committee: "domestic", appoint: "true" },
    });
    expect(appointed.status()).toBe(200);
    const guest = `day-member-${run}@example.jp`;
    await member(admin, info, guest, "当日 参加者", false);

    // An event later today (Japan time): attendance is open before it starts.
    const chairApi = await api(info);
    await apiLogIn(chairApi, chairEmail, password);
    const title = `当日の交流会 ${run}`;
    const saved = await chairApi.post("/api/save_event", {
      form: {
        "event[committee]": "domestic", "event[title_ja]": title, "event[starts_at]": `${todayInJapan()}T23:59`,
        "event[ends_at]": `${todayInJapan()}T23:59`, "event[venue]": "稲城市役所", "event[capacity]": "5",
        "event[members_only]": "yes",
      },
    });
    expect(saved.status(), await saved.text()).toBe(200);
    const mine = await (await chairApi.get("/api/organiser_events")).json();
    const eventId = String(mine.find((e: { title: { ja: string } }) => e.title.ja === title).id);
    const published = await chairApi.post("/api/set_event_status", { form: { id: eventId, status: "published" } });
    expect(published.status(), await published.text()).toBe(200);
    const memberApi = await api(info);
    await apiLogIn(memberApi, guest, password);
    const signed = await memberApi.post("/api/sign_up", { form: { event_id: eventId, "people[0][kind]": "holder" } });
    expect(signed.status(), await signed.text()).toBe(200);

    const chair = await browserAs(browser, info, lang, chairEmail, password);
    await chair.setViewportSize({ width: 390, height: 844 });
    await open(chair, info, `/chair/events/${eventId}`);
    await whenHydrated(chair, info);
    const fits = await chair.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(fits, "the chair's page has no horizontal scroll at 390 px").toBe(true);

    // Each mark shows at once as the pressed button, and the next one replaces it. With JavaScript
    // the marks are an island: the page is not reloaded (a mark set on the window survives).
    if (jsEnabled(info)) {
      await expect(chair.locator("leptos-island")).not.toHaveCount(0);
      await chair.evaluate(() => ((window as unknown as { kept: boolean }).kept = true));
    }
    const attended = chair.getByRole("button", { name: w.attended });
    await expect(attended).toHaveAttribute("aria-pressed", "false");
    await attended.click();
    await expect(chair.getByRole("button", { name: w.attended })).toHaveAttribute("aria-pressed", "true");
    await chair.getByRole("button", { name: w.absent }).click();
    await expect(chair.getByRole("button", { name: w.absent })).toHaveAttribute("aria-pressed", "true");
    await expect(chair.getByRole("button", { name: w.attended })).toHaveAttribute("aria-pressed", "false");
    if (jsEnabled(info)) {
      expect(await chair.evaluate(() => (window as unknown as { kept?: boolean }).kept)).toBe(true);
    }
    // Saved, not only shown: a fresh load shows the last mark.
    await chair.reload();
    await expect(chair.getByRole("button", { name: w.absent })).toHaveAttribute("aria-pressed", "true");
    expect(await chair.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    // Cancelling a person asks first.
    await chair.getByRole("link", { name: w.cancel }).click();
    await expect(chair.locator("#confirm")).toContainText("当日 参加者");
    await chair.getByRole("button", { name: w.yesCancel }).click();
    await expect(chair.getByRole("status").first()).toHaveText(w.done);
    await expect(chair.locator("table.participants")).not.toContainText("当日 参加者");
  });
}
