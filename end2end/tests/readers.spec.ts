import { Browser } from "@playwright/test";
import { test, expect, watchForCspViolations } from "./fixtures";
import { accountMenuItem, publish, signUp, uniqueName, waitForHydration } from "./helpers";

/** A new browser (its own storage and cookies) with a newly signed-up reader in it. */
async function newReader(browser: Browser, cspViolations: string[], prefix: string) {
  const context = await browser.newContext();
  watchForCspViolations(context, cspViolations);
  const page = await context.newPage();
  const name = uniqueName(prefix);
  await signUp(page, name);
  return { context, page, name };
}

test("a reader favorites a post: the count goes up, stays after a reload, and comes down again", async ({
  page,
  browser,
  cspViolations,
}) => {
  await signUp(page, uniqueName("writer"));
  const title = `Worth keeping ${uniqueName("")}`;
  const slug = await publish(page, title, "## One\n\nA.\n\n## Two\n\nB.\n\n## Three\n\nC.");

  const reader = await newReader(browser, cspViolations, "fan");
  const { page: fan } = reader;
  await fan.goto(`/post/${slug}`);
  await waitForHydration(fan);
  // The page is everyone's; whether this reader favorited the post is asked once it is live.
  const favorite = fan.locator(".post-actions button.favorite");
  const count = fan.locator(".post-actions .favorite-count");
  await expect(favorite).toHaveAttribute("aria-pressed", "false");
  await expect(favorite).toBeEnabled();
  await expect(count).toHaveText("0");
  await favorite.click();
  await expect(favorite).toHaveAttribute("aria-pressed", "true");
  await expect(count).toHaveText("1");

  await fan.reload();
  await expect(count).toHaveText("1");
  await waitForHydration(fan);
  await expect(favorite).toHaveAttribute("aria-pressed", "true");
  // The list shows it too, marked.
  await fan.goto("/");
  await waitForHydration(fan);
  const card = fan.locator("article.post-card", { hasText: title });
  await expect(card.locator(".favorite-count")).toHaveText("1");
  await expect(card.locator("button.favorite")).toHaveAttribute("aria-pressed", "true");

  // On the reader's favorites tab.
  await fan.goto(`/profile/${reader.name}`);
  await fan.getByRole("link", { name: "Favorites", exact: true }).click();
  await expect(fan).toHaveURL(new RegExp(`/profile/${reader.name}/favorites$`));
  await expect(fan.getByRole("link", { name: "Favorites", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(fan.getByRole("link", { name: title })).toBeVisible();

  // Unfavorited from the list, and gone after a reload.
  await fan.goto("/");
  await waitForHydration(fan);
  await card.locator("button.favorite").click();
  await expect(card.locator("button.favorite")).toHaveAttribute("aria-pressed", "false");
  await expect(card.locator(".favorite-count")).toHaveText("0");
  await fan.goto(`/post/${slug}`);
  await expect(count).toHaveText("0");
  await waitForHydration(fan);
  await expect(favorite).toHaveAttribute("aria-pressed", "false");
  await expect(favorite).toBeEnabled();
  await reader.context.close();

  // Someone signed out sees the count, and is asked to sign in first.
  const visitor = await browser.newContext();
  watchForCspViolations(visitor, cspViolations);
  const guest = await visitor.newPage();
  await guest.goto(`/post/${slug}`);
  await waitForHydration(guest);
  await expect(guest.locator("nav.toc")).toContainText("Two");
  await guest.locator(".post-actions a.favorite").click();
  await expect(guest).toHaveURL(/\/signin\?next=/);
  await visitor.close();
});

test("a reader follows an author: the button remembers, and the author's posts fill the following page", async ({
  page,
  browser,
  cspViolations,
}) => {
  const author = uniqueName("columnist");
  await signUp(page, author);
  const title = `Dispatch ${uniqueName("")}`;
  await publish(page, title, "News from the front.");

  const reader = await newReader(browser, cspViolations, "follower");
  const { page: follower } = reader;
  await follower.goto(`/profile/${author}`);
  await waitForHydration(follower);
  const follow = follower.locator(".profile-header button.follow");
  await expect(follow).toHaveText(`Follow ${author}`);
  await expect(follow).toBeEnabled();
  await follow.click();
  await expect(follow).toHaveText(`Following ${author}`);
  await expect(follow).toHaveAttribute("aria-pressed", "true");
  await follower.reload();
  await waitForHydration(follower);
  await expect(follow).toHaveText(`Following ${author}`);

  await (await accountMenuItem(follower, "Following")).click();
  await expect(follower).toHaveURL(/\/following$/);
  await expect(follower.getByRole("link", { name: title })).toBeVisible();

  await follower.goto(`/profile/${author}`);
  await waitForHydration(follower);
  await expect(follow).toHaveText(`Following ${author}`);
  await follow.click();
  await expect(follow).toHaveText(`Follow ${author}`);
  await follower.goto("/following");
  await expect(follower.getByText("Nothing here yet.", { exact: false })).toBeVisible();
  await reader.context.close();

  // The following page is a signed-in reader's: anyone else signs in first.
  const visitor = await browser.newContext();
  watchForCspViolations(visitor, cspViolations);
  const guest = await visitor.newPage();
  await guest.goto("/following");
  await expect(guest).toHaveURL(/\/signin\?next=/);
  await visitor.close();
});
