#!/usr/bin/env python3
"""The checks of scripts/test-cluster, against two release servers behind HAProxy (and an
S3-compatible store both keep images in).

Started by scripts/test-cluster, which makes the database and the HAProxy configuration and
passes them in CLUSTER_* variables. Each check prints what it saw; the first failure stops
the run with a message saying what was expected.
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ["CLUSTER_WORK"])
REDIS_PORT = int(os.environ["CLUSTER_REDIS_PORT"])
BALANCER = f"http://127.0.0.1:{os.environ['CLUSTER_BALANCER_PORT']}"
PORTS = [int(port) for port in os.environ["CLUSTER_SERVER_PORTS"].split()]
SERVERS = [f"http://127.0.0.1:{port}" for port in PORTS]
A, B = SERVERS
LOAD_SECONDS = int(os.environ.get("CLUSTER_LOAD_SECONDS", "60"))
SECRET = os.urandom(32).hex()
GRACE_SECONDS = 2
# An S3-compatible store both servers keep images in (moto's server), when test-cluster
# started one.
S3_ENDPOINT = os.environ.get("CLUSTER_S3_ENDPOINT", "")
S3_BUCKET = "blog-media"


def log(message):
    print(f"  {message}", flush=True)


def fail(message):
    raise SystemExit(f"FAILED: {message}")


def call(base, path, method="GET", body=None, headers=None):
    """(status, parsed JSON or text) of one request; never raises on an HTTP status."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers or {})
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode(errors="replace")


def expect(what, status, wanted, answer=""):
    if status != wanted:
        fail(f"{what}: expected {wanted}, got {status} {answer}")
    log(f"ok  {what} ({status})")


class Process:
    """A child process with its pid in WORK (so the shell's clean-up can stop it too)."""

    def __init__(self, name, command, env=None):
        self.name = name
        self.command = command
        self.env = env
        self.process = None
        self.start()

    def start(self):
        log_file = open(WORK / f"{self.name}.log", "ab")
        self.process = subprocess.Popen(self.command, env=self.env, cwd=ROOT,
                                        stdout=log_file, stderr=log_file)
        (WORK / f"{self.name}.pid").write_text(str(self.process.pid))

    def stop(self, sig=signal.SIGTERM):
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)
        (WORK / f"{self.name}.pid").unlink(missing_ok=True)


def redis():
    return Process("redis", [
        "redis-server", "--bind", "127.0.0.1", "--port", str(REDIS_PORT), "--save", "",
        "--appendonly", "yes", "--appendfsync", "always", "--dir", str(WORK / "redis"),
    ])


def server(port):
    env = dict(
        os.environ,
        BLOG_SERVER__ADDRESS=f"127.0.0.1:{port}",
        BLOG_SERVER__TRUSTED_PROXY_HOPS="1",
        BLOG_DATABASE__URL=os.environ["CLUSTER_DATABASE_URL"],
        BLOG_DATABASE__MAX_CONNECTIONS="16",
        BLOG_REDIS__URL=f"redis://127.0.0.1:{REDIS_PORT}/",
        BLOG_SESSIONS__STORE="redis",
        BLOG_AUTH__SECRET=SECRET,
        BLOG_AUTH__REFRESH_REUSE_GRACE=f"{GRACE_SECONDS}s",
        BLOG_THROTTLE__FAILURES_PER_ACCOUNT_AND_ADDRESS="4",
        # The load below writes a comment in ten requests from one account: it measures
        # that no acknowledged write is lost, not the write limits (tests/spec/shared_servers.rs
        # checks those across servers).
        BLOG_LIMITS__COMMENTS__BURST="1000000",
        # Each server's own folder: what they share must come from the bucket.
        BLOG_MEDIA__FOLDER=str(WORK / f"media-{port}"),
        LEPTOS_SITE_ROOT=str(ROOT / "target" / "site"),
        LEPTOS_ENV="PROD",
        RUST_LOG="warn",
    )
    if S3_ENDPOINT:
        env.update(
            BLOG_MEDIA__STORE="s3",
            BLOG_MEDIA__S3__BUCKET=S3_BUCKET,
            BLOG_MEDIA__S3__ENDPOINT=S3_ENDPOINT,
            BLOG_MEDIA__S3__ACCESS_KEY_ID="cluster",
            BLOG_MEDIA__S3__SECRET_ACCESS_KEY="cluster-secret",
        )
    return Process(f"server-{port}", [os.environ["CLUSTER_BINARY"]], env)


def wait_until(what, predicate, seconds=15):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.1)
    fail(f"{what} within {seconds} s")


def healthy(base):
    return call(base, "/healthz")[0] == 200


def sign_up(name):
    status, answer = call(BALANCER, "/api/users", "POST", {"user": {
        "username": name, "email": f"{name}@example.com", "password": "correct horse battery"}})
    expect(f"sign up {name}", status, 201, answer)
    return answer["user"]["token"]


