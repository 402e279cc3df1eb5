import { test, expect } from "./fixtures";
import {
  PASSWORD,
  accountMenuItem,
  evaluateSettled,
  gotoSettled,
  signUp,
  storedAccessToken,
  uniqueName,
  waitForHydration,
} from "./helpers";

test("sign up, reload and still be signed in", async ({ page }) => {
  const name = uniqueName("reader");
  await signUp(page, name);
  await expect(page).toHaveURL(/\/account\?welcome$/);
  await expect(page.locator(".account-username")).toHaveText(name);
  // A new account is greeted and led to its first post.
  await expect(page.getByRole("heading", { name: `Welcome, ${name}!` })).toBeVisible();
  await expect(page.getByRole("link", { name: "Write your first post" })).toHaveAttribute("href", "/editor");
  expect(await storedAccessToken(page)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  const cookies = await page.context().cookies();
  const refresh = cookies.filter((cookie) => cookie.name === "blog_refresh");
  expect(refresh.length).toBeGreaterThan(0);
  expect(refresh.every((cookie) => cookie.httpOnly && cookie.sameSite === "Strict")).toBe(true);
  expect(await evaluateSettled(page, () => document.cookie)).not.toContain("blog_refresh");

  await page.reload();
  await expect(page.getByText(`Signed in as ${name}`)).toBeVisible();
  await expect(page.locator(".account-username")).toHaveText(name);
});

test("a tab whose storage was cleared signs itself back in with the refresh cookie", async ({
  page,
}) => {
  const name = uniqueName("forgetful");
  await signUp(page, name);
  await evaluateSettled(page, () => localStorage.clear());
  await page.goto("/");
  await expect(page.getByText(`Signed in as ${name}`)).toBeVisible();
  expect(await storedAccessToken(page)).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  // Signed out, the marker cookie is gone too: no refresh is tried on the next page.
  await (await accountMenuItem(page, "Sign out", "button")).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  expect(await evaluateSettled(page, () => document.cookie)).not.toContain("blog_session=1");
});

test("sign out, then sign in again and come back to where you were", async ({ page }) => {
  const name = uniqueName("author");
  await signUp(page, name);
  await (await accountMenuItem(page, "Sign out", "button")).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  expect(await storedAccessToken(page)).toBeNull();

  await page.goto("/account");
  await expect(page).toHaveURL(/\/signin\?next=%2Faccount|\/signin\?next=\/account/);
  await waitForHydration(page);
  await page.getByLabel("Username or email").fill(name);
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "wrong username or password" })).toBeVisible();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.locator(".account-username")).toHaveText(name);
});

test("signing out in one tab signs out the other", async ({ context }) => {
  const first = await context.newPage();
  const name = uniqueName("tabs");
  await signUp(first, name);
  const second = await context.newPage();
  await second.goto("/");
  await expect(second.getByText(`Signed in as ${name}`)).toBeVisible();

  await (await accountMenuItem(first, "Sign out", "button")).click();
  await expect(first.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(second.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(second.getByText(`Signed in as ${name}`)).toHaveCount(0);
});

test("what is typed before the form's code has arrived is kept", async ({ page }) => {
  const name = uniqueName("quick");
  await page.goto("/signup");
  // No waiting: the fields are filled while the island may still be asleep.
  await page.getByLabel("Username").fill(name);
  await page.getByLabel("Email").fill(`${name}@example.com`);
  await page.getByLabel("Password").fill(PASSWORD);
  await waitForHydration(page);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText(`Signed in as ${name}`)).toBeVisible();
});

test("sign-up errors name the field and keep what was typed", async ({ page }) => {
  await page.goto("/signup");
  await waitForHydration(page);
  await page.getByLabel("Username").fill("short-password");
  await page.getByLabel("Email").fill("short@example.com");
  await page.getByLabel("Password").fill("1234567");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.locator("#password-error")).toHaveText(
    "Password is too short (minimum is 8 characters)",
  );
  await expect(page.getByLabel("Username")).toHaveValue("short-password");
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
});

test("the header's sign-in comes back to the post being read, and signing out there stays on it", async ({
  page,
}) => {
  const name = uniqueName("returner");
  await signUp(page, name);
  await page.goto("/editor");
  await waitForHydration(page);
  await page.getByLabel("Title").fill(`Where I was ${name}`);
  await page.getByLabel("Body (Markdown)").fill("Reading this.");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published.")).toBeVisible();
  const post = `/post/${new URL(page.url()).pathname.split("/").pop()}`;

  await page.goto(post);
  await waitForHydration(page);
  await (await accountMenuItem(page, "Sign out", "button")).click();
  await expect(page.locator(".site-header").getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`${post}$`));

  await page.locator(".site-header").getByRole("link", { name: "Sign in" }).click();
  // The sign-in page's own hydration, not the post page's.
  await expect(page).toHaveURL(/\/signin/);
  await waitForHydration(page);
  await page.getByLabel("Username or email").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${post}$`));
  await expect(page.getByText(`Signed in as ${name}`)).toBeVisible();

  // From a page only the signed-in see, signing out goes home.
  await gotoSettled(page, "/drafts");
  await waitForHydration(page);
  await (await accountMenuItem(page, "Sign out", "button")).click();
  await expect(page).toHaveURL(/\/$/);
});
