// Against the server whose access tokens live 2 s and refresh tokens 8 s.
import { test, expect } from "./fixtures";
import { PASSWORD, accountMenuItem, signUp, storedAccessToken, uniqueName, waitForHydration } from "./helpers";

test("an expired access token is renewed on the next action", async ({ page }) => {
  const name = uniqueName("renew");
  await signUp(page, name);
  const before = await storedAccessToken(page);
  expect(before).not.toBeNull();

  await page.getByRole("link", { name: "End2end Blog" }).click();
  await page.waitForTimeout(3_000); // the access token is now expired, the refresh token is not
  // A client-side navigation: the account page's call carries the expired token and succeeds.
  await (await accountMenuItem(page, "Settings")).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.locator(".account-username")).toHaveText(name);
  const after = await storedAccessToken(page);
  expect(after).not.toBeNull();
  expect(after).not.toEqual(before);
});

test("with both tokens expired the reader lands on the sign-in page and returns after", async ({ page }) => {
  const name = uniqueName("expired");
  await signUp(page, name);
  await page.waitForTimeout(9_000); // past the refresh token's lifetime too

  await page.goto("/account");
  await expect(page).toHaveURL(/\/signin\?next=/);
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  expect(await storedAccessToken(page)).toBeNull();

  await waitForHydration(page);
  await page.getByLabel("Username or email").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.locator(".account-username")).toHaveText(name);
});