def sign_in(base, name):
    return call(base, "/auth", "POST", {"username": name, "password": "correct horse battery"})


def refresh(base, token):
    return call(base, "/auth/refresh", "POST", {"refresh_token": token})


def check_sessions_across_servers():
    print("sessions across servers")
    sign_up("alice")
    status, tokens = sign_in(A, "alice")
    expect("sign in through A", status, 200, tokens)
    first = tokens["refresh_token"]
    status, renewed = refresh(B, first)
    expect("refresh through B", status, 200, renewed)
    second = renewed["refresh_token"]
    status, _ = call(B, "/protected", headers={"Authorization": f"JWT {tokens['access_token']}"})
    expect("A's access token at B's /protected", status, 200)
    time.sleep(GRACE_SECONDS + 0.5)
    status, _ = refresh(A, first)
    expect("the retired token at A, after the grace window", status, 401)
    status, _ = refresh(B, second)
    expect("the newer token at B: the session was revoked everywhere", status, 401)


def check_pages_follow_changes():
    print("a post published through A is on B's pages")
    token = sign_up("writer")
    headers = {"Authorization": f"Token {token}"}
    for base in SERVERS:
        call(base, "/")  # each renders and caches the home page
    status, answer = call(A, "/api/articles", "POST", {"article": {
        "title": "Published through A", "description": "d", "body": "b", "tagList": ["news"]}},
        headers)
    expect("publish through A", status, 201, answer)
    started = time.time()
    wait_until("B's home page shows the post",
               lambda: "Published through A" in call(B, "/")[1], seconds=1)
    log(f"ok  B showed it after {1000 * (time.time() - started):.0f} ms")
    return headers, answer["article"]["slug"]


def check_settings_follow_on_every_server():
    print("site settings saved through A are on B's pages")
    env = dict(os.environ, BLOG_DATABASE__URL=os.environ["CLUSTER_DATABASE_URL"], RUST_LOG="warn")
    created = subprocess.run(
        [os.environ["CLUSTER_BINARY"], "user", "create", "--admin", "owner", "owner@example.com"],
        input="correct horse battery\n", text=True, capture_output=True, env=env)
    if created.returncode != 0:
        fail(f"blog user create --admin: {created.stderr}")
    status, answer = call(A, "/api/users/login", "POST", {"user": {
        "email": "owner@example.com", "password": "correct horse battery"}})
    expect("the owner signs in through A", status, 200, answer)
    headers = {"Authorization": f"Bearer {answer['user']['token']}"}
    call(B, "/")  # B renders and caches its home page
    status, page = call(A, "/rpc/site/settings", "POST", {}, headers)
    expect("the settings page's values through A", status, 200, page)
    values = dict(page["current"], title="Renamed through A",
                  navigation=[{"label": "About", "href": "/about"}])
    status, answer = call(A, "/rpc/site/settings/save", "POST",
                          {"change": {"values": values, "from_file": []}}, headers)
    expect("save the settings through A", status, 200, answer)
    started = time.time()
    wait_until("B's pages show the new title",
               lambda: "<title>Renamed through A</title>" in call(B, "/")[1], seconds=1)
    log(f"ok  B showed it after {1000 * (time.time() - started):.0f} ms")
    if 'href="/about"' not in call(B, "/tag/news")[1]:
        fail("B's tag page lacks the new navigation")
    log("ok  B's other pages have the new navigation")
    return headers


def check_suspension_on_every_server(owner_headers):
    print("an account suspended through A is signed out on B")
    sign_up("suspendee")
    status, tokens = sign_in(B, "suspendee")
    expect("sign in through B", status, 200, tokens)
    member = {"Authorization": f"JWT {tokens['access_token']}"}
    status, _ = call(B, "/protected", headers=member)
    expect("its access token at B", status, 200)
    status, answer = call(A, "/rpc/admin/suspend", "POST", {"username": "suspendee"},
                          owner_headers)
    expect("suspend it through A", status, 200, answer)
    # A answers once the relay brought the change back to it, in the broadcast that took it
    # to B: B's first answer after that already refuses the token.
    status, _ = call(B, "/protected", headers=member)
    expect("its access token at B, right after A answered", status, 401)
    status, _ = refresh(B, tokens["refresh_token"])
    expect("its refresh token at B", status, 401)
    status, _ = sign_in(B, "suspendee")
    expect("signing in again through B", status, 403)


