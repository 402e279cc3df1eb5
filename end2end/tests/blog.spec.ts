import { Page } from "@playwright/test";
import { test, expect, watchForCspViolations } from "./fixtures";
import { signUp, uniqueName, waitForHydration } from "./helpers";

const CODE = 'fn main() {\n    let greeting = "hello";\n    println!("{greeting}, world");\n}';
const BODY = `## Getting started\n\nA first paragraph with *emphasis*.\n\n\`\`\`rust\n${CODE}\n\`\`\`\n`;

async function openEditor(page: Page) {
  await page.goto("/editor");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { name: "New post" })).toBeVisible();
}

test("an author writes, previews, saves a draft, survives a reload, publishes; readers find it", async ({
  page,
  browser,
  cspViolations,
}) => {
  const author = uniqueName("writer");
  const title = `Notes on Rust ${uniqueName("")}`;
  await signUp(page, author);
  await openEditor(page);

  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Description").fill("What I learned this week.");
  await page.getByLabel("Tags").fill("rust, notes");
  await page.getByLabel("Body (Markdown)").fill(BODY);

  // The preview is the server's rendering: highlighted code and an anchored heading.
  const preview = page.locator(".preview");
  await expect(preview.locator("pre.highlight code.language-rust span[class*='hl-']").first()).toBeVisible();
  await expect(preview.locator("h2#h-getting-started")).toHaveText(/Getting started/);

  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Draft saved.")).toBeVisible();
  await expect(page).toHaveURL(/\/editor\/notes-on-rust-/);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "../docs/screenshots/editor.png", fullPage: true });

  // Saved text comes back after a reload.
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByLabel("Title")).toHaveValue(title);
  await expect(page.getByLabel("Body (Markdown)")).toHaveValue(BODY);

  // Unsaved typing survives a reload too: leaving warns first, the copy comes back.
  await page.getByLabel("Body (Markdown)").fill(`${BODY}\nAn unsaved afterthought.\n`);
  await expect(page.getByText("Unsaved changes")).toBeVisible();
  let warned = false;
  page.once("dialog", async (dialog) => {
    warned = dialog.type() === "beforeunload";
    await dialog.accept();
  });
  await page.reload();
  await waitForHydration(page);
  expect(warned).toBe(true);
  await expect(page.getByText("Restored changes you had not saved yet.")).toBeVisible();
  await expect(page.getByLabel("Body (Markdown)")).toHaveValue(/An unsaved afterthought\./);

  // Ctrl+S saves (still a draft); then publish.
  await page.getByLabel("Body (Markdown)").press("Control+s");
  await expect(page.getByText("Draft saved.")).toBeVisible();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published.")).toBeVisible();
  const slug = new URL(page.url()).pathname.split("/").pop()!;

  // A signed-out reader finds it on the home page and reads it with highlighted code.
  const reader = await browser.newContext();
  watchForCspViolations(reader, cspViolations);
  const readerPage = await reader.newPage();
  await readerPage.goto("/");
  await waitForHydration(readerPage);
  const link = readerPage.getByRole("link", { name: title });
  await expect(link).toBeVisible();
  await readerPage.screenshot({ path: "../docs/screenshots/home.png", fullPage: false });
  await link.click();
  await expect(readerPage).toHaveURL(new RegExp(`/post/${slug}$`));
  await expect(readerPage.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(readerPage.locator(".prose pre.highlight span[class*='hl-']").first()).toBeVisible();
  await expect(readerPage.locator(".prose")).toContainText("An unsaved afterthought.");
  await expect(readerPage).toHaveTitle(new RegExp(`^${title}`));
  await reader.close();

  // Without JavaScript the same page arrives complete from the server.
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await plain.goto("/");
  await expect(plain.getByRole("link", { name: title })).toBeVisible();
  await plain.goto(`/post/${slug}`);
  await expect(plain.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(plain.locator(".prose pre.highlight span[class*='hl-']").first()).toBeVisible();
  await expect(plain.getByRole("link", { name: "#rust" })).toBeVisible();
  await expect(plain.locator('meta[property="og:title"]')).toHaveAttribute("content", title);
  await noScript.close();
});

test("a failed save keeps the text and names the field", async ({ page }) => {
  await signUp(page, uniqueName("careful"));
  await openEditor(page);
  await page.getByLabel("Body (Markdown)").fill("Words without a title.");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Title can't be blank")).toBeVisible();
  await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Body (Markdown)")).toHaveValue("Words without a title.");
});

test("readers comment, and the post's author can remove a comment", async ({ page, browser, cspViolations }) => {
  const author = uniqueName("host");
  const title = `Open thread ${uniqueName("")}`;
  await signUp(page, author);
  await openEditor(page);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Body (Markdown)").fill("Say hello below.");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published.")).toBeVisible();
  const slug = new URL(page.url()).pathname.split("/").pop()!;

  const guestContext = await browser.newContext();
  watchForCspViolations(guestContext, cspViolations);
  const guest = await guestContext.newPage();
  const guestName = uniqueName("guest");
  await signUp(guest, guestName);
  await guest.goto(`/post/${slug}`);
  await waitForHydration(guest);
  await guest.getByLabel("Add a comment").fill("Hello <b>there</b>!");
  // A comment being typed survives a reload.
  await guest.reload();
  await waitForHydration(guest);
  await expect(guest.getByLabel("Add a comment")).toHaveValue("Hello <b>there</b>!");
  await guest.getByRole("button", { name: "Post comment" }).click();
  await expect(guest.locator(".comment-body")).toHaveText("Hello <b>there</b>!");
  await expect(guest.getByLabel("Add a comment")).toHaveValue("");
  await guestContext.close();

  await page.goto(`/post/${slug}`);
  await waitForHydration(page);
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: `Delete comment by ${guestName}` }).click();
  await expect(page.getByText("No comments yet.")).toBeVisible();
});
