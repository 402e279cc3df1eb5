import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// The release server on a port of its own, over a fresh SQLite file, so runs never share state.
const port = Number(process.env.BLOG_E2E_PORT ?? 3217);
const dataDir = mkdtempSync(path.join(tmpdir(), "blog-e2e-"));
const binary = process.env.BLOG_BIN ?? "../target/release/blog";

export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
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
  webServer: {
    command: binary,
    cwd: "..",
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      BLOG_SERVER__ADDRESS: `127.0.0.1:${port}`,
      BLOG_DATABASE__URL: `sqlite://${dataDir}/blog.db`,
      BLOG_AUTH__SECRET_FILE: `${dataDir}/jwt-secret`,
      BLOG_SITE__TITLE: "End2end Blog",
      RUST_LOG: "warn",
    },
  },
});
