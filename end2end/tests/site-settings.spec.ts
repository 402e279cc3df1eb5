import path from "node:path";
import type { Page } from "@playwright/test";
import { test, expect } from "./fixtures";
import {
  accessibilityViolations,
  PASSWORD,
  signUp,
  signUpAs,
  storedAccessToken,
  uniqueName,
  waitForHydration,
} from "./helpers";

/** Gives every setting back to the settings file, as the other tests expect the site. */
async function giveEverySettingBack(page: Page) {
  const token = await storedAccessToken(page);
  await page.evaluate(async (token) => {
    const headers = { "Content-Type": "application/json", Authorization: `Bearer ${token}` };
    const answer = await fetch("/rpc/site/settings", { method: "POST", headers, body: "{}" });
    const settings = await answer.json();
    const keys = settings.sources.map((pair: [string, string]) => pair[0]);
    await fetch("/rpc/site/settings/save", {
      method: "POST",
      headers,
      body: JSON.stringify({ change: { values: settings.from_file, from_file: keys } }),
    });
  }, token);
}

test("the owner shapes the site from the settings page, and every page shows it", async ({ page }) => {
  const owner = uniqueName("publisher");
  await signUpAs(page, owner, "admin");

  try {
    await page.goto("/admin/settings");
    await waitForHydration(page);
    await expect(page.getByRole("heading", { name: "Site settings" })).toBeVisible();
    const title = page.getByLabel("Title", { exact: true });
    await expect(title).toHaveValue("End2end Blog");
    await expect(page.getByText("From the settings file.").first()).toBeVisible();

    // No accessibility violation, in either theme or language.
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await accessibilityViolations(page), `settings, ${colorScheme}`).toEqual([]);
    }

    // A colour too pale to read is refused by name, and nothing is saved.
    await page.getByLabel(/^Accent colour/).fill("#ffd700");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText(/too light to read/)).toBeVisible();
    await page.emulateMedia({ colorScheme: "light" });
    expect(await accessibilityViolations(page), "settings with an error").toEqual([]);

    await title.fill("Field Notes");
    await page.getByLabel("Description").fill("Notes from the field, weekly.");
    await page.getByLabel(/^Accent colour/).fill("#7a1f5c");
    await page.getByRole("button", { name: "Add a link" }).click();
    await page.getByRole("textbox", { name: "Label" }).last().fill("About");
    await page.getByRole("textbox", { name: "Address" }).last().fill("/about");
    await page.getByRole("button", { name: "Add a link" }).click();
    await page.getByRole("textbox", { name: "Label" }).last().fill("Rust");
    await page.getByRole("textbox", { name: "Address" }).last().fill("/tag/rust");
    // The logo goes through the image pipeline, as an author's photo does.
    await page
      .locator("#logo-picker")
      .setInputFiles(path.join(__dirname, "..", "fixtures", "photo-with-gps.jpg"));
    await expect(page.getByLabel(/^Logo/)).toHaveValue(/^\/media\/[0-9a-f]+/);
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Saved. Every page shows the new settings.")).toBeVisible();
    await expect(page.getByText("Set here.").first()).toBeVisible();
    await page.screenshot({ path: "../docs/screenshots/site-settings.png", fullPage: true });

    // Every page, at once: the title, the navigation, the accent colour.
    await page.goto("/");
    await expect(page).toHaveTitle("Field Notes");
    const header = page.locator(".site-header");
    await expect(header.getByRole("link", { name: "Field Notes" })).toBeVisible();
    await expect(header.locator("img.site-logo")).toHaveAttribute("src", /^\/media\//);
    const navigation = page.getByRole("navigation", { name: "Site" });
    await expect(navigation.getByRole("link")).toHaveText(["About", "Rust"]);
    await expect(navigation.getByRole("link", { name: "Rust" })).toHaveAttribute("href", "/tag/rust");
    const accent = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue("--accent"),
    );
    expect(accent).toContain("#7a1f5c");
    await page.screenshot({ path: "../docs/screenshots/site-settings-home.png" });

    // The settings page in Chinese, both themes.
    await page.goto("/admin/settings");
    await page.getByRole("button", { name: "简体中文" }).click();
    await waitForHydration(page);
    await expect(page.getByRole("heading", { name: "站点设置" })).toBeVisible();
    await expect(page.getByText("在此设置。").first()).toBeVisible();
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await accessibilityViolations(page), `settings in Chinese, ${colorScheme}`).toEqual([]);
    }
    await page.getByRole("button", { name: "English" }).click();
    await waitForHydration(page);

    // The title goes back to the file's; the navigation stays.
    await page.emulateMedia({ colorScheme: "light" });
    const titleSetting = page.locator(".setting").filter({ has: page.getByLabel("Title", { exact: true }) });
    await titleSetting.getByRole("button", { name: "Use the file's value" }).click();
    await expect(page.getByLabel("Title", { exact: true })).toHaveValue("End2end Blog");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByText("Saved. Every page shows the new settings.")).toBeVisible();
    await page.goto("/");
    await expect(page).toHaveTitle("End2end Blog");
    await expect(page.getByRole("navigation", { name: "Site" }).getByRole("link")).toHaveText([
      "About",
      "Rust",
    ]);
  } finally {
    await giveEverySettingBack(page);
  }
  await page.goto("/");
  await expect(page).toHaveTitle("End2end Blog");
  await expect(page.getByRole("navigation", { name: "Site" })).toHaveCount(0);
});

