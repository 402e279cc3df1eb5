import { test, expect } from "./fixtures";
import {
  accessibilityViolations,
  accountMenuItem,
  signUpAs,
  uniqueName,
  waitForHydration,
} from "./helpers";

test("an editor writes a standalone page in the editor; readers find it at its own address, never in a list", async ({
  page,
  browser,
}) => {
  const editor = uniqueName("pagewriter");
  await signUpAs(page, editor, "editor");

  // The list of pages, from the account menu.
  await (await accountMenuItem(page, "Pages")).click();
  await expect(page).toHaveURL(/\/pages$/);
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: "Pages" })).toBeVisible();
  await page.getByRole("link", { name: "New page" }).click();
  await expect(page).toHaveURL(/\/editor\?kind=page$/);
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: "New page" })).toBeVisible();
  // A page is in no list: it has no tags.
  await expect(page.getByLabel("Tags")).toHaveCount(0);
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await accessibilityViolations(page), `page editor, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });

  // A title that would take the site's own address is refused by name, and the typing stays.
  await page.getByLabel("Title").fill("Search");
  await page.getByLabel("Body (Markdown)").fill("Where to find things.");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText(/the site uses itself/)).toBeVisible();
  await expect(page.getByLabel("Body (Markdown)")).toHaveValue("Where to find things.");

  const title = `Colophon ${uniqueName("")}`;
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Body (Markdown)").fill("Set in **system fonts**, written in Markdown.");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Edit page" })).toBeVisible();
  await page.screenshot({ path: "../docs/screenshots/page-editor.png", fullPage: true });
  const slug = new URL(page.url()).pathname.split("/").pop()!;
  await page.getByRole("link", { name: "View page" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.locator(".prose strong")).toHaveText("system fonts");
  await waitForHydration(page);
  await expect(page.getByRole("link", { name: "Edit this page" })).toBeVisible();

  // A reader who is not signed in gets it complete, with no byline or comments, and never
  // finds it in a list.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const reader = await context.newPage();
  const answer = await reader.goto(`/${slug}`);
  expect(answer?.status()).toBe(200);
  await expect(reader.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(reader.locator(".comments")).toHaveCount(0);
  await expect(reader.locator(".byline")).toHaveCount(0);
  await reader.goto("/");
  await expect(reader.getByText(title)).toHaveCount(0);
  expect((await reader.goto(`/post/${slug}`))?.status()).toBe(404);
  await context.close();
  // axe runs in the page, so this reader has script.
  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto(`/${slug}`);
  for (const colorScheme of ["light", "dark"] as const) {
    await visitor.emulateMedia({ colorScheme });
    expect(await accessibilityViolations(visitor), `page, ${colorScheme}`).toEqual([]);
  }
  await visitor.emulateMedia({ colorScheme: "light" });
  await visitor.screenshot({ path: "../docs/screenshots/page.png", fullPage: true });
  await visitorContext.close();

  // The list of pages names it, published, with its address.
  await page.goto("/pages");
  await waitForHydration(page);
  const listed = page.locator(".page-list li", { hasText: title });
  await expect(listed).toContainText("Published");
  await expect(listed.getByRole("link", { name: `/${slug}` })).toBeVisible();

  // The page editor in Chinese, in both schemes.
  await listed.getByRole("link", { name: title }).click();
  await waitForHydration(page);
  await page.getByRole("button", { name: "简体中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: "编辑页面" })).toBeVisible();
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await accessibilityViolations(page), `page editor in Chinese, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});
