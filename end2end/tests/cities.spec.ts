import { expect, test } from "@playwright/test";
import { clientAddress, jsEnabled, open } from "./helpers";

const adminEmail = process.env.E2E_ADMIN_EMAIL || "";
const adminPassword = process.env.E2E_ADMIN_PASSWORD || "";

test("the secretariat gives a partner city a photo, and its page shows it", async ({ browser }, info) => {
  const ctx = await browser.newContext({
    baseURL: info.project.use.baseURL,
    javaScriptEnabled: jsEnabled(info),
    extraHTTPHeaders: { "x-forwarded-for": clientAddress() },
  });
  const page = await ctx.newPage();
  // A real picture to upload: a screenshot of the home page, as PNG.
  await open(page, info, "/");
  const picture = await page.screenshot();
  await open(page, info, "/login");
  await page.locator("#login-email").fill(adminEmail);
  await page.locator("#login-password").fill(adminPassword);
  await page.getByRole("button", { name: "ログインする" }).click();
  await expect(page).toHaveURL(/\/account$/);

  // One city per project, so that the JS-on and JS-off runs never replace each other's photo.
  const city = jsEnabled(info) ? "nozawaonsen" : "foster-city";
  await open(page, info, `/admin/cities/${city}/edit`);
  const alt = `交流都市の写真 ${info.project.name}`;
  await page.getByLabel("写真のファイル").setInputFiles({ name: "nozawa.png", mimeType: "image/png", buffer: picture });
  await page.getByLabel("写真の説明（日本語）").fill(alt);
  await page.getByRole("button", { name: "写真を送る" }).click();
  await expect(page.getByRole("status")).toHaveText("写真を保存しました。");

  await open(page, info, `/cities/${city}`);
  const photo = page.locator("img.photo");
  await expect(photo).toHaveAttribute("alt", alt);
  await expect(photo).toHaveAttribute("src", /^\/photos\/\d+\.jpg$/);
  const loaded = await photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
  expect(loaded, "the photo is served and decodes").toBe(true);
});
