import { expect, Page, TestInfo } from "@playwright/test";

export function jsEnabled(info: TestInfo): boolean {
  return info.project.use.javaScriptEnabled !== false;
}

/** Opens a page; with JavaScript on, waits until hydration has finished so clicks are not lost. */
export async function open(page: Page, info: TestInfo, path: string) {
  const response = await page.goto(path);
  if (jsEnabled(info)) {
    await expect(page.locator("body[data-hydrated]")).toHaveCount(1);
  }
  return response;
}

/** Fails the test on any browser console error (hydration mismatches show up there). */
export function failOnConsoleErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return () => expect(errors, "browser console errors").toEqual([]);
}
