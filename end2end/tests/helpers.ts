import { Browser, BrowserContext, expect, Page, TestInfo } from "@playwright/test";

export function jsEnabled(info: TestInfo): boolean {
  return info.project.use.javaScriptEnabled !== false;
}

/**
 * With JavaScript on, waits until the page's islands (the parts that run in the browser) have come
 * to life, so clicks on them are not lost. Most pages have none and load no JavaScript at all.
 */
export async function whenHydrated(page: Page, info: TestInfo) {
  if (jsEnabled(info) && (await page.locator("leptos-island").count()) > 0) {
    await expect(page.locator("body[data-hydrated]")).toHaveCount(1);
  }
}

/** Opens a page and waits for its islands (see `whenHydrated`). */
export async function open(page: Page, info: TestInfo, path: string) {
  const response = await page.goto(path);
  await whenHydrated(page, info);
  return response;
}

/** Fails the test on any browser console error (hydration mismatches show up there). */
export function failOnConsoleErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (message) => {
    // A refused form (422) is an expected answer; Chromium still logs the response as an error.
    const refusedForm = /Failed to load resource: the server responded with a status of 422/;
    if (message.type() === "error" && !refusedForm.test(message.text())) errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return () => expect(errors, "browser console errors").toEqual([]);
}

/**
 * A made-up client address, sent as X-Forwarded-For (the test server trusts 127.0.0.1 as its
 * proxy): each simulated person then has their own address, as real members do, and the brakes on
 * logins and applications apply per person instead of to the whole test run.
 */
export function clientAddress(): string {
  const part = () => Math.floor(Math.random() * 250) + 1;
  return `10.${part()}.${part()}.${part()}`;
}

export type Lang = "ja" | "en";

/** A browser of its own for one person: the language chosen, JavaScript as the project says, and
 * a client address of its own (see `clientAddress`). */
export async function personContext(browser: Browser, info: TestInfo, lang: Lang): Promise<BrowserContext> {
  const ctx = await browser.newContext({
    baseURL: info.project.use.baseURL,
    javaScriptEnabled: jsEnabled(info),
    locale: lang === "ja" ? "ja-JP" : "en-US",
    extraHTTPHeaders: { "x-forwarded-for": clientAddress() },
  });
  const url = new URL(info.project.use.baseURL || "http://127.0.0.1:3000");
  await ctx.addCookies([{ name: "kizuna_lang", value: lang, domain: url.hostname, path: "/" }]);
  return ctx;
}

/** Logs in through the login page (its button named in `lang`) and lands on "my page". */
export async function logIn(page: Page, info: TestInfo, lang: Lang, email: string, password: string) {
  await open(page, info, "/login");
  await page.locator("#login-email").fill(email);
  await page.locator("#login-password").fill(password);
  await page.getByRole("button", { name: lang === "ja" ? "ログインする" : "Log in" }).click();
  await expect(page).toHaveURL(/\/account$/);
}
