import { Browser, Page } from "@playwright/test";
import { test, expect, watchForCspViolations } from "./fixtures";
import { PASSWORD, signUp, uniqueName, waitForHydration } from "./helpers";

/**
 * Pages hold still while they load: on every reader page and the editor, signed in and out,
 * on a desktop and a phone, with the CPU slowed four times, the layout shifts less than 0.05
 * (Web Vitals' cumulative layout shift, "good" is under 0.1), and no frame shows a signed-in
 * reader a sign-in prompt. Every animation frame is looked at (finer than screenshots every
 * 50 ms): a script installed before the page's own records, frame by frame, whether any
 * sign-in link or sign-up link is visible, until the page is hydrated and still.
 */

const SIZES = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
};

/** Installed in every document before its own scripts. */
function watchFrames() {
  const seen: { shift: number; promptFrames: number; frames: number } = {
    shift: 0,
    promptFrames: 0,
    frames: 0,
  };
  (window as any).__steadiness = seen;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as any[]) {
      if (!entry.hadRecentInput) seen.shift += entry.value;
    }
  }).observe({ type: "layout-shift", buffered: true });
  // A favorite or follow link looks as its button does (the page hides neither while the
  // session is found; it takes no click meanwhile); every other link to sign in or up is a
  // prompt.
  const prompts = 'a[href^="/signin"]:not(.favorite, .follow), a[href^="/signup"]';
  function frame() {
    seen.frames += 1;
    const visible = Array.from(document.querySelectorAll(prompts)).some((element) =>
      (element as HTMLElement).checkVisibility({ visibilityProperty: true, opacityProperty: true }),
    );
    if (visible) seen.promptFrames += 1;
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
}

/** Loads `path` with the CPU slowed 4×, and says how much it moved and what it showed. */
async function load(page: Page, path: string) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await page.goto(path);
  await waitForHydration(page);
  // Whatever the islands do once awake (the signed-in header, a favorite's state) is done
  // within a moment of hydration.
  await page.waitForTimeout(1500);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
  await cdp.detach();
  return page.evaluate(() => (window as any).__steadiness as { shift: number; promptFrames: number; frames: number });
}

/** A writer with one published post (two paragraphs and a comment), in a browser of its own. */
async function writerWithPost(browser: Browser, cspViolations: string[]) {
  const context = await browser.newContext({ viewport: SIZES.desktop });
  watchForCspViolations(context, cspViolations);
  const page = await context.newPage();
  const name = uniqueName("steady");
  await signUp(page, name);
  await page.goto("/editor");
  await waitForHydration(page);
  await page.getByLabel("Title").fill(`Holding still ${uniqueName("")}`);
  await page.getByLabel("Body (Markdown)").fill("A first paragraph.\n\nA second one, with `code`.");
  await page.getByLabel("Tags").fill("steady");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published.")).toBeVisible();
  const slug = new URL(page.url()).pathname.split("/").pop()!;
  return { context, page, name, slug };
}

for (const [sizeName, viewport] of Object.entries(SIZES)) {
  test(`pages hold still and never prompt a signed-in reader to sign in (${sizeName})`, async ({
    browser,
    cspViolations,
  }) => {
    test.setTimeout(120_000);
    const writer = await writerWithPost(browser, cspViolations);
    const readerPages = ["/", `/post/${writer.slug}`, "/tag/steady", `/profile/${writer.name}`, "/search?q=still"];

    for (const signedIn of [false, true]) {
      const context = await browser.newContext({ viewport });
      watchForCspViolations(context, cspViolations);
      await context.addInitScript(watchFrames);
      const page = await context.newPage();
      if (signedIn) {
        // Signed in through the sign-in form, as a reader is: the session cookie and the token.
        await page.goto("/signin");
        await waitForHydration(page);
        await page.getByLabel("Username or email").fill(writer.name);
        await page.getByLabel("Password").fill(PASSWORD);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
      }
      const pages = signedIn ? [...readerPages, "/editor"] : readerPages;
      for (const path of pages) {
        const seen = await load(page, path);
        const what = `${path}, ${signedIn ? "signed in" : "signed out"}, ${sizeName}`;
        console.log(`${what}: layout shift ${seen.shift.toFixed(4)}, prompts in ${seen.promptFrames} of ${seen.frames} frames`);
        expect(seen.frames, `${what}: frames watched`).toBeGreaterThan(5);
        expect(seen.shift, `${what}: cumulative layout shift`).toBeLessThan(0.05);
        if (signedIn) {
          expect(seen.promptFrames, `${what}: frames showing a sign-in prompt`).toBe(0);
        } else if (sizeName === "desktop") {
          // The watch can see a prompt: a visitor on a wide screen has one in the header.
          expect(seen.promptFrames, `${what}: frames showing a sign-in prompt`).toBeGreaterThan(0);
        }
      }
      await context.close();
    }
    await writer.context.close();
  });
}

test("a session that turned out to be over shows the sign-in links again", async ({ browser, cspViolations }) => {
  const context = await browser.newContext();
  watchForCspViolations(context, cspViolations);
  // A marker cookie without a refresh cookie behind it: the renewal fails.
  await context.addCookies([{ name: "blog_session", value: "1", url: test.info().project.use.baseURL! }]);
  const page = await context.newPage();
  await page.goto("/");
  await waitForHydration(page);
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page.locator("html")).not.toHaveAttribute("data-session");
  await context.close();
});

test("the header is one row on a desktop and a title with a menu on a phone", async ({ browser, cspViolations }) => {
  const writer = await writerWithPost(browser, cspViolations);
  const page = writer.page;
  const header = page.locator(".site-header");
  for (const [sizeName, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    await page.goto(`/post/${writer.slug}`);
    await waitForHydration(page);
    await expect(page.getByText(`Signed in as ${writer.name}`)).toBeAttached();
    const height = (await header.boundingBox())!.height;
    // Was four rows signed in: ~270 px of 800 on a desktop, ~300 of 844 on a phone.
    expect(height, `${sizeName}: header height`).toBeLessThan(96);
    if (sizeName === "phone") {
      await expect(page.locator(".site-search")).toBeHidden();
      await page.getByRole("button", { name: "Menu" }).click();
      await expect(page.locator(".site-search")).toBeVisible();
      await expect(page.getByText(`Signed in as ${writer.name}`)).toBeVisible();
    } else {
      await expect(page.locator(".site-search")).toBeVisible();
      await page.locator("details.account-menu summary").click();
      await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    }
    await page.screenshot({ path: `../docs/screenshots/header-${sizeName}.png` });
  }
  await writer.context.close();
});
