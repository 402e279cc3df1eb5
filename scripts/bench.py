"""The benchmark behind scripts/bench; see there. Standard library only, plus wrk."""

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
BINARY = TARGET / "release" / "blog"
SITE_ROOT = ROOT / "target" / "site"
PORT = int(os.environ.get("BENCH_PORT", "3280"))
FLASK_PORT = PORT + 1
URL = f"http://127.0.0.1:{PORT}"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = 32
PASSWORD = "correct horse battery"
TAGS = ["rust", "web", "notes", "databases", "leptos", "axum", "sqlite", "testing", "design"]
WORDS = (
    "the server renders every page once and keeps it until something it shows changes while "
    "readers download only what their page runs and authors write in a browser editor that "
    "never loses their typing because each keystroke is kept until the save is confirmed"
).split()


def log(message):
    print(f"\033[1m==> {message}\033[0m", file=sys.stderr, flush=True)


def request(path, method="GET", body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(URL + path, data=data, method=method, headers=headers or {})
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=60) as response:
        # Header names compare without case (hyper sends them in lowercase).
        headers = {name.lower(): value for name, value in response.headers.items()}
        return response.status, headers, response.read()


def post_markdown(number, rng):
    """About 600 words and four code blocks, the same for the same number; one post in ten
    also has a paragraph in Chinese, for search."""
    paragraphs = []
    if number % 10 == 0:
        paragraphs.append(f"第{number}篇：全文搜索引擎让读者用中文找到文章，不需要空格。")
    for block in range(4):
        words = [rng.choice(WORDS) for _ in range(150)]
        paragraphs.append(" ".join(words).capitalize() + ".")
        paragraphs.append(
            f"```rust\nfn example_{block}(input: u32) -> u32 {{\n    input * {number} + {block}\n}}\n```"
        )
    return "\n\n".join(paragraphs)


def write_posts(folder, count):
    rng = random.Random(42)
    start = 1_600_000_000  # 2020-09-13, one post an hour from there
    for number in range(count):
        tags = rng.sample(TAGS, 3)
        if number % 2 == 0 and "rust" not in tags:
            tags[0] = "rust"
        date = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start + number * 3600))
        front = "\n".join(
            [
                "+++",
                f'title = "Post number {number}"',
                f'slug = "post-{number}"',
                f'description = "Notes number {number}"',
                f"date = {date}",
                "[taxonomies]",
                f"tags = {json.dumps(tags)}",
                "+++",
            ]
        )
        (folder / f"post-{number}.md").write_text(front + "\n\n" + post_markdown(number, rng) + "\n")


class Server:
    """The release binary on a fresh SQLite blog in a temporary folder."""

    def __init__(self, extra_env=None):
        self.dir = Path(tempfile.mkdtemp(prefix="blog-bench-"))
        self.env = dict(
            os.environ,
            BLOG_SERVER__ADDRESS=f"127.0.0.1:{PORT}",
            BLOG_DATABASE__URL=f"sqlite://{self.dir}/blog.db",
            BLOG_AUTH__SECRET_FILE=str(self.dir / "jwt-secret"),
            BLOG_SITE__REGISTRATION="open",
            LEPTOS_SITE_ROOT=str(SITE_ROOT),
            LEPTOS_ENV="PROD",
            RUST_LOG="error",
            **(extra_env or {}),
        )
        self.process = subprocess.Popen(
            [str(BINARY)], env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        for _ in range(100):
            try:
                request("/healthz")
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("the server did not start: " + self.process.stderr.read().decode())

    def command(self, *arguments, stdin=None):
        subprocess.run([str(BINARY), *arguments], env=self.env, cwd=ROOT, check=True,
                       input=stdin, stdout=subprocess.DEVNULL)

    def rss_mib(self):
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kib = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        return kib / 1024

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)


