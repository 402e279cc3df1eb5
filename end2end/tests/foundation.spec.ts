import { test, expect } from "./fixtures";

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the home page is complete as served", async ({ page }) => {
    const response = await page.goto("/");
    expect(response?.status()).toBe(200);
    await expect(page).toHaveTitle("End2end Blog");
    await expect(page.getByRole("link", { name: "End2end Blog" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Latest posts");
    await expect(page.getByRole("button", { name: /Theme/ })).toHaveText("Theme: system");
  });

  test("an unknown address is a real 404 page", async ({ page }) => {
    const response = await page.goto("/no/such/page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
    await expect(page).toHaveTitle("Page not found · End2end Blog");
  });
});

test.describe("with JavaScript", () => {
  test("the page hydrates: the theme switch works and is remembered", async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto("/");
    const toggle = page.getByRole("button", { name: /Theme/ });
    await expect(toggle).toHaveText("Theme: system");

    // Clicks only take effect once the wasm has loaded and hydrated the button; retry until then.
    await expect(async () => {
      await toggle.click();
      await expect(toggle).not.toHaveText("Theme: system", { timeout: 500 });
    }).toPass();
    await expect(toggle).toHaveText("Theme: light");
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");

    await toggle.click();
    await expect(toggle).toHaveText("Theme: dark");
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe("rgb(21, 23, 26)");

    // The choice survives a reload, applied before the app hydrates.
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    await expect(toggle).toHaveText("Theme: dark");
    expect(errors).toEqual([]);
  });

  test("the bundle is served precompressed and cacheable", async ({ page, request }) => {
    const wasmUrls: string[] = [];
    page.on("request", (r) => {
      if (r.url().endsWith(".wasm")) wasmUrls.push(r.url());
    });
    await page.goto("/");
    // A signed-out reader downloads no wasm until an island is touched.
    await page.locator('html[data-islands="armed"]').waitFor({ state: "attached" });
    expect(wasmUrls).toEqual([]);
    await page.getByRole("button", { name: /Theme/ }).hover();
    await expect.poll(() => wasmUrls.length).toBeGreaterThan(0);
    const response = await request.get(wasmUrls[0], { headers: { "Accept-Encoding": "br" } });
    expect(response.status()).toBe(200);
    expect(response.headers()["content-encoding"]).toBe("br");
    expect(response.headers()["cache-control"]).toContain("immutable");
  });
});
