import { expect, test } from "@playwright/test";
import {
  gotoSettled,
  mailTo,
  PASSWORD,
  publish,
  signIn,
  signOut,
  signUp,
  uniqueName,
  waitForHydration,
} from "./helpers";

// Email through a real SMTP server on loopback (playwright.config.ts starts it beside the blog).

test("a forgotten password is reset by the emailed link: signed in, other devices signed out", async ({
  page,
  browser,
}) => {
  const name = uniqueName("forgetful");
  await signUp(page, name);
  // Another device, signed in too.
  const elsewhere = await browser.newContext();
  const otherPage = await elsewhere.newPage();
  await signIn(otherPage, name);
  await signOut(page);

  await gotoSettled(page, "/signin");
  await waitForHydration(page);
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await waitForHydration(page);
  await page.getByLabel("Email").fill(`${name}@example.com`);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "If an account has this address, a link is on its way" }),
  ).toBeVisible();

  const [mail] = await mailTo(`${name}@example.com`, "Reset your password");
  expect(mail.subject).toBe("Reset your password on End2end Blog");
  expect(mail.headers).toMatch(/multipart\/alternative/i);
  const link = /https?:\/\/\S+\/reset-password\/\S+/.exec(mail.text)?.[0];
  expect(link, mail.text).toBeTruthy();

  await page.goto(new URL(link as string).pathname);
  await waitForHydration(page);
  await page.getByLabel("New password").fill("a brand new secret");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/reset-password"));
  await expect(page.getByText(`Signed in as ${name}`)).toBeVisible();

  // The other device's session is over: its refresh cookie renews nothing.
  const renewal = await elsewhere.request.post("/rpc/auth/refresh");
  expect(renewal.status()).toBe(401);
  await elsewhere.close();

  // The old password no longer signs in; the link does not work twice.
  await signOut(page);
  await gotoSettled(page, "/signin");
  await waitForHydration(page);
  await page.getByLabel("Username or email").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /wrong username or password/i })).toBeVisible();
  await page.goto(new URL(link as string).pathname);
  await expect(page.getByRole("alert").filter({ hasText: "This link was used or has expired." })).toBeVisible();
  await expect(page.getByRole("link", { name: "Ask for a new link" })).toBeVisible();
});

test("a new account's address is verified by the link emailed to it", async ({ page }) => {
  const name = uniqueName("verified");
  await signUp(page, name);
  await expect(page.getByText("This address is not verified yet")).toBeVisible();
  const [mail] = await mailTo(`${name}@example.com`, "Verify your email address");
  expect(mail, "a verification message").toBeTruthy();
  const link = /https?:\/\/\S+\/verify-email\/\S+/.exec(mail.text)?.[0] as string;
  await page.goto(new URL(link).pathname);
  await expect(
    page.getByRole("status").filter({ hasText: `Your address ${name}@example.com is verified` }),
  ).toBeVisible();
  await page.goto("/account");
  await expect(page.getByText("This address is verified.")).toBeVisible();
});

test("forgot password answers alike for an address with no account, and sends it nothing", async ({ page }) => {
  const address = `${uniqueName("nobody")}@example.com`;
  await page.goto("/forgot-password");
  await waitForHydration(page);
  await page.getByLabel("Email").fill(address);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "If an account has this address, a link is on its way" }),
  ).toBeVisible();
  expect(await mailTo(address)).toHaveLength(0);
});

test("a reader subscribes, confirms, gets the new post by email and leaves with one click", async ({
  page,
  browser,
}) => {
  const address = `${uniqueName("subscriber")}@example.com`;
  await page.goto("/");
  await page.getByRole("link", { name: "Subscribe by email" }).click();
  await expect(page).toHaveURL(/\/subscribe$/);
  await waitForHydration(page);
  await page.getByLabel("Email").fill(address);
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Check your inbox" })).toBeVisible();

  const [confirmation] = await mailTo(address, "Confirm your subscription");
  expect(confirmation, "a confirmation message").toBeTruthy();
  const confirm = /https?:\/\/\S+\/subscribe\/confirm\/\S+/.exec(confirmation.text)?.[0] as string;
  await page.goto(new URL(confirm).pathname);
  await expect(page.getByRole("status").filter({ hasText: "You are subscribed to End2end Blog" })).toBeVisible();

  // An author publishes; the post arrives, with its reader's one-click way out.
  const author = await browser.newContext();
  const authorPage = await author.newPage();
  const name = uniqueName("newsletterer");
  await signUp(authorPage, name);
  const title = `Letter ${name}`;
  await publish(authorPage, title, "A post for **subscribers**.");
  const [letter] = await mailTo(address, title);
  expect(letter, "the newsletter").toBeTruthy();
  expect(letter.text).toContain("A post for **subscribers**.");
  const unsubscribe = /^List-Unsubscribe:\s*<([^>]+)>/im.exec(letter.headers)?.[1] as string;
  expect(unsubscribe, letter.headers).toMatch(/\/unsubscribe\/\w+$/);
  expect(letter.headers).toMatch(/^List-Unsubscribe-Post:\s*List-Unsubscribe=One-Click/im);
  expect(letter.text).toContain(unsubscribe);

  // The author sees it went out.
  await expect(authorPage.getByRole("status").filter({ hasText: /Emailed to \d+ subscribers/ })).toBeVisible({
    timeout: 15_000,
  });
  await author.close();

  // The mail client's button: a POST with no cookie, from no page of the site.
  const oneClick = await page.request.post(new URL(unsubscribe).pathname, {
    form: { "List-Unsubscribe": "One-Click" },
  });
  expect(oneClick.status()).toBe(200);
  await page.goto(new URL(unsubscribe).pathname);
  await expect(page.getByRole("status").filter({ hasText: "not subscribed" })).toBeVisible();
});
