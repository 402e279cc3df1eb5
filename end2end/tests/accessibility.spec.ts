import { test, expect } from "./fixtures";
import { Page } from "@playwright/test";
import {
  accessibilityViolations,
  gotoSettled,
  publish,
  signOut,
  signUpAs,
  storedAccessToken,
  uniqueName,
  waitForHydration,
} from "./helpers";

/**
 * axe-core on every page the site has, as a reader and as its admin sees it, in both colour
 * schemes and both languages; and the designed theme, photographed at both sizes in both
 * schemes for the README.
 */

const SCHEMES = ["light", "dark"] as const;
const LANGUAGES = ["en", "zh"] as const;

/**
 * A post with what a theme has to get right: headings, a long code line, a table, a quote, a
 * callout, a footnote.
 */
const SHOWCASE = [
  "A post shows its **type scale**, its measure and how wider things break out of the column.[^1]",
  "",
  "> [!TIP]",
  "> A callout, as GitHub writes it.",
  "",
  "## Code",
  "",
  "```rust",
  "fn main() {",
  '    let greeting = "a line of code long enough to need its own scrolling, far wider than the column of text it sits in";',
  '    println!("{greeting}");',
  "}",
  "```",
  "",
  "## A table",
  "",
  "| Server | Requests per second | p99 |",
  "|---|---|---|",
  "| nginx | 80,000 | 2.8 ms |",
  "| this blog, cached | 30,000 | 3.1 ms |",
  "",
  "> A quotation, set apart from the text around it.",
  "",
  "- a list",
  "- of `inline code` and [a link](https://example.com)",
  "",
  "[^1]: A footnote, at the end, linking back.",
].join("\n");

/** Opens `path` and waits until what it loads after hydrating has been shown. */
async function openSettled(page: Page, path: string) {
  await gotoSettled(page, path);
  await waitForHydration(page);
  await page.waitForLoadState("networkidle");
  await expect(page.getByText(/^(Loading|正在加载)/)).toHaveCount(0);
}

/** The site's address, so a cookie set for it holds for every path. */
function origin(page: Page): string {
  return new URL(page.url()).origin;
}

async function expectNoViolations(page: Page, paths: string[], who: string) {
  for (const language of LANGUAGES) {
    await page.context().addCookies([{ name: "blog_lang", value: language, url: origin(page) }]);
    for (const path of paths) {
      await openSettled(page, path);
      await expect(page.locator("html")).toHaveAttribute("lang", language);
      for (const colorScheme of SCHEMES) {
        await page.emulateMedia({ colorScheme });
        expect(await accessibilityViolations(page), `${path}, ${who}, ${language}, ${colorScheme}`).toEqual(
          [],
        );
      }
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.context().addCookies([{ name: "blog_lang", value: "en", url: origin(page) }]);
  await openSettled(page, "/");
}

test("axe finds nothing on any page, signed in and out, light and dark, English and Chinese", async ({
  page,
}) => {
  // 156 axe runs: about six minutes.
  test.setTimeout(600_000);
  const admin = uniqueName("axeadmin");
  await signUpAs(page, admin, "admin");
  const slug = await publish(page, `Accessible ${uniqueName("")}`, SHOWCASE);
  const token = await storedAccessToken(page);
  const comment = await page.request.post(`/api/articles/${slug}/comments`, {
    headers: { Authorization: `Token ${token}` },
    data: { comment: { body: "A comment with *emphasis* and `code`." } },
  });
  expect(comment.ok(), await comment.text()).toBeTruthy();
  const tagged = await page.request.post("/api/articles", {
    headers: { Authorization: `Token ${token}` },
    data: { article: { title: `Tagged ${uniqueName("")}`, description: "One with a tag.", body: "Tagged.", tagList: ["axe"] } },
  });
  expect(tagged.status()).toBe(201);
  await page.goto("/editor?kind=page");
  await waitForHydration(page);
  await page.getByLabel("Title").fill(`About ${uniqueName("")}`);
  await page.getByLabel("Body (Markdown)").fill("What this site is.");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published.")).toBeVisible();
  const pageSlug = new URL(page.url()).pathname.split("/").pop()!;

  const readerPages = [
    "/",
    `/post/${slug}`,
    "/tag/axe",
    `/profile/${admin}`,
    `/profile/${admin}/favorites`,
    "/search?q=code",
    "/search",
    `/${pageSlug}`,
    "/no-such-page",
  ];
  await expectNoViolations(
    page,
    [
      ...readerPages,
      "/editor",
      `/editor/${slug}`,
      `/editor/${pageSlug}`,
      "/editor/no-such-post",
      "/drafts",
      "/media",
      "/following",
      "/account",
      "/pages",
      "/admin",
      "/admin/settings",
      "/admin/audit",
      "/admin/email",
      "/moderation",
    ],
    "the admin",
  );
  await signOut(page);
  await expectNoViolations(
    page,
    [
      ...readerPages,
      "/signin",
      "/signup",
      "/forgot-password",
      "/reset-password/no-such-link",
      "/subscribe",
      "/unsubscribe/no-such-link",
    ],
    "signed out",
  );
});

test("the theme at both sizes in both schemes", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signUpAs(page, uniqueName("theme"), "editor");
  const slug = await publish(page, "How the theme sets a post", SHOWCASE);
  await signOut(page);
  for (const [size, viewport] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(viewport);
    for (const colorScheme of SCHEMES) {
      await page.emulateMedia({ colorScheme });
      await openSettled(page, `/post/${slug}`);
      // The code block scrolls inside the page, never the page sideways.
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `${size}: the page scrolls sideways`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `../docs/screenshots/theme-${size}-${colorScheme}.png` });
    }
  }
  await context.close();
});
