import { expect, request, test } from "@playwright/test";
import { clientAddress, jsEnabled, open } from "./helpers";

const adminEmail = process.env.E2E_ADMIN_EMAIL || "";
const adminPassword = process.env.E2E_ADMIN_PASSWORD || "";

test("the secretariat downloads the roster; a chair of another committee is refused it", async ({ browser }, info) => {
  const ctx = await browser.newContext({
    baseURL: info.project.use.baseURL,
    javaScriptEnabled: jsEnabled(info),
    acceptDownloads: true,
    extraHTTPHeaders: { "x-forwarded-for": clientAddress() },
  });
  const page = await ctx.newPage();
  await open(page, info, "/login");
  await page.locator("#login-email").fill(adminEmail);
  await page.locator("#login-password").fill(adminPassword);
  await page.getByRole("button", { name: "ログインする" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await open(page, info, "/admin/members");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "この条件で名簿を書き出す（CSV・UTF-8）" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^members-\d{8}\.csv$/);
  const text = Buffer.concat(await (await download.createReadStream()).toArray()).toString("utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text.split("\r\n")[0]).toContain("ふりがな");

  // A chair of the international committee asks for the domestic committee's roster.
  const run = `${info.project.name}-${Date.now()}`;
  const api = await request.newContext({ baseURL: info.project.use.baseURL, extraHTTPHeaders: { "x-forwarded-for": clientAddress() } });
  const admin = await request.newContext({ baseURL: info.project.use.baseURL, extraHTTPHeaders: { "x-forwarded-for": clientAddress() } });
  expect((await admin.post("/api/log_in", { form: { email: adminEmail, password: adminPassword } })).status()).toBe(200);
  const email = `roster-chair-${run}@example.jp`;
  const applied = await api.post("/api/apply_for_membership", {
    form: {
      "account[membership_type]": "individual", "account[email]": email, "account[password]": "a long chair phrase",
      "account[privacy_notice_version]": "2026-11-22", "account[privacy_consent]": "yes",
      "profile[full_name]": "国際 委員長", "profile[name_reading]": "こくさい", "profile[phone]": "042-378-2111",
      "profile[postal_code]": "2068601", "profile[prefecture]": "13", "profile[city]": "稲城市", "profile[street]": "1",
    },
  });
  expect(applied.status()).toBe(200);
  const id = (await (await admin.get(`/api/member_list?filter[q]=${encodeURIComponent(email)}`)).json()).rows[0].id;
  expect((await admin.post("/api/approve_member", { form: { id: String(id) } })).status()).toBe(200);
  expect((await admin.post("/api/set_chair", { form: { id: String(id), committee: "international", appoint: "true" } })).status()).toBe(200);
  const chair = await browser.newContext({
    baseURL: info.project.use.baseURL,
    javaScriptEnabled: jsEnabled(info),
    extraHTTPHeaders: { "x-forwarded-for": clientAddress() },
  });
  const chairPage = await chair.newPage();
  await open(chairPage, info, "/login");
  await chairPage.locator("#login-email").fill(email);
  await chairPage.locator("#login-password").fill("a long chair phrase");
  await chairPage.getByRole("button", { name: "ログインする" }).click();
  await expect(chairPage).toHaveURL(/\/account$/);
  const refused = await chairPage.request.get("/admin/exports/committees/domestic.csv");
  expect(refused.status()).toBe(403);
  const own = await chairPage.request.get("/admin/exports/committees/international.csv");
  expect(own.status()).toBe(200);
});
