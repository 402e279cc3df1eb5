import AxeBuilder from "@axe-core/playwright";
import { expect, Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const PASSWORD = "correct horse battery";

let counter = 0;
/** A username no other test in this run uses. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

/**
 * Waits until the page answers interaction: its islands are hydrated (`hydrate()` marks
 * `<html data-hydrated>`), or, for a signed-out visitor on a reader page, armed to wake on
 * the first pointer, focus or click (`<html data-islands="armed">`), which downloads nothing
 * before it is needed.
 */
export async function waitForHydration(page: Page) {
  await page.locator('html[data-hydrated], html[data-islands="armed"]').waitFor({ state: "attached" });
}

export async function signUp(page: Page, username: string) {
  // After a sign-out the browser may still be on its way home.
  await gotoSettled(page, "/signup");
  await waitForHydration(page);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Email").fill(`${username}@example.com`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  // Signing up loads the account page afresh: wait for that page, not the old one's header.
  await expect(page).toHaveURL(/\/account\?welcome$/);
  await waitForHydration(page);
  await expect(page.getByText(`Signed in as ${username}`)).toBeVisible();
}

/**
 * Opens the signed-in menu (the header's name) if it is closed, and gives the link or button
 * in it with that name.
 */
export async function accountMenuItem(page: Page, name: string, role: "link" | "button" = "link") {
  const menu = page.locator("details.account-menu");
  if (!(await menu.evaluate((details) => (details as HTMLDetailsElement).open))) {
    await menu.locator("summary").click();
  }
  return menu.getByRole(role, { name, exact: true });
}

export async function signOut(page: Page) {
  await (await accountMenuItem(page, "Sign out", "button")).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
}

/**
 * Goes to `path` once any navigation under way has landed: signing out of a page only the
 * signed-in see sends the browser on (home, or the sign-in page with that page to return to).
 */
export async function gotoSettled(page: Page, path: string) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await page.goto(path);
      return;
    } catch (error) {
      if (!String(error).includes("interrupted by another navigation") || attempt >= 3) throw error;
      await page.waitForLoadState("load");
    }
  }
}

export async function signIn(page: Page, username: string) {
  await gotoSettled(page, "/signin");
  await waitForHydration(page);
  await page.getByLabel("Username or email").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Signing in ends in a full page load (home, or the page to return to): wait for it, or the
  // next navigation races it. The header may say who is signed in a moment before it starts.
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
  await expect(page.getByText(`Signed in as ${username}`)).toBeVisible();
}

/** Signs up `username`, gives the account `role` from the shell, and signs in again as it. */
export async function signUpAs(page: Page, username: string, role: "admin" | "editor") {
  await signUp(page, username);
  expect(blogCommand(["user", "role", username, role])).toContain(`${username} is now ${role}`);
  await signOut(page);
  await signIn(page, username);
}

/**
 * Runs `script` in the page as it is once any navigation under way has finished: signing in
 * and out end in a full page load, which destroys the document a script started in.
 */
export async function evaluateSettled<T>(page: Page, script: () => T): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await page.waitForLoadState("load");
      return await page.evaluate(script);
    } catch (error) {
      const navigated = String(error).includes("Execution context was destroyed");
      if (!navigated || attempt >= 5) throw error;
    }
  }
}

export async function storedAccessToken(page: Page): Promise<string | null> {
  return evaluateSettled(page, () => {
    const raw = localStorage.getItem("blog.access_token");
    return raw === null ? null : JSON.parse(raw);
  });
}

/**
 * Runs a `blog` command (`["user", "role", "ann", "admin"]`) on the database of the server
 * the default project tests (or the one in `dataDir`), as the site's operator would.
 */
export function blogCommand(args: string[], dataDir = process.env.BLOG_E2E_DATA): string {
  const binary = process.env.BLOG_BIN ?? "../target/release/blog";
  return execFileSync(binary, args, {
    cwd: "..",
    env: {
      ...process.env,
      BLOG_DATABASE__URL: `sqlite://${dataDir}/blog.db`,
      BLOG_AUTH__SECRET_FILE: `${dataDir}/jwt-secret`,
      BLOG_MEDIA__FOLDER: `${dataDir}/media`,
    },
    encoding: "utf8",
  });
}

/** What axe-core finds wrong on the page as it is now (WCAG 2.x A and AA rules). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`,
  );
}

/** Publishes a post from the editor and returns its slug. */
export async function publish(page: Page, title: string, body: string): Promise<string> {
  await page.goto("/editor");
  await waitForHydration(page);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Body (Markdown)").fill(body);
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Published.")).toBeVisible();
  return new URL(page.url()).pathname.split("/").pop()!;
}

/** One email the test SMTP server received: its headers, and its plain-text part decoded. */
export interface Mail {
  headers: string;
  subject: string;
  text: string;
}

/** Decodes a MIME part's body by its Content-Transfer-Encoding. */
function decodePart(part: string): string {
  const [head, ...rest] = part.split(/\r?\n\r?\n/);
  const body = rest.join("\n\n");
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (encoding === "quoted-printable") {
    const bytes = body
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

function readMail(raw: string): Mail {
  const headers = raw.split(/\r?\n\r?\n/)[0];
  // The parts are split at the message's own boundary: a line starting with "--" inside a
  // part (the "-- " before a signature) is not one.
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(headers)?.[1];
  const parts = boundary ? raw.split(`--${boundary}`) : [raw];
  const plain = parts.find((part) => /content-type:\s*text\/plain/i.test(part));
  return {
    headers,
    subject: /^subject:\s*(.*)$/im.exec(headers)?.[1] ?? "",
    text: plain ? decodePart(plain.replace(/^\r?\n/, "")) : "",
  };
}

/**
 * The messages the test SMTP server has received for `address` (whose subject starts with
 * `subject`, if given), oldest first, waiting up to 15 s for at least one.
 */
export async function mailTo(address: string, subject = ""): Promise<Mail[]> {
  const box = process.env.BLOG_E2E_MAIL as string;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const files = ["new", "cur"].flatMap((folder) => {
      try {
        return readdirSync(path.join(box, folder)).map((name) => path.join(box, folder, name));
      } catch {
        return [];
      }
    });
    const mails = files
      .map((file) => readFileSync(file, "utf8"))
      .filter((raw) => new RegExp(`^to:.*${address.replace(/[.+]/g, "\\$&")}`, "im").test(raw))
      .map(readMail)
      .filter((mail) => mail.subject.startsWith(subject));
    if (mails.length > 0 || Date.now() > deadline) return mails;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
