import { Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test, expect, watchForCspViolations } from "./fixtures";
import { signUp, storedAccessToken, uniqueName, waitForHydration } from "./helpers";

/** A phone photo: EXIF with the camera ("SecretCam") and a GPS position. */
const PHOTO = readFileSync(path.join(__dirname, "..", "fixtures", "photo-with-gps.jpg"));

const SVG_WITH_SCRIPT =
  '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><script>alert(1)</script></svg>';

async function openEditor(page: Page) {
  await page.goto("/editor");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { name: "New post" })).toBeVisible();
}

/** Pastes a file into the body at the end of its text, as the system clipboard would. */
async function pasteFile(page: Page, name: string, type: string, bytes: Buffer) {
  await page.evaluate(
    ({ name, type, base64 }) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([data], name, { type }));
      const body = document.querySelector<HTMLTextAreaElement>("#post-body")!;
      body.focus();
      body.setSelectionRange(body.value.length, body.value.length);
      body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
    },
    { name, type, base64: bytes.toString("base64") },
  );
}

test("a pasted photo uploads into the post, and readers get it cached and without its EXIF", async ({
  page,
  browser,
  cspViolations,
}) => {
  const title = `Holiday ${uniqueName("")}`;
  await signUp(page, uniqueName("photographer"));
  await openEditor(page);
  await page.getByLabel("Title").fill(title);
  const body = page.getByLabel("Body (Markdown)");
  await body.fill("We went to the sea.\n");

  await pasteFile(page, "beach-day.jpg", "image/jpeg", PHOTO);
  await expect(body).toHaveValue(/We went to the sea\.\n!\[beach day\]\(\/media\/[0-9a-f]{32}-960x640\.jpg\)\n/);
  await expect(page.locator(".preview img")).toHaveAttribute("srcset", /-640w\.jpg 640w/);

  // A drawing with a script is refused, and says why; the text is untouched.
  const before = await body.inputValue();
  await pasteFile(page, "drawing.svg", "image/svg+xml", Buffer.from(SVG_WITH_SCRIPT));
  await expect(page.locator(".upload.failed")).toContainText("SVG");
  await expect(body).toHaveValue(before);

  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published.")).toBeVisible();
  const slug = new URL(page.url()).pathname.split("/").pop()!;
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: "../docs/screenshots/editor-image.png", fullPage: true });

  // The author's media page lists it with the post that shows it.
  await page.goto("/media");
  await waitForHydration(page);
  await expect(page.locator(".media-card").first()).toContainText("beach-day.jpg");
  await expect(page.locator(".media-card").first().getByRole("link", { name: title })).toBeVisible();

  // A signed-out reader.
  const reader = await browser.newContext();
  watchForCspViolations(reader, cspViolations);
  const readerPage = await reader.newPage();
  await readerPage.goto(`/post/${slug}`);
  const image = readerPage.locator(".prose img");
  await expect(image).toHaveAttribute("alt", "beach day");
  await expect(image).toHaveAttribute("width", "960");
  await image.scrollIntoViewIfNeeded();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  const source = await image.getAttribute("src");
  const served = await reader.request.get(source!);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toBe("image/jpeg");
  expect(served.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  const bytes = await served.body();
  expect(bytes.includes(Buffer.from("Exif"))).toBe(false);
  expect(bytes.includes(Buffer.from("SecretCam"))).toBe(false);
  expect(PHOTO.includes(Buffer.from("SecretCam"))).toBe(true);
  await reader.close();
});

test("the history compares two revisions and restores the older one", async ({ page }) => {
  await signUp(page, uniqueName("reviser"));
  await openEditor(page);
  await page.getByLabel("Title").fill(`Drafting ${uniqueName("")}`);
  const body = page.getByLabel("Body (Markdown)");
  await body.fill("The first version.\nA line that stays.\n");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Draft saved.")).toBeVisible();
  await body.fill("The second version.\nA line that stays.\n");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Draft saved.")).toBeVisible();

  await page.locator(".history summary").click();
  const revisions = page.locator(".revision");
  await expect(revisions).toHaveCount(2);
  await expect(revisions.first()).toContainText("+1 −1");
  await page.getByRole("button", { name: "Compare the two chosen" }).click();
  await expect(page.locator(".diff-removed")).toHaveText("- The first version.\n");
  await expect(page.locator(".diff-added")).toHaveText("+ The second version.\n");
  await expect(page.locator(".preview")).toContainText("The second version.");
  await page.screenshot({ path: "../docs/screenshots/history.png", fullPage: true });

  page.once("dialog", (dialog) => dialog.accept());
  await revisions.last().getByRole("button", { name: "Restore" }).click();
  await expect(page.getByText("Restored.")).toBeVisible();
  await expect(body).toHaveValue("The first version.\nA line that stays.\n");
  await expect(revisions).toHaveCount(3);
  await expect(revisions.first()).toContainText("restored");
  // Saved as the post's text: it comes back after a reload.
  await page.reload();
  await waitForHydration(page);
  await expect(body).toHaveValue("The first version.\nA line that stays.\n");
});

