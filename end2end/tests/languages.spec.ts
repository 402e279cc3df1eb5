import { test, expect } from "./fixtures";
import { signUp, storedAccessToken, uniqueName, waitForHydration } from "./helpers";

test("a reader switches the UI to Chinese and back; the choice is remembered", async ({ page }) => {
  // A post, so the Chinese home page shows a list with its dates and reading time.
  await signUp(page, uniqueName("linguist"));
  const token = await storedAccessToken(page);
  const response = await page.request.post("/api/articles", {
    headers: { Authorization: `Token ${token}` },
    data: {
      article: {
        title: "你好，世界",
        description: "第一篇中文文章",
        body: "## 开始\n\n全文搜索引擎让读者用中文找到文章。",
        tagList: ["中文", "rust"],
      },
    },
  });
  expect(response.status()).toBe(201);

  await page.goto("/");
  await waitForHydration(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Latest posts");

  await page.getByRole("button", { name: "简体中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("最新文章");
  await expect(page.locator(".byline time").first()).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日$/);
  await page.locator("details.account-menu summary").click();
  await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
  await page.screenshot({ path: "../docs/screenshots/chinese.png", fullPage: true });

  // Remembered: another page, and a reload, are Chinese too.
  await page.goto("/search?q=中文");
  await expect(page.locator(".result-count")).toHaveText("找到 1 篇文章");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("搜索");

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Search");
  // Back on the page the reader was on, query and all.
  await expect(page).toHaveURL(/\/search\?q=/);
});

test("a Chinese browser gets the Chinese UI without asking", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("最新文章");
  await context.close();
});
