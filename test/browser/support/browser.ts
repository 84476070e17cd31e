import { resolve } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";

/** Debian's Chromium (apt-get install -y chromium); playwright-core drives it, nothing is downloaded. */
export const CHROMIUM = process.env.CKP_CHROMIUM ?? "/usr/bin/chromium";
/** Screenshots of every page the tests visit (gitignored; look at them after a run). */
export const SCREENSHOTS = resolve(import.meta.dirname, "../screenshots");

export const WIDE = { width: 1280, height: 900 };
export const NARROW = { width: 390, height: 844 };

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // this machine's network is closed: no background connections, no component updates
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

export async function newContext(browser: Browser, baseURL: string, viewport = WIDE): Promise<BrowserContext> {
  const ctx = await browser.newContext({ baseURL, viewport, reducedMotion: "reduce" });
  await ctx.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  return ctx;
}

let shot = 0;
/** Saves a full-page screenshot named after what it shows, numbered in the order taken. */
export async function screenshot(page: Page, name: string): Promise<string> {
  shot += 1;
  const w = page.viewportSize()?.width ?? 0;
  const file = resolve(SCREENSHOTS, `${String(shot).padStart(2, "0")}-${name}-${w}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A screenshot of what the viewport shows, for docs/images (copied from here by hand: docs/console.md says how). */
export async function docsShot(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.screenshot({ path: resolve(SCREENSHOTS, `docs-${name}.png`) });
}

/**
 * Accessibility basics the console promises, checked on the page as it is:
 * every form control has an accessible name (a label, aria-label or
 * aria-labelledby), every button has a name, and nothing is wider than the
 * viewport (at 390 px the page must not scroll sideways; wide tables scroll
 * inside their own box).
 */
export async function checkPage(page: Page, what: string): Promise<void> {
  const problems = await page.evaluate(() => {
    const out: string[] = [];
    const named = (el: Element) => {
      const aria = el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
      const labels = (el as HTMLInputElement).labels;
      return Boolean(aria || (labels && labels.length > 0 && [...labels].some((l) => l.textContent?.trim())));
    };
    for (const el of document.querySelectorAll("input, select, textarea")) {
      if ((el as HTMLInputElement).type === "hidden") continue;
      if (!named(el))
        out.push(`unlabelled ${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} (${(el as HTMLInputElement).name || ""})`);
    }
    for (const b of document.querySelectorAll("button, a[href]")) {
      const text = (b.textContent ?? "").trim() || b.getAttribute("aria-label");
      if (!text) out.push(`nameless ${b.tagName.toLowerCase()} ${b.outerHTML.slice(0, 80)}`);
    }
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth + 1) out.push(`the page is ${doc.scrollWidth}px wide in a ${window.innerWidth}px viewport`);
    return out;
  });
  expect(problems, `${what}: accessibility and layout`).toEqual([]);
}

/** Fails with the page's visible text when `check` does not hold within the time. */
export async function waitForText(page: Page, text: string | RegExp, timeout = 60_000): Promise<void> {
  await page.getByText(text).first().waitFor({ state: "visible", timeout });
}