test.describe("in Tokyo", () => {
  test.use({ timezoneId: "Asia/Tokyo" });

  test("a draft is scheduled in the author's time zone, and a scheduled post appears at its time", async ({
    page,
    browser,
  }) => {
    await signUp(page, uniqueName("planner"));
    await openEditor(page);
    const title = `Next year ${uniqueName("")}`;
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Body (Markdown)").fill("Coming soon.");
    await expect(page.getByText("Asia/Tokyo")).toBeVisible();
    await page.getByLabel("Publish at").fill("2031-01-02T09:30");
    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    await expect(page.getByText("it publishes itself at the time shown")).toBeVisible();
    const when = page.locator(".scheduled-at");
    await expect(when).toContainText("2031");
    await expect(when).toContainText("09:30");
    await expect(when).toContainText("Asia/Tokyo");
    await page.reload();
    await waitForHydration(page);
    await expect(when).toContainText("09:30");
    await page.goto("/drafts");
    await waitForHydration(page);
    await expect(page.locator(".draft-list li", { hasText: title })).toContainText("09:30");

    // One scheduled a few seconds ahead (through the API, which takes a moment to the
    // second) goes public on its own.
    const token = await storedAccessToken(page);
    const soon = `Any moment ${uniqueName("")}`;
    const publishAt = new Date(Date.now() + 3000).toISOString();
    const created = await page.request.post("/api/articles", {
      headers: { Authorization: `Token ${token}` },
      data: { article: { title: soon, description: "Soon.", body: "Now.", tagList: [], publishAt } },
    });
    expect(created.status()).toBe(201);
    const reader = await browser.newContext();
    const readerPage = await reader.newPage();
    await readerPage.goto("/");
    await expect(readerPage.getByRole("link", { name: soon })).toHaveCount(0);
    await expect
      .poll(
        async () => {
          await readerPage.goto("/");
          return readerPage.getByRole("link", { name: soon }).count();
        },
        { timeout: 15_000, intervals: [1000] },
      )
      .toBe(1);
    await expect(readerPage.getByRole("link", { name: title })).toHaveCount(0);
    await reader.close();
  });
});

test("the editor for a missing post or someone else's is a page saying so, not a broken form", async ({
  page,
  browser,
}) => {
  await signUp(page, uniqueName("owner"));
  await page.goto("/editor");
  await waitForHydration(page);
  await page.getByLabel("Title").fill(`Mine alone ${uniqueName("")}`);
  await page.getByLabel("Body (Markdown)").fill("Not yours.");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published.")).toBeVisible();
  const slug = new URL(page.url()).pathname.split("/").pop()!;

  const other = await browser.newContext();
  const stranger = await other.newPage();
  await signUp(stranger, uniqueName("stranger"));
  await stranger.goto(`/editor/${slug}`);
  await waitForHydration(stranger);
  await expect(stranger.getByRole("heading", { level: 1 })).toHaveText("This post is not yours to edit");
  await expect(stranger.locator("form.editor-form")).toHaveCount(0);
  await expect(stranger).toHaveTitle(/This post is not yours to edit/);

  await stranger.goto("/editor/no-post-has-this-address");
  await waitForHydration(stranger);
  await expect(stranger.getByRole("heading", { level: 1 })).toHaveText("No post to edit here");
  await expect(stranger.locator("form.editor-form")).toHaveCount(0);
  await stranger.getByRole("link", { name: "Write a new post" }).click();
  await expect(stranger.getByLabel("Title")).toBeVisible();
  await other.close();
});

test("deleting a post says so on the drafts page it lands on, and undoing brings it back as a draft", async ({ page }) => {
  await signUp(page, uniqueName("deleter"));
  await page.goto("/editor");
  await waitForHydration(page);
  const title = `Short-lived ${uniqueName("")}`;
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Body (Markdown)").fill("Gone soon.");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Draft saved.")).toBeVisible();
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Delete post" }).click();
  await expect(page).toHaveURL(/\/drafts\?deleted=/);
  await expect(page.getByRole("status").filter({ hasText: `Deleted “${title}”.` })).toBeVisible();
  await expect(page.getByRole("link", { name: title })).toHaveCount(0);
  // Undone: the text comes back as a draft, open in the editor.
  await waitForHydration(page);
  await page.getByRole("button", { name: "Undo: bring it back as a draft" }).click();
  await expect(page).toHaveURL(/\/editor\/short-lived-/);
  await waitForHydration(page);
  await expect(page.getByLabel("Title")).toHaveValue(title);
  await expect(page.getByLabel("Body (Markdown)")).toHaveValue("Gone soon.");
  await page.goto("/drafts");
  await expect(page.getByRole("link", { name: title })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Undo/ })).toHaveCount(0);
});

test("on a phone the editor's buttons stay in reach and the preview is a tab of its own", async ({ page }) => {
  await signUp(page, uniqueName("thumbs"));
  await page.setViewportSize({ width: 390, height: 844 });
  await openEditor(page);
  await page.getByLabel("Title").fill("Written on a phone");
  const body = page.getByLabel("Body (Markdown)");
  await body.fill(Array.from({ length: 80 }, (_, line) => `Line ${line} of a long *draft*.`).join("\n\n"));
  // However long the text, Save draft and Publish are on the screen, not far below it.
  await body.focus();
  await expect(page.getByRole("button", { name: "Save draft" })).toBeInViewport();
  await expect(page.getByRole("button", { name: "Publish" })).toBeInViewport();
  // The text and its preview take turns.
  const preview = page.locator(".preview-pane");
  await expect(preview).toBeHidden();
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  await expect(preview).toBeVisible();
  await expect(body).toBeHidden();
  await expect(preview.locator("em").first()).toHaveText("draft");
  await page.getByRole("button", { name: "Write", exact: true }).click();
  await expect(body).toBeVisible();
  await expect(preview).toBeHidden();
  await page.screenshot({ path: "../docs/screenshots/editor-phone.png" });
});
