import { APIRequestContext } from "@playwright/test";
import { test, expect } from "./fixtures";
import { PASSWORD, uniqueName } from "./helpers";

// The RealWorld ("Conduit") REST API over real HTTP against the release server. The default
// server allows the origin http://localhost:4100 (playwright.config.ts).

const ORIGIN = "http://localhost:4100";

function auth(token: string) {
  return { Authorization: `Token ${token}` };
}

/** Registers over /api/users; returns the access token. */
async function register(request: APIRequestContext, username: string): Promise<string> {
  const response = await request.post("/api/users", {
    data: { user: { username, email: `${username}@example.com`, password: PASSWORD } },
  });
  expect(response.status(), await response.text()).toBe(201);
  expect(response.headers()["x-refresh-token"]).toBeTruthy();
  const body = await response.json();
  expect(body.user.username).toBe(username);
  return body.user.token;
}

test("a browser app on an allowed origin may call the API and read the renewed token", async ({
  request,
}) => {
  const preflight = await request.fetch("/api/articles", {
    method: "OPTIONS",
    headers: {
      Origin: ORIGIN,
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "authorization,content-type",
    },
  });
  expect(preflight.status()).toBeGreaterThanOrEqual(200);
  expect(preflight.status()).toBeLessThan(300);
  expect(preflight.headers()["access-control-allow-origin"]).toBe(ORIGIN);
  const allowedHeaders = (preflight.headers()["access-control-allow-headers"] ?? "").toLowerCase();
  expect(allowedHeaders === "*" || allowedHeaders.includes("authorization")).toBe(true);

  const list = await request.get("/api/articles", { headers: { Origin: ORIGIN } });
  expect(list.status()).toBe(200);
  expect(list.headers()["access-control-allow-origin"]).toBe(ORIGIN);
  expect((list.headers()["access-control-expose-headers"] ?? "").toLowerCase()).toContain(
    "x-access-token",
  );

  const foreign = await request.fetch("/api/articles", {
    method: "OPTIONS",
    headers: {
      Origin: "http://elsewhere.example",
      "Access-Control-Request-Method": "POST",
      "Access-Control-Request-Headers": "authorization,content-type",
    },
  });
  expect(foreign.headers()["access-control-allow-origin"]).toBeUndefined();
});

test("write, comment, favorite, follow and find the article in the feed and by tag", async ({
  request,
}) => {
  const authorName = uniqueName("writer");
  const readerName = uniqueName("reader");
  const tag = uniqueName("tag");
  const author = await register(request, authorName);

  const created = await request.post("/api/articles", {
    headers: auth(author),
    data: {
      article: {
        title: `Dragons of ${authorName}`,
        description: "Ever wonder how?",
        body: "You have to *believe*.",
        tagList: [tag, "dragons"],
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const article = (await created.json()).article;
  const slug: string = article.slug;
  expect(slug).toMatch(/^dragons-of-/);
  expect(article.tagList).toEqual(expect.arrayContaining([tag, "dragons"]));
  expect(article.createdAt).toMatch(/Z$/);

  const comment = await request.post(`/api/articles/${slug}/comments`, {
    headers: auth(author),
    data: { comment: { body: "Ask me anything." } },
  });
  expect(comment.status(), await comment.text()).toBe(201);
  const commentId: number = (await comment.json()).comment.id;

  const reader = await register(request, readerName);
  const favorited = await request.post(`/api/articles/${slug}/favorite`, {
    headers: auth(reader),
  });
  expect(favorited.status(), await favorited.text()).toBe(200);
  expect((await favorited.json()).article).toMatchObject({ favorited: true, favoritesCount: 1 });

  const followed = await request.post(`/api/profiles/${authorName}/follow`, {
    headers: auth(reader),
  });
  expect(followed.status(), await followed.text()).toBe(200);
  expect((await followed.json()).profile).toMatchObject({ username: authorName, following: true });

  const feed = await request.get("/api/articles/feed", { headers: auth(reader) });
  expect(feed.status(), await feed.text()).toBe(200);
  const feedBody = await feed.json();
  expect(feedBody.articlesCount).toBe(1);
  expect(feedBody.articles).toHaveLength(1);
  expect(feedBody.articles[0]).toMatchObject({
    slug,
    favorited: true,
    favoritesCount: 1,
    author: { username: authorName, following: true },
  });
  expect(feedBody.articles[0].body).toBeUndefined();

  const byTag = await request.get(`/api/articles?tag=${encodeURIComponent(tag)}`);
  expect(byTag.status()).toBe(200);
  const byTagBody = await byTag.json();
  expect(byTagBody.articlesCount).toBe(1);
  expect(byTagBody.articles[0]).toMatchObject({
    slug,
    favorited: false,
    favoritesCount: 1,
    author: { username: authorName, following: false },
  });

  const comments = await request.get(`/api/articles/${slug}/comments`, { headers: auth(reader) });
  expect(comments.status()).toBe(200);
  expect((await comments.json()).comments).toEqual([
    expect.objectContaining({
      id: commentId,
      body: "Ask me anything.",
      author: expect.objectContaining({ username: authorName, following: true }),
    }),
  ]);

  const tags = await request.get("/api/tags");
  expect((await tags.json()).tags).toContain(tag);

  const forbidden = await request.delete(`/api/articles/${slug}`, { headers: auth(reader) });
  expect(forbidden.status()).toBe(403);
  expect(await forbidden.json()).toEqual({ errors: { article: ["forbidden"] } });
});
