import { test, expect } from "./fixtures";
import { Page } from "@playwright/test";
import { PASSWORD, blogCommand, gotoSettled, uniqueName, waitForHydration } from "./helpers";

/**
 * Every form's refusals, walked in Chinese: what the server says about a value, what the
 * page says about the rest, and why an image was refused all come in the page's language.
 */

/** Two English words in a row: a sentence, or part of one, left untranslated. */
const ENGLISH_WORDS = /[A-Za-z]{2,}[\s,;:'’.-]+[A-Za-z]{2,}/;

/** Waits for `expected` among the page's alerts, then checks that none of them is English. */
async function expectChineseAlerts(page: Page, expected: string | RegExp, what: string) {
  const alerts = page.locator('[role="alert"]:visible');
  await expect(alerts.filter({ hasText: expected }).first(), what).toBeVisible();
  for (const text of await alerts.allInnerTexts()) {
    expect(text.match(ENGLISH_WORDS)?.[0] ?? null, `${what}: “${text}”`).toBeNull();
  }
}

async function signInInChinese(page: Page, username: string) {
  await gotoSettled(page, "/signin");
  await waitForHydration(page);
  await page.getByLabel("用户名或邮箱").fill(username);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
  await expect(page.locator("details.account-menu summary")).toContainText(username);
}

test("every form's refusals come in Chinese on a Chinese page", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await page.context().addCookies([{ name: "blog_lang", value: "zh", url: baseURL! }]);
  const taken = uniqueName("taken");
  const created = await page.request.post("/api/users", {
    data: { user: { username: taken, email: `${taken}@example.com`, password: PASSWORD } },
  });
  expect(created.status()).toBe(201);

  // Signing up: every field wrong, each said in turn, then a name someone has.
  await page.goto("/signup");
  await waitForHydration(page);
  await page.getByLabel("用户名").fill("坏 名字");
  await page.getByLabel("邮箱").fill("不是邮箱");
  await page.getByLabel("密码").fill("短");
  const signUp = page.getByRole("button", { name: "注册", exact: true });
  await signUp.click();
  await expectChineseAlerts(page, "只能包含英文字母", "sign-up: the name");
  await page.getByLabel("用户名").fill(uniqueName("zh"));
  await signUp.click();
  await expectChineseAlerts(page, "不是有效的邮箱地址", "sign-up: the address");
  await page.getByLabel("邮箱").fill(`${uniqueName("zh")}@example.com`);
  await signUp.click();
  await expectChineseAlerts(page, "太短了（至少 8 个字符）", "sign-up: the password");
  await page.getByLabel("用户名").fill(taken);
  await page.getByLabel("邮箱").fill(`${uniqueName("other")}@example.com`);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "注册", exact: true }).click();
  await expectChineseAlerts(page, "已被占用", "sign-up with a taken name");

  // Signing in with the wrong password.
  await page.goto("/signin");
  await waitForHydration(page);
  await page.getByLabel("用户名或邮箱").fill(taken);
  await page.getByLabel("密码").fill("not the password");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expectChineseAlerts(page, "用户名或密码", "sign-in");

  // An account of one's own, made an admin to reach every form.
  const owner = uniqueName("zhowner");
  await page.goto("/signup");
  await waitForHydration(page);
  await page.getByLabel("用户名").fill(owner);
  await page.getByLabel("邮箱").fill(`${owner}@example.com`);
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "注册", exact: true }).click();
  await expect(page).toHaveURL(/\/account\?welcome$/);
  expect(blogCommand(["user", "role", owner, "admin"])).toContain(`${owner} is now admin`);
  await page.locator("details.account-menu summary").click();
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page.getByRole("link", { name: "登录", exact: true })).toBeVisible();
  await signInInChinese(page, owner);

  // The profile and the password.
  await page.goto("/settings");
  await waitForHydration(page);
  const profile = page.locator("form.profile-form");
  await profile.getByLabel("头像（图片网址）").fill("ftp://example.com/me.png");
  await profile.getByRole("button", { name: "保存个人资料" }).click();
  await expectChineseAlerts(page, "必须是以 https:// 或 http:// 开头的网址", "profile picture");
  await profile.getByLabel("头像（图片网址）").fill("");
  await profile.getByLabel("邮箱").fill("不是邮箱");
  await profile.getByRole("button", { name: "保存个人资料" }).click();
  await expectChineseAlerts(page, "不是有效的邮箱地址", "profile email");
  const password = page.locator("form").filter({ has: page.getByLabel("新密码") });
  await password.getByLabel("当前密码").fill(PASSWORD);
  await password.getByLabel("新密码").fill("短");
  await password.getByRole("button", { name: "修改密码" }).click();
  await expectChineseAlerts(page, "太短了", "new password");

  // A post: no title, too many tags, an image that is not one.
  await page.goto("/editor");
  await waitForHydration(page);
  await page.getByLabel("正文（Markdown）").fill("正文写好了，标题还没有。");
  await page.getByRole("button", { name: "保存草稿" }).click();
  await expectChineseAlerts(page, "不能为空", "a post without a title");
  await page.getByLabel("标题", { exact: true }).fill("十一个标签");
  await page.getByLabel("标签").fill("a, b, c, d, e, f, g, h, i, j, k");
  await page.getByRole("button", { name: "保存草稿" }).click();
  await expectChineseAlerts(page, "标签太多了", "too many tags");
  await page.locator("#image-picker").setInputFiles({
    name: "照片.png",
    mimeType: "image/png",
    buffer: Buffer.from("this is a letter, not a photo"),
  });
  await expectChineseAlerts(page, "不是本站接受的图片", "an image that is not one");
  await page.locator("#image-picker").setInputFiles({
    name: "图画.png",
    mimeType: "image/png",
    buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  });
  await expectChineseAlerts(page, "SVG", "a drawing");
  await expect(page.getByLabel("正文（Markdown）")).toHaveValue("正文写好了，标题还没有。");

  // A page at an address the site uses.
  await page.goto("/editor?kind=page");
  await waitForHydration(page);
  await page.getByLabel("标题", { exact: true }).fill("Search");
  await page.getByLabel("正文（Markdown）").fill("在哪里找东西。");
  await page.getByRole("button", { name: "发布", exact: true }).click();
  await expectChineseAlerts(page, "/search", "a page at a reserved address");

  // A comment with nothing in it, on a post published through the API.
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem("blog.access_token")!));
  const article = await page.request.post("/api/articles", {
    headers: { Authorization: `Token ${token}` },
    data: { article: { title: `评论 ${uniqueName("")}`, description: "一篇文章", body: "正文", tagList: [] } },
  });
  expect(article.status()).toBe(201);
  const { slug } = (await article.json()).article;
  await page.goto(`/post/${slug}`);
  await waitForHydration(page);
  await page.getByRole("button", { name: "发表评论" }).click();
  await expectChineseAlerts(page, "不能为空", "an empty comment");

  // A search of too many words.
  await page.goto(`/search?q=${encodeURIComponent(Array(20).fill("词").join(" "))}`);
  await expectChineseAlerts(page, "最多 12 个词", "a long search");

  // The site's settings: out of range, too pale, an address that is not one.
  await page.goto("/admin/settings");
  await waitForHydration(page);
  await page.getByLabel(/^强调色/).fill("#ffffff");
  const save = page.getByRole("button", { name: "保存设置" });
  await save.click();
  await expectChineseAlerts(page, "太浅了", "a pale accent");
  await page.getByLabel(/^强调色/).fill("");
  await page.getByLabel("每页文章数").fill("0");
  await save.click();
  await expectChineseAlerts(page, /必须在 \d+ 到 \d+ 之间/, "posts per page");
});
