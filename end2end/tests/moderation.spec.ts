import { test, expect, watchForCspViolations } from "./fixtures";
import {
  accessibilityViolations,
  accountMenuItem,
  publish,
  signUp,
  uniqueName,
  waitForHydration,
} from "./helpers";

// The site's default policy lets comments through, but more than two links hold one: the
// shared server's other tests keep their open comments.
test("a held comment waits for the post's author, who approves it from the queue; comments close", async ({
  page,
  browser,
  cspViolations,
}) => {
  const author = uniqueName("host");
  await signUp(page, author);
  const slug = await publish(page, `Held thread ${uniqueName("")}`, "Links welcome, within reason.");

  const guestContext = await browser.newContext();
  watchForCspViolations(guestContext, cspViolations);
  const guest = await guestContext.newPage();
  const guestName = uniqueName("linker");
  await signUp(guest, guestName);
  await guest.goto(`/post/${slug}`);
  await waitForHydration(guest);
  const links = "Try https://a.example and https://b.example and https://c.example";
  await guest.getByLabel("Add a comment").fill(links);
  await guest.getByRole("button", { name: "Post comment" }).click();
  // The writer sees it waiting; the conversation everyone sees does not have it.
  const waiting = guest.locator(".held-comments");
  await expect(waiting.getByRole("heading", { name: "Waiting for a moderator" })).toBeVisible();
  await expect(waiting.locator(".comment-body")).toHaveText(links);
  await expect(waiting).toContainText("held: too many links");
  await expect(guest.getByText("No comments yet.")).toBeVisible();

  // A reader who is not signed in sees nothing of it.
  const strangerContext = await browser.newContext();
  const stranger = await strangerContext.newPage();
  await stranger.goto(`/post/${slug}`);
  await expect(stranger.getByText("No comments yet.")).toBeVisible();
  await expect(stranger.locator(".held-comments")).toHaveCount(0);
  await strangerContext.close();

  // The author's header counts it; the queue shows it with its post.
  await page.goto(`/post/${slug}`);
  await waitForHydration(page);
  await expect(page.locator(".account-menu summary .badge")).toContainText("1");
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await accessibilityViolations(page), `held comment, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.screenshot({ path: "../docs/screenshots/moderation-post.png", fullPage: true });
  await (await accountMenuItem(page, "Moderation")).click();
  await expect(page).toHaveURL(/\/moderation$/);
  await waitForHydration(page);
  const queued = page.locator("li.queued");
  await expect(queued).toHaveCount(1);
  await expect(queued).toContainText(links);
  await expect(queued).toContainText(guestName);
  // An author moderates their posts' comments, but banning is for editors and admins.
  await expect(queued.getByRole("button", { name: `Ban writer: ${guestName}` })).toHaveCount(0);
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await accessibilityViolations(page), `moderation, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.screenshot({ path: "../docs/screenshots/moderation.png", fullPage: true });
  await queued.getByRole("button", { name: `Approve: ${guestName}` }).click();
  await expect(page.getByText("No comment is waiting.")).toBeVisible();

  // Approved: everyone reads it.
  await guest.goto(`/post/${slug}`);
  await expect(guest.locator("ol.comment-list > li.comment .comment-body").first()).toHaveText(links);
  await expect(guest.locator(".held-comments")).toHaveCount(0);

  // The author closes the comments: the form gives way to a notice, the comment stays.
  await page.goto(`/post/${slug}`);
  await waitForHydration(page);
  await page.getByRole("button", { name: "Close comments" }).click();
  await expect(page.getByText("Comments are closed.")).toBeVisible();
  await guest.goto(`/post/${slug}`);
  await waitForHydration(guest);
  await expect(guest.getByText("Comments are closed.")).toBeVisible();
  await expect(guest.getByLabel("Add a comment")).toHaveCount(0);
  await expect(guest.locator("ol.comment-list > li.comment")).toHaveCount(1);
  await guestContext.close();

  // The moderation page in Chinese, in both schemes.
  await page.goto("/moderation");
  await waitForHydration(page);
  await page.getByRole("button", { name: "简体中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { level: 1, name: "审核" })).toBeVisible();
  await expect(page.getByText("没有待审核的评论。")).toBeVisible();
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await accessibilityViolations(page), `moderation in Chinese, ${colorScheme}`).toEqual([]);
  }
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});
