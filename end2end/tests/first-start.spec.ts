import { test, expect } from "./fixtures";
import {
  blogCommand,
  gotoSettled,
  PASSWORD,
  signOut,
  signUp,
  uniqueName,
  waitForHydration,
} from "./helpers";

// A site nobody has claimed yet (its own server: see playwright.config.ts).
const FRESH = process.env.BLOG_E2E_FRESH_DATA;

test("the first sign-up is no admin; the setup link makes the owner, once", async ({ page }) => {
  // A stranger who finds the new site first gets an ordinary account.
  const stranger = uniqueName("early");
  await signUp(page, stranger);
  await page.goto("/admin");
  await waitForHydration(page);
  await expect(page.getByText("Only admins see this page.")).toBeVisible();
  await signOut(page);

  // The operator asks the server for a setup link, as its log also prints at start.
  const address = blogCommand(["setup-link"], FRESH).trim();
  const setup = new URL(address).pathname;
  expect(setup).toMatch(/^\/setup\/[0-9a-f]{64}$/);

  const owner = uniqueName("owner");
  await gotoSettled(page, setup);
  await waitForHydration(page);
  await expect(page.getByRole("heading", { name: "Set up your site" })).toBeVisible();
  await page.getByLabel("Username").fill(owner);
  await page.getByLabel("Email").fill(`${owner}@example.com`);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create the owner's account" }).click();
  await expect(page.getByText("is too short")).toBeVisible();
  await page.screenshot({ path: "../docs/screenshots/setup.png", fullPage: true });
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create the owner's account" }).click();

  // The owner lands on the admin page, where the stranger is listed as an author.
  await expect(page).toHaveURL(/\/admin$/);
  await waitForHydration(page);
  await expect(page.getByRole("heading", { name: "Accounts and roles" })).toBeVisible();
  await expect(page.getByLabel(`Change the role of ${stranger}`)).toHaveValue("author");

  // The link is used up, and the server gives no other.
  await page.goto(setup);
  await expect(page.getByText("This site already has its owner.")).toBeVisible();
  expect(() => blogCommand(["setup-link"], FRESH)).toThrow();
});