def upload(base, headers, name, content_type, data):
    """(status, answer) of POST /api/uploads with one file in the field `file`."""
    boundary = "cluster-check-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{name}\"\r\nContent-Type: {content_type}\r\n\r\n").encode()
    body += data + f"\r\n--{boundary}--\r\n".encode()
    req = urllib.request.Request(base + "/api/uploads", data=body, method="POST", headers={
        **headers, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def fetch(base, path):
    """(status, headers, bytes) of a GET."""
    try:
        with urllib.request.urlopen(base + path, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def check_images_shared_through_the_bucket(headers):
    print("an image uploaded through A is served by B, from the bucket")
    if not S3_ENDPOINT:
        log("skipped: no S3 store started")
        return
    photo = (ROOT / "end2end" / "fixtures" / "photo-with-gps.jpg").read_bytes()
    status, answer = upload(A, headers, "photo.jpg", "image/jpeg", photo)
    expect("upload through A", status, 201, answer)
    url = answer["upload"]["url"]
    status, served_headers, served = fetch(B, url)
    expect("the image from B", status, 200)
    if b"SecretCam" in served or served_headers.get("Cache-Control") != \
            "public, max-age=31536000, immutable":
        fail("B serves the image cached for a year, without its EXIF")
    status, _, copy = fetch(B, url.replace(".jpg", "-640w.jpg"))
    expect("its 640-pixel copy from B", status, 200)
    status, again = upload(B, headers, "again.jpg", "image/jpeg", photo)
    expect("the same photo through B", status, 201, again)
    if again["upload"]["url"] != url:
        fail(f"the same photo is stored once: {again['upload']['url']} is not {url}")
    for port in PORTS:
        if (WORK / f"media-{port}").exists() and any((WORK / f"media-{port}").iterdir()):
            fail(f"server {port} kept an image on its own disk, not in the bucket")
    log("ok  one copy, in the bucket, served by both")


def check_scheduled_post_published_once(headers):
    print("a scheduled post appears once, published by one of the two servers")
    at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3))
    status, answer = call(A, "/api/articles", "POST", {"article": {
        "title": "Scheduled for both", "description": "d", "body": "b",
        "tagList": ["schedule-check"], "publishAt": at}}, headers)
    expect("schedule through A", status, 201, answer)
    slug = answer["article"]["slug"]
    status, _ = call(B, f"/api/articles/{slug}")
    expect("not public before its time", status, 404)
    wait_until("the post is public on B",
               lambda: call(B, f"/api/articles/{slug}")[0] == 200, seconds=10)
    time.sleep(1.5)
    for base in SERVERS:
        status, listed = call(base, "/api/articles?tag=schedule-check")
        if status != 200 or listed["articlesCount"] != 1 or len(listed["articles"]) != 1:
            fail(f"{base} lists the scheduled post once: {listed}")
    log("ok  listed once on both, counted once")


def check_throttle_across_servers():
    print("failed sign-ins count across servers")
    sign_up("target")
    statuses = []
    for base in [A, B, A, B, A, B]:
        status, _ = call(base, "/auth", "POST", {"username": "target", "password": "wrong"})
        statuses.append(status)
    log(f"statuses {statuses}")
    if statuses[:4] != [401] * 4 or 429 not in statuses[4:]:
        fail("four failures through A and B, then 429 on either")
    log("ok  the fifth attempt waits, whichever server it reaches")


def check_redis_outage(redis_process):
    print("Redis stopped and started again")
    sign_up("steady")
    status, tokens = sign_in(BALANCER, "steady")
    expect("sign in before the outage", status, 200, tokens)
    redis_process.stop(signal.SIGKILL)
    status, page = call(BALANCER, "/")
    expect("readers are served without Redis", status, 200)
    status, answer = sign_in(BALANCER, "steady")
    expect("sign-in without Redis", status, 503, answer)
    status, answer = refresh(BALANCER, tokens["refresh_token"])
    expect("refresh without Redis", status, 503, answer)
    status, _ = call(BALANCER, "/healthz")
    expect("/healthz without Redis (the balancer keeps the servers)", status, 200)
    redis_process.start()
    wait_until("sign-in works again once Redis is back",
               lambda: sign_in(BALANCER, "steady")[0] == 200, seconds=10)
    status, renewed = refresh(BALANCER, tokens["refresh_token"])
    expect("the session from before the outage refreshes", status, 200, renewed)
    return renewed["refresh_token"]


def check_server_killed_mid_refresh(servers, token):
    print("a server killed mid-refresh")
    request = urllib.request.Request(A + "/auth/refresh", method="POST",
                                     data=json.dumps({"refresh_token": token}).encode(),
                                     headers={"Content-Type": "application/json"})
    thread = threading.Thread(target=lambda: _ignore(lambda: urllib.request.urlopen(request)))
    thread.start()
    time.sleep(0.005)
    servers[0].stop(signal.SIGKILL)
    thread.join()
    status, answer = refresh(B, token)
    expect("the client retries through B with the token it holds", status, 200, answer)
    servers[0].start()
    wait_until("A is back", lambda: healthy(A))


def _ignore(action):
    try:
        action()
    except Exception:  # noqa: BLE001 - the server was killed on purpose
        pass


LOAD_SCRIPT = """
local token = os.getenv("CLUSTER_TOKEN")
local slug = os.getenv("CLUSTER_SLUG")
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  created, failed, requests = 0, 0, 0
end
function request()
  requests = requests + 1
  if requests % 10 == 0 then
    local body = '{"comment":{"body":"load ' .. requests .. '"}}'
    return wrk.format("POST", "/api/articles/" .. slug .. "/comments",
      {["Content-Type"] = "application/json", ["Authorization"] = "Token " .. token}, body)
  elseif requests % 2 == 0 then
    return wrk.format("GET", "/post/" .. slug)
  end
  return wrk.format("GET", "/")
end
function response(status, headers, body)
  if status >= 500 then failed = failed + 1 end
  if status == 201 and string.find(body, '"comment"', 1, true) then created = created + 1 end
end
function done(summary, latency, requests)
  local c, f = 0, 0
  for _, thread in ipairs(threads) do
    c = c + thread:get("created")
    f = f + thread:get("failed")
  end
  io.write(string.format("CLUSTER created=%d failed=%d\\n", c, f))
end
"""


def wrk_rate(url, headers):
    output = subprocess.run(
        ["wrk", "-t2", "-c32", "-d5s", "-H", f"Authorization: {headers['Authorization']}", url],
        capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if "Requests/sec" in line)
    return float(line.split()[-1])


def check_authenticated_reads(headers):
    print("an authenticated read (GET /api/user), one server and through the balancer")
    one = wrk_rate(f"{A}/api/user", headers)
    two = wrk_rate(f"{BALANCER}/api/user", headers)
    log(f"one server: {one:,.0f} req/s; two behind HAProxy: {two:,.0f} req/s "
        f"(all on the same {os.cpu_count()} cores)")


def check_load(headers, slug):
    print(f"{LOAD_SECONDS} s of readers and writers through the balancer, 64 connections")
    script = WORK / "load.lua"
    script.write_text(LOAD_SCRIPT)
    env = dict(os.environ, CLUSTER_TOKEN=headers["Authorization"].split()[1], CLUSTER_SLUG=slug)
    output = subprocess.run(
        ["wrk", "-t2", "-c64", f"-d{LOAD_SECONDS}s", "--latency", "-s", str(script),
         f"{BALANCER}/"], env=env, capture_output=True, text=True, check=True).stdout
    summary = next(line for line in output.splitlines() if line.startswith("CLUSTER"))
    counts = dict(part.split("=") for part in summary.split()[1:])
    created, failed = int(counts["created"]), int(counts["failed"])
    for line in output.splitlines():
        if any(key in line for key in ("Requests/sec", "50%", "99%", "Socket errors", "Non-2xx")):
            log(line.strip())
    log(f"{created} comments acknowledged; {failed} answers 5xx")
    if failed:
        fail(f"{failed} answers were 5xx under load")
    stored = int(subprocess.run(
        ["psql", os.environ["CLUSTER_DATABASE_URL"], "-Atc",
         f"SELECT count(*) FROM comments c JOIN posts p ON p.id = c.post_id "
         f"WHERE p.slug = '{slug}' AND c.body LIKE 'load %'"],
        capture_output=True, text=True, check=True).stdout.strip())
    if stored < created or created == 0:
        fail(f"{created} comments acknowledged, {stored} stored")
    log(f"ok  every acknowledged write is stored ({stored} stored)")


def main():
    processes = []
    try:
        redis_process = redis()
        processes.append(redis_process)
        wait_until("Redis answers", lambda: subprocess.run(
            ["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True).returncode == 0)
        servers = [server(port) for port in PORTS]
        processes += servers
        for base in SERVERS:
            wait_until(f"{base} is healthy", lambda base=base: healthy(base), seconds=60)
        balancer = Process("haproxy", ["haproxy", "-f", os.environ["CLUSTER_HAPROXY_CONFIG"]])
        processes.append(balancer)
        wait_until("the balancer answers", lambda: healthy(BALANCER))

        check_sessions_across_servers()
        headers, slug = check_pages_follow_changes()
        owner_headers = check_settings_follow_on_every_server()
        check_suspension_on_every_server(owner_headers)
        check_images_shared_through_the_bucket(headers)
        check_scheduled_post_published_once(headers)
        check_throttle_across_servers()
        token = check_redis_outage(redis_process)
        check_server_killed_mid_refresh(servers, token)
        wait_until("the balancer sees A again", lambda: healthy(BALANCER), seconds=5)
        time.sleep(1.5)
        check_authenticated_reads(headers)
        check_load(headers, slug)
        print("cluster: every check passed")
    finally:
        for process in reversed(processes):
            process.stop()


if __name__ == "__main__":
    main()
