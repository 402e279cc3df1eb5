import { test as base, expect, BrowserContext } from "@playwright/test";

/**
 * Every page of every test runs under the server's Content-Security-Policy, and a test
 * fails if the browser reports a violation of it: the hydrated app must work without any
 * inline script or eval the policy does not allow.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: async ({}, use) => {
    await use([]);
  },
  context: async ({ context, cspViolations }, use) => {
    watchForCspViolations(context, cspViolations);
    await use(context);
    expect(cspViolations, "Content-Security-Policy violations").toEqual([]);
  },
});

/** Records what the browser reports about the policy, on every page of `context`. */
export function watchForCspViolations(context: BrowserContext, violations: string[]) {
  context.on("page", (page) => {
    page.on("console", (message) => {
      if (message.type() === "error" && message.text().includes("Content Security Policy")) {
        violations.push(`${page.url()}: ${message.text()}`);
      }
    });
  });
}

export { expect };
