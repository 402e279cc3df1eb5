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


def sent(database):
    with sqlite3.connect(database, timeout=30) as db:
        return db.execute("SELECT COUNT(*) FROM outbox WHERE state = 'sent' AND kind = 'bench'").fetchone()[0]


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
        print(f"\n| figure | value |\n| --- | --- |")
        print(f"| messages sent to a local SMTP sink | {MESSAGES} in {elapsed:.1f} s "
              f"({MESSAGES / elapsed:.0f} per second) |")
        print(f"| {page}, nothing sending: req/s, p50, p99 | {quiet['rps']:.0f}, "
              f"{quiet['p50']:.2f} ms, {quiet['p99']:.2f} ms |")
        print(f"| {page}, while they go out: req/s, p50, p99 | {busy['rps']:.0f}, "
              f"{busy['p50']:.2f} ms, {busy['p99']:.2f} ms |")
    finally:
        server.stop()
        sink.terminate()


if __name__ == "__main__":
    main()