test("an admin invites an editor, who signs up with the link", async ({ page, browser }) => {
  const admin = uniqueName("inviter");
  await signUpAs(page, admin, "admin");

  await page.goto("/admin");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { name: "Invitations" })).toBeVisible();
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await accessibilityViolations(page), `members, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.getByLabel("Role", { exact: true }).selectOption("editor");
  await page.getByRole("button", { name: "Create an invitation" }).click();
  const linkField = page.getByLabel("Invitation link (shown once: copy it now)");
  await expect(linkField).toHaveValue(/\/signup\?invitation=[0-9a-f]{64}$/);
  const link = await linkField.inputValue();
  await expect(page.getByRole("button", { name: /^Revoke the editor invitation/ })).toBeVisible();
  await page.screenshot({ path: "../docs/screenshots/invitations.png", fullPage: true });

  // Someone else, in a browser of their own.
  const guest = await browser.newContext();
  const invited = await guest.newPage();
  const name = uniqueName("invited");
  await invited.goto(link);
  await waitForHydration(invited);
  await expect(invited.getByText(/You were invited/)).toBeVisible();
  await invited.getByLabel("Username").fill(name);
  await invited.getByLabel("Email").fill(`${name}@example.com`);
  await invited.getByLabel("Password").fill(PASSWORD);
  await invited.getByRole("button", { name: "Sign up" }).click();
  await expect(invited).toHaveURL(/\/account\?welcome$/);
  await waitForHydration(invited);
  await expect(invited.locator(".account-details")).toContainText("editor");
  await guest.close();

  // Used up: no longer listed; the audit log has it.
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByText("No invitation is waiting to be used.")).toBeVisible();
  await page.getByRole("link", { name: "Audit log" }).click();
  await waitForHydration(page);
  const made = page.getByRole("row").filter({ hasText: "invitation made" }).first();
  await expect(made).toContainText(admin);
  await expect(made).toContainText("editor for 7 days");
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await accessibilityViolations(page), `audit log, ${colorScheme}`).toEqual([]);
  }
});

test("only admins reach the settings page", async ({ page }) => {
  await signUp(page, uniqueName("reader"));
  await page.goto("/admin/settings");
  await waitForHydration(page);
  await expect(page.getByText("Only admins change the site's settings.")).toBeVisible();
});
