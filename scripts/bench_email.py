"""The email benchmark behind scripts/bench-email; see there."""

import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the server, seeding and wrk of scripts/bench)

MESSAGES = int(os.environ.get("BENCH_MESSAGES", "10000"))
SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "10000"))
SMTP_PORT = bench.PORT + 5
PYTHON = os.environ.get(
    "BLOG_TEST_SMTP_PYTHON", str(Path.home() / ".cache/rust-blog/tools/aiosmtpd/bin/python"))


def start_sink():
    """aiosmtpd on loopback, accepting and discarding every message, as a fast relay would."""
    sink = subprocess.Popen(
        [PYTHON, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{SMTP_PORT}", "-c",
         "aiosmtpd.handlers.Sink"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", SMTP_PORT), timeout=1).close()
            return sink
        except OSError:
            time.sleep(0.1)
    raise SystemExit("aiosmtpd did not start")


def queue(database, count):
    """`count` messages written straight into the outbox, as a newsletter's batch would be."""
    body = "A post went out today.\n\n" + " ".join(bench.WORDS) * 4
    html = "<p>" + body + "</p>"
    now = int(time.time() * 1000)
    with sqlite3.connect(database, timeout=30) as db:
        db.executemany(
            "INSERT INTO outbox (cause, kind, recipient, subject, text_body, html_body, "
            "queued_at, next_attempt_at) VALUES (?, 'bench', ?, 'A new post', ?, ?, ?, ?)",
            [(f"bench:{n}", f"reader{n}@example.com", body, html, now, now)
             for n in range(count)])


def sent(database, kind="bench"):
    with sqlite3.connect(database, timeout=30) as db:
        return db.execute(
            "SELECT COUNT(*) FROM outbox WHERE state = 'sent' AND kind = ?", (kind,)).fetchone()[0]


def subscribe(database, count):
    """`count` confirmed readers of the whole site's newsletter."""
    now = int(time.time() * 1000)
    with sqlite3.connect(database, timeout=30) as db:
        db.executemany(
            "INSERT INTO subscriptions (author_id, email, language, unsubscribe_token, "
            "created_at, confirmed_at) VALUES (0, ?, 'en', ?, ?, ?)",
            [(f"subscriber{n}@example.com", f"bench-token-{n}", now, now) for n in range(count)])


def publish_newsletter(database, page):
    """A new post by the seeded writer, published through /api: its newsletter goes to every
    subscriber while `page` is read; returns the figures."""
    import json
    subscribe(database, SUBSCRIBERS)
    _, _, body = bench.request("/api/users/login", "POST", {"user": {
        "email": "writer@example.com", "password": bench.PASSWORD}})
    token = json.loads(body)["user"]["token"]
    started = time.monotonic()
    bench.request("/api/articles", "POST", {"article": {
        "title": "The newsletter", "description": "Sent to everyone",
        "body": " ".join(bench.WORDS) * 4, "tagList": []}}, {"Authorization": f"Token {token}"})
    bench.log(f"{page} while a newsletter goes to {SUBSCRIBERS} subscribers")
    busy = {}
    reader = threading.Thread(
        target=lambda: busy.update(bench.wrk(bench.URL + page, ["Accept-Encoding: br"])))
    reader.start()
    while sent(database, "newsletter") < SUBSCRIBERS:
        if time.monotonic() - started > 900:
            raise SystemExit(f"only {sent(database, 'newsletter')} of {SUBSCRIBERS} sent in 15 minutes")
        time.sleep(0.2)
    elapsed = time.monotonic() - started
    reader.join()
    return elapsed, busy


def main():
    sink = start_sink()
    server = bench.Server({
        "BLOG_EMAIL__SMTP_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
        "BLOG_EMAIL__FROM": "Bench <bench@bench.test>",
        # The seed comments faster than a person could.
        "BLOG_LIMITS__COMMENTS__BURST": "1000",
        "BLOG_LIMITS__COMMENTS__PER_MINUTE": "1000",
    })
    try:
        bench.seed(server, 30)
        page = "/post/post-15"
        for _ in range(3):
            bench.request(page, headers={"Accept-Encoding": "br"})
        bench.log(f"{page} while nothing is sent")
        quiet = bench.wrk(bench.URL + page, ["Accept-Encoding: br"])
        database = server.dir / "blog.db"
        queue(database, MESSAGES)
        started = time.monotonic()
        bench.log(f"{page} while {MESSAGES} messages go out")
        busy = {}
        reader = threading.Thread(
            target=lambda: busy.update(bench.wrk(bench.URL + page, ["Accept-Encoding: br"])))
        reader.start()
        while sent(database) < MESSAGES:
            if time.monotonic() - started > 600:
                raise SystemExit(f"only {sent(database)} of {MESSAGES} sent in 10 minutes")
            time.sleep(0.2)
        elapsed = time.monotonic() - started
        reader.join()
        letter_time, letter_busy = publish_newsletter(database, page)
        print(f"\n| figure | value |\n| --- | --- |")
        print(f"| messages sent to a local SMTP sink | {MESSAGES} in {elapsed:.1f} s "
              f"({MESSAGES / elapsed:.0f} per second) |")
        print(f"| {page}, nothing sending: req/s, p50, p99 | {quiet['rps']:.0f}, "
              f"{quiet['p50']:.2f} ms, {quiet['p99']:.2f} ms |")
        print(f"| {page}, while they go out: req/s, p50, p99 | {busy['rps']:.0f}, "
              f"{busy['p50']:.2f} ms, {busy['p99']:.2f} ms |")
        print(f"| a newsletter to {SUBSCRIBERS} subscribers, publish to last message sent | "
              f"{letter_time:.1f} s ({SUBSCRIBERS / letter_time:.0f} per second) |")
        print(f"| {page}, while it goes out: req/s, p50, p99 | {letter_busy['rps']:.0f}, "
              f"{letter_busy['p50']:.2f} ms, {letter_busy['p99']:.2f} ms |")
    finally:
        server.stop()
        sink.terminate()


if __name__ == "__main__":
    main()
