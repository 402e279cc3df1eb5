import { test, expect } from "./fixtures";
import { accountMenuItem, blogCommand, signIn, signOut, signUp, uniqueName, waitForHydration } from "./helpers";

test("leaving the editor by a link with unsaved changes asks first, and staying keeps the text", async ({ page }) => {
  await signUp(page, uniqueName("guard"));
  await page.goto("/editor");
  await waitForHydration(page);
  await page.getByLabel("Title").fill("Half a thought");
  await page.getByLabel("Body (Markdown)").fill("Not saved yet.");
  await expect(page.getByText("Unsaved changes")).toBeVisible();

  // Staying: the editor's own question, answered no; nothing leaves.
  const asked: string[] = [];
  page.once("dialog", async (dialog) => {
    asked.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  await (await accountMenuItem(page, "Drafts")).click();
  await expect(page).toHaveURL(/\/editor$/);
  expect(asked).toEqual([
    "confirm: You have unsaved changes. Leave this page anyway? (A copy stays in this browser.)",
  ]);
  await expect(page.getByLabel("Body (Markdown)")).toHaveValue("Not saved yet.");

  // The header's search form asks too.
  page.once("dialog", (dialog) => dialog.dismiss());
  await page.getByRole("searchbox").fill("rust");
  await page.getByRole("searchbox").press("Enter");
  await expect(page).toHaveURL(/\/editor$/);

  // Leaving: asked once (not again by the browser), and the copy comes back later.
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.type());
    await dialog.accept();
  });
  await (await accountMenuItem(page, "Drafts")).click();
  await expect(page).toHaveURL(/\/drafts$/);
  expect(dialogs).toEqual(["confirm"]);
  await page.goto("/editor");
  await waitForHydration(page);
  await expect(page.getByText("Restored changes you had not saved yet.")).toBeVisible();
  await expect(page.getByLabel("Body (Markdown)")).toHaveValue("Not saved yet.");

  // Once saved, links just go.
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Draft saved.")).toBeVisible();
  await (await accountMenuItem(page, "Drafts")).click();
  await expect(page).toHaveURL(/\/drafts$/);
  expect(dialogs).toEqual(["confirm"]);
});

test("a contributor writes a draft, an admin makes an editor who publishes it", async ({ page, browser }) => {
  const admin = uniqueName("boss");
  const contributor = uniqueName("newbie");
  const editor = uniqueName("editor");
  const title = `First steps ${uniqueName("")}`;

  // The site's operator makes the first admin from the shell.
  await signUp(page, admin);
  expect(blogCommand(["user", "role", admin, "admin"])).toContain(`${admin} is now admin`);
  await signOut(page);
  await signUp(page, contributor);
  await signOut(page);
  await signUp(page, editor);
  await signOut(page);

  // The admin page: the contributor becomes a contributor, the editor an editor.
  await signIn(page, admin);
  await (await accountMenuItem(page, "Accounts")).click();
  await expect(page).toHaveURL(/\/admin$/);
  await waitForHydration(page);
  await page.getByLabel(`Change the role of ${contributor}`).selectOption("contributor");
  await expect(page.getByText(`Saved: ${contributor} is now contributor.`)).toBeVisible();
  await page.getByLabel(`Change the role of ${editor}`).selectOption("editor");
  await expect(page.getByText(`Saved: ${editor} is now editor.`)).toBeVisible();
  await signOut(page);

  // The contributor can only save a draft.
  await signIn(page, contributor);
  await expect(page.locator('details.account-menu a[href="/admin"]')).toHaveCount(0);
  await page.goto("/editor");
  await waitForHydration(page);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Body (Markdown)").fill("Would someone publish this?");
  await expect(page.getByText("Contributors save drafts; an editor publishes them.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Publish" })).toHaveCount(0);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByText("Draft saved.")).toBeVisible();
  await page.goto("/admin");
  await waitForHydration(page);
  await expect(page.getByText("Only admins see this page.")).toBeVisible();
  await signOut(page);

  // The editor finds it among the drafts to review and publishes it.
  await signIn(page, editor);
  await page.goto("/drafts");
  await waitForHydration(page);
  await expect(page.getByRole("heading", { name: "Drafts to review" })).toBeVisible();
  await page.getByRole("link", { name: title }).click();
  await waitForHydration(page);
  await expect(page.getByLabel("Title")).toHaveValue(title);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published.")).toBeVisible();

  // A signed-out reader sees it under the contributor's name.
  const reader = await (await browser.newContext()).newPage();
  await reader.goto("/");
  await expect(reader.getByRole("link", { name: title })).toBeVisible();
  await reader.getByRole("link", { name: title }).click();
  await expect(reader.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(reader.locator("main")).toContainText(contributor);
});