def seed(server, count):
    """`count` posts by one writer, comments on the newest thirty, a signed-in reader."""
    log(f"seeding {count} posts")
    server.command("user", "create", "--admin", "writer", "writer@example.com",
                   stdin=(PASSWORD + "\n").encode())
    folder = server.dir / "posts"
    folder.mkdir()
    write_posts(folder, count)
    server.command("import", str(folder), "--author", "writer")
    _, _, body = request("/api/users", "POST", {"user": {
        "username": "reader", "email": "reader@example.com", "password": PASSWORD}})
    token = json.loads(body)["user"]["token"]
    for number in range(max(0, count - 30), count):
        for n in range(3):
            request(f"/api/articles/post-{number}/comments", "POST",
                    {"comment": {"body": f"Comment {n} on post {number}"}},
                    {"Authorization": f"Token {token}"})
    return token


def wrk(url, headers=()):
    arguments = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency"]
    for header in headers:
        arguments += ["-H", header]
    output = subprocess.run(arguments + [url], check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def percentile(name):
        value, unit = re.search(rf"^\s+{name}%\s+([\d.]+)(\w+)", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rate, "p50": percentile("50"), "p99": percentile("99"),
            "errors": int(errors.group(1)) if errors else 0}


def first_load_bytes(path):
    """Bytes a first visit downloads with brotli: the page and everything it links."""
    headers = {"Accept-Encoding": "br"}
    _, page_headers, page = request(path, headers=headers)
    total = len(page)
    html = subprocess.run(["brotli", "-dc"], input=page, capture_output=True).stdout.decode() \
        if page_headers.get("content-encoding") == "br" else page.decode()
    assets = set(re.findall(r'(?:href|src)="(/pkg/[^"]+)"', html))
    assets |= {f"/pkg/{name}" for name in re.findall(r"/pkg/([\w.-]+\.(?:js|wasm))", html)}
    for asset in sorted(assets):
        _, _, body = request(asset, headers=headers)
        total += len(body)
    return total / 1024


def wasm_path():
    names = sorted(p.name for p in (SITE_ROOT / "pkg").glob("*.wasm"))
    return f"/pkg/{names[0]}" if names else None


def flask_protected():
    """The seed's Flask-JWT quick start under gunicorn with 2 workers: /protected."""
    venv = TARGET / "bench" / "flask-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        log("installing the seed's Flask-JWT quick start into a virtualenv")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "Flask==1.1.4",
                        "Werkzeug==1.0.1", "itsdangerous==1.1.0", "Jinja2==2.11.3",
                        "MarkupSafe==2.0.1", "Flask-JWT==0.3.2", "PyJWT==1.4.2",
                        "gunicorn==21.2.0"], check=True)
        # PyJWT 1.4 (which Flask-JWT pins) imports ABCs from `collections`, gone since 3.10.
        site = next((venv / "lib").glob("python3*/site-packages"))
        (site / "sitecustomize.py").write_text(
            "import collections, collections.abc\n"
            "for name in ('Mapping', 'MutableMapping', 'Sequence', 'Iterable', 'Callable'):\n"
            "    setattr(collections, name, getattr(collections.abc, name))\n")
    app_dir = TARGET / "bench" / "flask-app"
    app_dir.mkdir(parents=True, exist_ok=True)
    (app_dir / "seed.py").write_text((ROOT / "scripts" / "bench_flask_seed.py").read_text())
    process = subprocess.Popen(
        [str(venv / "bin" / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{FLASK_PORT}", "seed:app"],
        cwd=app_dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                data = json.dumps({"username": "user1", "password": "abcxyz"}).encode()
                req = urllib.request.Request(f"http://127.0.0.1:{FLASK_PORT}/auth", data=data,
                                             headers={"Content-Type": "application/json"})
                token = json.loads(urllib.request.urlopen(req).read())["access_token"]
                break
            except OSError:
                time.sleep(0.2)
        else:
            return None
        return wrk(f"http://127.0.0.1:{FLASK_PORT}/protected", [f"Authorization: JWT {token}"])
    finally:
        process.terminate()
        process.wait()


def run_size(count):
    server = Server()
    try:
        token = seed(server, count)
        paths = [
            ("/healthz", "/healthz", []),
            ("/ (home)", "/", ["Accept-Encoding: br"]),
            ("/tag/rust", "/tag/rust", ["Accept-Encoding: br"]),
            ("/post/<slug>", f"/post/post-{count // 2}", ["Accept-Encoding: br"]),
            ("/api/articles?limit=10", "/api/articles?limit=10", ["Accept-Encoding: br"]),
            ("/api/search, a word in every post", "/api/search?q=server&limit=10",
             ["Accept-Encoding: br"]),
            ("/api/search, Chinese, 1 post in 10", "/api/search?q=" + urllib.parse.quote("搜索引擎")
             + "&limit=10", ["Accept-Encoding: br"]),
            ("/search?q=<word> (page)", "/search?q=readers", ["Accept-Encoding: br"]),
            ("/api/user (signed in)", "/api/user", [f"Authorization: Token {token}"]),
            ("/protected (JWT)", "/protected", [f"Authorization: JWT {token}"]),
        ]
        wasm = wasm_path()
        if wasm:
            paths.append(("wasm bundle", wasm, ["Accept-Encoding: br"]))
        results = {}
        for name, path, headers in paths:
            log(f"{count} posts: {name}")
            for _ in range(3):  # warm the page cache and the connections
                request(path, headers=dict(h.split(": ", 1) for h in headers))
            results[name] = wrk(URL + path, headers)
        loads = {name: first_load_bytes(path) for name, path in
                 [("/", "/"), ("/post/<slug>", f"/post/post-{count // 2}")]}
        return results, server.rss_mib(), loads
    finally:
        server.stop()


def main():
    sizes = [int(size) for size in sys.argv[1:]] or [30, 300, 3000]
    if not BINARY.exists():
        raise SystemExit(f"no release binary at {BINARY}: run `cargo leptos build --release`")
    runs = {size: run_size(size) for size in sizes}
    flask = flask_protected() if os.environ.get("BENCH_FLASK", "1") == "1" else None
    lines = [f"wrk -t2 -c{CONNECTIONS} -d{SECONDS}s; {os.cpu_count()} cores; "
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", ""]
    header = "| path | " + " | ".join(f"{size} posts: req/s (× healthz), p50 / p99 ms" for size in sizes)
    lines += [header, "| --- |" + " --- |" * len(sizes)]
    for name in runs[sizes[0]][0]:
        cells = []
        for size in sizes:
            results = runs[size][0]
            row, base = results[name], results["/healthz"]["rps"]
            errors = f", {row['errors']} errors" if row["errors"] else ""
            cells.append(f"{row['rps']:,.0f} ({row['rps'] / base:.2f}), "
                         f"{row['p50']:.2f} / {row['p99']:.2f}{errors}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append("| server RSS after the run | " +
                 " | ".join(f"{runs[size][1]:.0f} MiB" for size in sizes) + " |")
    for page in ["/", "/post/<slug>"]:
        lines.append(f"| first visit to {page}, brotli | " +
                     " | ".join(f"{runs[size][2][page]:.1f} KB" for size in sizes) + " |")
    if flask:
        ours = runs[sizes[-1]][0]["/api/user (signed in)"]["rps"]
        lines += ["", f"The seed's Flask-JWT `GET /protected` under gunicorn (2 workers): "
                      f"{flask['rps']:,.0f} req/s, p50 {flask['p50']:.2f} ms, p99 {flask['p99']:.2f} ms; "
                      f"`/api/user` signed in is {ours / flask['rps']:.1f}× that."]
    report = "\n".join(lines)
    out = TARGET / "bench" / "results.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report + "\n")
    print(report)


if __name__ == "__main__":
    main()
