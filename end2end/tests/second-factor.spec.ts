import { expect, Page, test } from "@playwright/test";
import { createHmac } from "node:crypto";
import { PASSWORD, signIn, signOut, signUp, signUpAs, uniqueName, waitForHydration } from "./helpers";

// Two-step sign-in as a person meets it: an authenticator app set up from the settings page,
// then signing in on other devices with the password and the app's code, or a recovery code,
// which works once. The codes are computed here from the key the page shows, as an app does.

/** RFC 4648 base32, as authenticator apps read a typed key. */
function base32Decode(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const character of text.replace(/[=\s]/g, "").toUpperCase()) {
    const value = alphabet.indexOf(character);
    if (value < 0) throw new Error(`not base32: ${character}`);
    bits += value.toString(2).padStart(5, "0");
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The 30-second step of now. */
function stepNow(): number {
  return Math.floor(Date.now() / 1000 / 30);
}

/** RFC 6238: six digits of HMAC-SHA1 over the step, dynamically truncated. */
function totp(secret: string, step = stepNow()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, "0");
}

/** Waits, if need be, for a step later than `used`: an app's code works once. */
async function nextStepAfter(page: Page, used: number): Promise<number> {
  while (stepNow() <= used) {
    await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 200);
  }
  return stepNow();
}

async function passwordStep(page: Page, name: string) {
  await page.goto("/signin");
  await waitForHydration(page);
  await page.getByLabel("Username or email").fill(name);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("This account has two-step sign-in.")).toBeVisible();
  // Nothing signed in yet: no token was stored.
  expect(await page.evaluate(() => localStorage.getItem("blog.access_token"))).toBeNull();
}

async function codeStep(page: Page, code: string) {
  await page.getByLabel("Code", { exact: true }).fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
}

test("an authenticator app and recovery codes guard the sign-in on every other device", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const name = uniqueName("careful");
  await signUp(page, name);

  // Set it up: the QR code and the key as text, confirmed by a first code.
  await page.goto("/settings");
  await waitForHydration(page);
  const section = page.locator("section.two-step");
  await expect(section.getByText("Off: your password alone signs you in.")).toBeVisible();
  await section.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(section.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await section.locator("code.totp-secret").textContent()) ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const confirmedAt = stepNow();
  await section.getByLabel("Code from the app").fill(totp(secret, confirmedAt));
  await section.getByRole("button", { name: "Turn on" }).click();
  const codes = await section.locator("ol.recovery-codes code").allTextContents();
  expect(codes).toHaveLength(10);
  await section.getByRole("button", { name: "I have saved them" }).click();
  await expect(section.getByText("Recovery codes left: 10.")).toBeVisible();
  await signOut(page);

  // A second device: the password, then a recovery code, once.
  const second = await (await browser.newContext()).newPage();
  await passwordStep(second, name);
  await codeStep(second, codes[0]);
  await second.waitForURL((url) => !url.pathname.startsWith("/signin"));
  await expect(second.getByText(`Signed in as ${name}`)).toBeVisible();
  await second.goto("/settings");
  await waitForHydration(second);
  await expect(second.locator(".device", { hasText: "(this device)" })).toContainText("with a recovery code");
  await expect(second.locator("section.two-step")).toContainText("Recovery codes left: 9.");

  // A third device: the same recovery code is refused; the app's code signs in.
  const third = await (await browser.newContext()).newPage();
  await passwordStep(third, name);
  await codeStep(third, codes[0]);
  await expect(third.getByText("that code is wrong, or was used already")).toBeVisible();
  const step = await nextStepAfter(third, confirmedAt);
  await codeStep(third, totp(secret, step));
  await third.waitForURL((url) => !url.pathname.startsWith("/signin"));
  await expect(third.getByText(`Signed in as ${name}`)).toBeVisible();
  await third.goto("/settings");
  await waitForHydration(third);
  await expect(third.locator(".device", { hasText: "(this device)" })).toContainText(
    "with a password and an app's code",
  );
});

test("an admin removes the two-step sign-in of a member who lost their phone and codes", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  const name = uniqueName("phoneless");
  await signUp(page, name);
  await page.goto("/settings");
  await waitForHydration(page);
  const section = page.locator("section.two-step");
  await section.getByRole("button", { name: "Set up an authenticator app" }).click();
  const secret = (await section.locator("code.totp-secret").textContent()) ?? "";
  await section.getByLabel("Code from the app").fill(totp(secret));
  await section.getByRole("button", { name: "Turn on" }).click();
  await section.getByRole("button", { name: "I have saved them" }).click();
  await signOut(page);

  // The phone and the codes are gone: an admin, asked in person, removes it.
  const admin = await (await browser.newContext()).newPage();
  const keeper = uniqueName("keeper");
  await signUpAs(admin, keeper, "admin");
  await admin.goto("/admin");
  await waitForHydration(admin);
  await admin.getByLabel("Search by name or email").fill(name);
  await admin.getByRole("button", { name: "Show accounts" }).click();
  const row = admin.locator("table.member-list tbody tr", { hasText: name });
  admin.once("dialog", (dialog) => dialog.accept());
  await row.getByRole("button", { name: `Remove ${name}'s two-step sign-in` }).click();
  await expect(admin.getByText(`${name} signs in with the password alone until they set up a new app.`)).toBeVisible();
  await expect(row.getByRole("button", { name: `Remove ${name}'s two-step sign-in` })).toHaveCount(0);
  await admin.goto("/admin/audit");
  await waitForHydration(admin);
  await expect(admin.getByText("second factor removed").first()).toBeVisible();

  // The password alone signs in again.
  await signIn(page, name);
  await expect(page.getByText(`Signed in as ${name}`)).toBeVisible();
});
