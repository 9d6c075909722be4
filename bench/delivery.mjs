// What a browser downloads (issue 11.1): Chromium, driven by Playwright, visits pages of a running
// server with an empty cache, then again with the cache of the first visit. Every byte counted is
// what Chromium's network layer received (`encodedDataLength`: headers and body as sent, so
// compressed when compressed; nothing for answers taken from the cache).
//
//   node bench/delivery.mjs <base URL> <site folder> <path>...
//
// Prints a Markdown table per encoding: as Chromium asks (br, gzip), gzip only, and, as the reference for a
// server that compresses nothing (today's main sends every file as it is), with
// `Accept-Encoding: identity`. Then the bundle files on disk: raw, gzip, brotli.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const { chromium } = require(path.join(root, "end2end/node_modules/@playwright/test"));

const [baseUrl, siteRoot, ...paths] = process.argv.slice(2);
if (!baseUrl || !siteRoot || paths.length === 0) {
  console.error("usage: node bench/delivery.mjs <base URL> <site folder> <path>...");
  process.exit(2);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function kind(url, mime) {
  if (url.endsWith(".wasm") || mime === "application/wasm") return "wasm";
  if (url.endsWith(".js") || (mime || "").includes("javascript")) return "js";
  if (url.endsWith(".css") || mime === "text/css") return "css";
  if ((mime || "").startsWith("text/html")) return "html";
  return "other";
}

// One visit: navigates and waits until the network is quiet (the wasm loaded and hydrated), and
// returns the bytes per kind of file that came over the network.
async function visit(page, cdp, url) {
  const seen = new Map();
  const onResponse = (e) => {
    const r = e.response;
    seen.set(e.requestId, {
      url: r.url,
      mime: r.mimeType,
      cached: r.fromDiskCache || r.fromPrefetchCache || r.fromServiceWorker,
      encoding: (r.headers["content-encoding"] || r.headers["Content-Encoding"] || ""),
      bytes: 0,
    });
  };
  const onCached = (e) => seen.set(e.requestId, { url: "(memory cache)", mime: "", cached: true, bytes: 0 });
  const onFinished = (e) => {
    const item = seen.get(e.requestId);
    if (item) item.bytes = e.encodedDataLength;
  };
  cdp.on("Network.responseReceived", onResponse);
  cdp.on("Network.requestServedFromCache", onCached);
  cdp.on("Network.loadingFinished", onFinished);
  const response = await page.goto(url, { waitUntil: "networkidle" });
  await page.waitForTimeout(500);
  cdp.off("Network.responseReceived", onResponse);
  cdp.off("Network.requestServedFromCache", onCached);
  cdp.off("Network.loadingFinished", onFinished);
  const totals = { status: response.status(), total: 0, requests: 0, html: 0, wasm: 0, js: 0, css: 0, other: 0, encodings: new Set() };
  for (const item of seen.values()) {
    if (item.cached || item.bytes === 0) continue;
    totals.requests += 1;
    totals.total += item.bytes;
    totals[kind(item.url, item.mime)] += item.bytes;
    if (item.encoding) totals.encodings.add(`${kind(item.url, item.mime)}:${item.encoding}`);
  }
  return totals;
}

async function run(browser, acceptEncoding) {
  const rows = [];
  for (const p of paths) {
    const context = await browser.newContext({
      locale: "ja-JP",
      extraHTTPHeaders: acceptEncoding ? { "Accept-Encoding": acceptEncoding } : {},
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    const first = await visit(page, cdp, baseUrl + p);
    // The second visit: a new page in the same browser (same cache), as when someone comes back.
    const again = await context.newPage();
    const cdp2 = await context.newCDPSession(again);
    await cdp2.send("Network.enable");
    const second = await visit(again, cdp2, baseUrl + p);
    rows.push({ path: p, first, second });
    await context.close();
  }
  return rows;
}

function table(title, rows) {
  console.log(`\n${title}\n`);
  console.log("| page | visit | status | requests | transferred | HTML | wasm | JS | CSS | other |");
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const { path: p, first, second } of rows) {
    for (const [name, t] of [["first", first], ["second", second]]) {
      console.log(
        `| \`${p}\` | ${name} | ${t.status} | ${t.requests} | **${kb(t.total)}** | ${kb(t.html)} | ${kb(t.wasm)} | ${kb(t.js)} | ${kb(t.css)} | ${kb(t.other)} |`,
      );
    }
  }
  const encodings = new Set(rows.flatMap((r) => [...r.first.encodings]));
  console.log(`\nContent-Encoding seen: ${[...encodings].sort().join(", ") || "none"}`);
}

function bundleFiles() {
  const pkg = path.join(siteRoot, "pkg");
  console.log("\nThe bundle on disk (gzip -9 and brotli q11 of the served file, computed here)\n");
  console.log("| file | raw | gzip | brotli | .gz / .br written by the build |");
  console.log("|---|---|---|---|---|");
  for (const name of fs.readdirSync(pkg).sort()) {
    if (name.endsWith(".gz") || name.endsWith(".br")) continue;
    const file = path.join(pkg, name);
    if (!fs.statSync(file).isFile()) continue;
    const raw = fs.readFileSync(file);
    const gz = zlib.gzipSync(raw, { level: 9 }).length;
    const br = zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    const pre = [".gz", ".br"]
      .map((ext) => (fs.existsSync(file + ext) ? kb(fs.statSync(file + ext).size) : "–"))
      .join(" / ");
    console.log(`| \`${name}\` | ${kb(raw.length)} (${raw.length} B) | ${kb(gz)} | ${kb(br)} | ${pre} |`);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  table("As Chromium asks (Accept-Encoding: gzip, deflate, br, zstd)", await run(browser, null));
  table("A browser that takes gzip only (Accept-Encoding: gzip)", await run(browser, "gzip"));
  table("Reference: nothing compressed (Accept-Encoding: identity), as today's main sends it", await run(browser, "identity"));
  bundleFiles();
} finally {
  await browser.close();
}
