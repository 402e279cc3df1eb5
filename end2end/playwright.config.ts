import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// The release server, three times: with the shipped token lifetimes, with lifetimes of
// seconds for the expiry tests, and as a site nobody has claimed yet for the first-start
// tests. Each on a port of its own over a fresh SQLite file. The main one sends email through
// a real SMTP server on loopback.
const binary = process.env.BLOG_BIN ?? "../target/release/blog";
const basePort = Number(process.env.BLOG_E2E_PORT ?? 3217);

/**
 * The main server's data folder. Made once by the runner and handed to the workers (which
 * load this file again) through the environment, so a test can run `blog` commands on the
 * same database the server uses (helpers.ts `blogCommand`).
 */
process.env.BLOG_E2E_DATA ??= mkdtempSync(path.join(tmpdir(), "blog-e2e-"));
/** The unclaimed site's data folder, likewise. */
process.env.BLOG_E2E_FRESH_DATA ??= mkdtempSync(path.join(tmpdir(), "blog-e2e-fresh-"));
/**
 * Where the SMTP server the main blog sends through (aiosmtpd, installed by setup.sh's
 * `ensure_smtp_sink`) writes what it receives, a Maildir the tests read (helpers.ts `mailTo`).
 */
process.env.BLOG_E2E_MAIL ??= path.join(mkdtempSync(path.join(tmpdir(), "blog-e2e-mail-")), "box");
const smtpPort = basePort + 3;
const smtpPython =
  process.env.BLOG_TEST_SMTP_PYTHON ??
  path.join(process.env.HOME ?? "", ".cache/rust-blog/tools/aiosmtpd/bin/python");

function server(port: number, extraEnv: Record<string, string>, dataDir: string) {
  return {
    command: binary,
    cwd: "..",
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    env: {
      BLOG_SERVER__ADDRESS: `127.0.0.1:${port}`,
      BLOG_DATABASE__URL: `sqlite://${dataDir}/blog.db`,
      BLOG_AUTH__SECRET_FILE: `${dataDir}/jwt-secret`,
      BLOG_MEDIA__FOLDER: `${dataDir}/media`,
      BLOG_SITE__TITLE: "End2end Blog",
      RUST_LOG: "warn",
      ...extraEnv,
    },
  };
}

export default defineConfig({
  testDir: "./tests",
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  use: {
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium; Playwright's own browser download cannot work on these machines.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    {
      name: "default",
      testIgnore: /(expiry|first-start)\.spec\.ts/,
      use: { baseURL: `http://127.0.0.1:${basePort}` },
    },
    {
      name: "first start",
      testMatch: /first-start\.spec\.ts/,
      use: { baseURL: `http://127.0.0.1:${basePort + 2}` },
    },
    {
      name: "short-lived tokens",
      testMatch: /expiry\.spec\.ts/,
      use: { baseURL: `http://127.0.0.1:${basePort + 1}` },
    },
  ],
  webServer: [
    {
      command: `"${smtpPython}" -m aiosmtpd -n -l 127.0.0.1:${smtpPort} -c aiosmtpd.handlers.Mailbox "${process.env.BLOG_E2E_MAIL}"`,
      port: smtpPort,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    server(
      basePort,
      {
        BLOG_API__CORS_ALLOWED_ORIGINS: '["http://localhost:4100"]',
        BLOG_EMAIL__SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        BLOG_EMAIL__FROM: "End2end Blog <blog@end2end.test>",
        // Every test signs its own people up, all from loopback: past the shipped 50 sign-ups
        // per address in 15 minutes the last ones were throttled. The budget itself is checked
        // by the specification (tests/spec/abuse.rs), not here.
        BLOG_THROTTLE__SIGN_UPS_PER_ADDRESS: "500",
      },
      process.env.BLOG_E2E_DATA,
    ),
    server(
      basePort + 1,
      {
        BLOG_AUTH__ACCESS_TOKEN_LIFETIME: "2s",
        BLOG_AUTH__REFRESH_TOKEN_LIFETIME: "8s",
        BLOG_AUTH__CLOCK_LEEWAY: "0s",
      },
      mkdtempSync(path.join(tmpdir(), "blog-e2e-")),
    ),
    server(basePort + 2, {}, process.env.BLOG_E2E_FRESH_DATA),
  ],
});
