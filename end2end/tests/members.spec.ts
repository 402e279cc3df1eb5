import { test, expect } from "./fixtures";
import {
  accessibilityViolations,
  PASSWORD,
  signIn,
  signUp,
  signUpAs,
  uniqueName,
  waitForHydration,
} from "./helpers";

test("an admin finds a member, suspends them out of every session, reinstates and deletes them", async ({
  page,
  browser,
}) => {
  const admin = uniqueName("keeper");
  await signUpAs(page, admin, "admin");

  // A member, signed in in a browser of their own.
  const theirs = await browser.newContext();
  const member = await theirs.newPage();
  const name = uniqueName("member");
  await signUp(member, name);

  await page.goto("/admin");
  await waitForHydration(page);
  await page.getByLabel("Search by name or email").fill(`${name}@EXAMPLE`);
  await page.getByRole("button", { name: "Show accounts" }).click();
  const rows = page.locator("table.member-list tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`${name}@example.com`);
  await expect(rows.first()).toContainText("Active");
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await accessibilityViolations(page), `members, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });

  // Suspended after a confirmation: the list says since when.
  page.once("dialog", (dialog) => dialog.accept());
  await rows.first().getByRole("button", { name: `Suspend ${name}` }).click();
  await expect(page.getByText(`${name} is suspended; their sessions have ended.`)).toBeVisible();
  await expect(rows.first()).toContainText("Suspended since");
  await page.screenshot({ path: "../docs/screenshots/members.png", fullPage: true });

  // The member's next page finds their session over; signing in says why.
  await member.goto("/account");
  await expect(member).toHaveURL(/\/signin/);
  await waitForHydration(member);
  await member.getByLabel("Username or email").fill(name);
  await member.getByLabel("Password").fill(PASSWORD);
  await member.getByRole("button", { name: "Sign in" }).click();
  await expect(member.getByText(/this account is suspended/)).toBeVisible();

  // Reinstated, they sign in again.
  await rows.first().getByRole("button", { name: `Reinstate ${name}` }).click();
  await expect(page.getByText(`${name} can sign in again.`)).toBeVisible();
  await signIn(member, name);
  await theirs.close();

  // Deleted, their posts handed to the admin; the form is checked by axe too.
  await rows.first().getByRole("button", { name: `Delete ${name}…` }).click();
  await rows.first().getByLabel("the account that gets their posts").fill(admin);
  expect(await accessibilityViolations(page), "the delete form").toEqual([]);
  await rows.first().getByRole("button", { name: `Delete ${name}`, exact: true }).click();
  await expect(page.getByText(`${name} was deleted; 0 posts were handed over or deleted.`)).toBeVisible();
  await expect(page.getByText("No account matches.")).toBeVisible();

  // The page in Chinese, both themes.
  await page.getByRole("button", { name: "简体中文" }).click();
  await waitForHydration(page);
  await expect(page.getByLabel("按名称或邮箱搜索")).toBeVisible();
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await accessibilityViolations(page), `members in Chinese, ${colorScheme}`).toEqual([]);
  }
  await page.getByRole("button", { name: "English" }).click();
  await waitForHydration(page);
});
