import { expect, test } from "@playwright/test";
import { failOnConsoleErrors, jsEnabled, open } from "./helpers";

test("home → partner city in Japanese, then the same page in English", async ({ page }, info) => {
  const noConsoleErrors = failOnConsoleErrors(page);
  await open(page, info, "/");
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("稲城市姉妹友好都市交流協会");

  await page.getByRole("link", { name: "大空町" }).first().click();
  await expect(page).toHaveURL(/\/cities\/ozora$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("大空町");
  const facts = page.locator("dl.facts");
  await expect(facts).toContainText("姉妹都市");
  await expect(facts).toContainText("1991年11月");
  await expect(facts).toContainText("北海道（日本）");
  await expect(page).toHaveTitle(/大空町/);

  await page.getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL(/\/cities\/ozora$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Ozora Town");
  await expect(facts).toContainText("Sister city");
  await expect(facts).toContainText("1991-11");
  await expect(page.locator("article")).toContainText("Memanbetsu");

  // The choice is remembered.
  await open(page, info, "/committees");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Committees");
  if (jsEnabled(info)) await page.waitForLoadState("networkidle");
  noConsoleErrors();
});

test("the main menu leads to the committees and their pages", async ({ page }, info) => {
  await open(page, info, "/");
  await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "委員会" }).click();
  await expect(page).toHaveURL(/\/committees$/);
  const cards = page.locator(".committee-card");
  await expect(cards).toHaveCount(3);
  await page.getByRole("link", { name: "国際交流委員会" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("国際交流委員会");
  await expect(page.locator("article")).toContainText("ホームステイ");
});

test("an English browser gets English on its first visit", async ({ browser }, info) => {
  const context = await browser.newContext({ locale: "en-US", javaScriptEnabled: jsEnabled(info) });
  const page = await context.newPage();
  await open(page, info, "/cities");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Partner cities");
  await expect(page.locator(".city-card")).toHaveCount(4);
  await expect(page.locator(".city-card").last()).toContainText("Concluded");
  await context.close();
});

test("an unknown partner city is a real 404 page in the reader's language", async ({ page }, info) => {
  const response = await open(page, info, "/cities/atlantis");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ページが見つかりません");
  await page.getByRole("link", { name: "ホームへ戻る" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test("the skip link and the language switch work from the keyboard", async ({ page }, info) => {
  await open(page, info, "/cities");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "本文へ移動" })).toBeFocused();
  await expect(page.getByRole("button", { name: "日本語" })).toHaveAttribute("aria-pressed", "true");

  const english = page.getByRole("button", { name: "English" });
  for (let presses = 0; presses < 5 && !(await english.evaluate((e) => e === document.activeElement)); presses++) {
    await page.keyboard.press("Tab");
  }
  await expect(english).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/cities$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Partner cities");
  await expect(page.getByRole("button", { name: "English" })).toHaveAttribute("aria-pressed", "true");
});
