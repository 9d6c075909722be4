import { expect, request, test } from "@playwright/test";
import { clientAddress, failOnConsoleErrors, logIn, open, personContext, whenHydrated } from "./helpers";

const password = "a long e2e calendar phrase";

test("one's own calendar address is made, shown once, works, and can be made again", async ({ browser }, info) => {
  test.setTimeout(60_000);
  // An applicant of their own for each run (the two projects run at once): any login has a feed.
  const email = `calendar-${info.project.name}-${Date.now()}@example.jp`;
  const api = await request.newContext({
    baseURL: info.project.use.baseURL,
    extraHTTPHeaders: { "x-forwarded-for": clientAddress() },
  });
  const applied = await api.post("/api/apply_for_membership", {
    form: {
      "account[membership_type]": "individual", "account[email]": email, "account[password]": password,
      "account[privacy_notice_version]": "2026-11-22", "account[privacy_consent]": "yes",
      "profile[full_name]": "暦 花子", "profile[name_reading]": "こよみ はなこ", "profile[phone]": "042-378-2111",
      "profile[postal_code]": "206-8601", "profile[prefecture]": "13", "profile[city]": "稲城市",
      "profile[street]": "東長沼2111",
    },
  });
  expect(applied.status(), await applied.text()).toBe(200);
  const page = await (await personContext(browser, info, "ja")).newPage();
  const consoleClean = failOnConsoleErrors(page);
  await logIn(page, info, "ja", email, password);
  await open(page, info, "/account/signups");
  const section = page.locator("#calendar");
  await expect(section.getByRole("heading", { name: "カレンダーに表示する" })).toBeVisible();
  await whenHydrated(page, info);
  await section.getByRole("button", { name: "カレンダー用のアドレスを作る" }).click();
  const shown = page.locator("#calendar-url");
  await expect(shown).toBeVisible();
  const url = await shown.inputValue();
  expect(url).toMatch(/\/calendar\/mine\/[A-Za-z0-9_-]{22}\.ics$/);
  const feed = await page.request.get(new URL(url).pathname);
  expect(feed.status()).toBe(200);
  expect(feed.headers()["content-type"]).toContain("text/calendar");
  expect(await feed.text()).toContain("BEGIN:VCALENDAR");

  // Shown once: the next visit says it is in use, without the address.
  await open(page, info, "/account/signups");
  await expect(page.locator("#calendar-url")).toHaveCount(0);
  await expect(page.locator("#calendar")).toContainText("に作ったアドレスが使えます。");
  // Made again: the old address stops working.
  await whenHydrated(page, info);
  await page.locator("#calendar").getByRole("button", { name: /^アドレスを作り直す/ }).click();
  await expect(page.locator("#calendar-url")).toBeVisible();
  expect((await page.request.get(new URL(url).pathname)).status()).toBe(404);

  // The public feed is for everyone.
  const all = await page.request.get("/calendar.ics");
  expect(all.status()).toBe(200);
  expect(await all.text()).toContain("X-WR-TIMEZONE:Asia/Tokyo");
  consoleClean();
});
