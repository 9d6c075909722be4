import { expect, test } from "@playwright/test";
import { failOnConsoleErrors, Lang, logIn, open, personContext, whenHydrated } from "./helpers";

const adminEmail = process.env.E2E_ADMIN_EMAIL || "";
const adminPassword = process.env.E2E_ADMIN_PASSWORD || "";

const words = {
  ja: { publish: "サイトに公開する（外すと下書き）", save: "保存する", saved: "保存しました。", latest: "協会からのお知らせ" },
  en: { publish: "Publish on the website (untick: draft)", save: "Save", saved: "Saved.", latest: "News from the association" },
};

for (const lang of ["ja", "en"] as Lang[]) {
  test(`a news post is published on the site, the home page and the feed (${lang})`, async ({ browser }, info) => {
    test.setTimeout(90_000);
    const w = words[lang];
    const run = `${lang}-${info.project.name}-${Date.now()}`;
    const page = await (await personContext(browser, info, lang)).newPage();
    const consoleClean = failOnConsoleErrors(page);
    await logIn(page, info, lang, adminEmail, adminPassword);
    await open(page, info, "/admin/news");
    await page.locator("#f-title_ja").fill(`ホストファミリー募集 ${run}`);
    await page.locator("#f-body_ja").fill("夏の訪問団を迎えます。\nご協力ください。");
    await page.locator("#f-title_en").fill(`Host families wanted ${run}`);
    await page.locator("#f-body_en").fill("We welcome a summer delegation.");
    await page.getByLabel(w.publish).check();
    await whenHydrated(page, info);
    await page.getByRole("button", { name: w.save }).click();
    await expect(page.getByRole("status").first()).toHaveText(w.saved);
    const title = lang === "ja" ? `ホストファミリー募集 ${run}` : `Host families wanted ${run}`;

    // Anyone reads it: the home page's latest news, then the post itself.
    const visitor = await (await personContext(browser, info, lang)).newPage();
    await open(visitor, info, "/");
    await expect(visitor.getByRole("heading", { name: w.latest })).toBeVisible();
    await visitor.getByRole("link", { name: title }).click();
    await expect(visitor.getByRole("heading", { level: 1 })).toHaveText(title);
    const feed = await visitor.request.get(`/news.atom?lang=${lang}`);
    expect(feed.headers()["content-type"]).toContain("application/atom+xml");
    expect(await feed.text()).toContain(title);
    consoleClean();
  });
}
