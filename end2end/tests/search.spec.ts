import { test, expect } from "./fixtures";
import { signUp, storedAccessToken, uniqueName, waitForHydration } from "./helpers";

test("a reader finds English and Chinese posts, without JavaScript and as they type", async ({
  page,
  browser,
}) => {
  await signUp(page, uniqueName("searcher"));
  const token = await storedAccessToken(page);
  // One word no other test writes, so the results are only these posts.
  const marker = uniqueName("zebra");
  const english = `Striped ${marker}`;
  const chinese = `中文搜索 ${marker}`;
  for (const article of [
    { title: english, description: "Animals", body: `The ${marker} crosses the savanna at dusk.`, tagList: ["animals"] },
    { title: chinese, description: "中文", body: "全文搜索引擎让读者用中文找到文章，不需要空格。", tagList: [] },
  ]) {
    const response = await page.request.post("/api/articles", {
      headers: { Authorization: `Token ${token}` },
      data: { article },
    });
    expect(response.status()).toBe(201);
  }

  // Without JavaScript: the header's plain form, results rendered by the server.
  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const reader = await noScript.newPage();
  await reader.goto("/");
  // Other tests write Chinese too: the marker keeps the results to this test's posts.
  await reader.getByRole("searchbox", { name: "Search the blog" }).fill(`搜索引擎 ${marker}`);
  await reader.keyboard.press("Enter");
  await expect(reader).toHaveURL(/\/search\?q=/);
  await expect(reader.locator(".search-hit h2")).toHaveText([chinese]);
  await expect(reader.locator(".search-hit .excerpt mark")).toHaveText(["搜索引擎"]);
  await reader.getByRole("searchbox", { name: "Search posts" }).fill(`savanna ${marker}`);
  await reader.getByRole("button", { name: "Search", exact: true }).click();
  await expect(reader.locator(".search-hit h2")).toHaveText([english]);
  await noScript.close();

  // With JavaScript: results follow the typing, and the address follows the query.
  await page.goto("/search");
  await waitForHydration(page);
  const box = page.getByRole("searchbox", { name: "Search posts" });
  await box.click();
  await box.pressSequentially(marker, { delay: 20 });
  await expect(page.locator(".search-hit h2")).toHaveCount(2);
  await expect(page.locator(".result-count")).toHaveText("2 posts found");
  await box.pressSequentially(" dusk", { delay: 20 });
  await expect(page.locator(".search-hit h2")).toHaveText([english]);
  await expect(page.locator(".search-hit .excerpt mark").first()).toHaveText(marker);
  await expect(page).toHaveURL(new RegExp(`/search\\?q=${marker}%20dusk$`));
  await page.screenshot({ path: "../docs/screenshots/search.png", fullPage: true });

  // The address is the search: a reload shows the same results.
  await page.reload();
  await expect(page.locator(".search-hit h2")).toHaveText([english]);
});
