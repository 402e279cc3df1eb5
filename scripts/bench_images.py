#!/usr/bin/env python3
"""Uploads timed against the release server (scripts/bench-images starts it): photos of 1, 12
and 40 megapixels with EXIF, one at a time (the time an author waits for one), then four at
once (what permits do to a burst), then wrk on a stored image and on a reader page while
uploads run (what readers feel). Pillow makes the photos; nothing here is committed data.
"""

import io
import json
import os
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
BINARY = os.environ["BENCH_BINARY"]
PORT = int(os.environ.get("BENCH_PORT", "3411"))
BASE = f"http://127.0.0.1:{PORT}"


def photo(megapixels, seed):
    """A JPEG of noise and gradients (hard to compress, like a photo) with EXIF."""
    width = int((megapixels * 1_000_000 * 4 / 3) ** 0.5)
    height = int(width * 3 / 4)
    noise = Image.effect_noise((width, height), 40 + seed).convert("RGB")
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    picture = Image.blend(noise, gradient, 0.5)
    exif = Image.Exif()
    exif[0x010F] = "BenchCam"
    exif[0x0112] = 6
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=92, exif=exif)
    return out.getvalue(), width, height


def call(path, body=None, headers=None, method=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method, headers=headers or {})
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=120) as response:
        return json.loads(response.read())


def upload(token, data):
    boundary = "bench-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.jpg\""
            f"\r\nContent-Type: image/jpeg\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    req = urllib.request.Request(BASE + "/api/uploads", data=body, method="POST", headers={
        "Authorization": f"Token {token}",
        "Content-Type": f"multipart/form-data; boundary={boundary}"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=120) as response:
            answer = json.loads(response.read())
            return time.perf_counter() - started, response.status, answer
    except urllib.error.HTTPError as error:
        return time.perf_counter() - started, error.code, error.read().decode()


def wrk(url, seconds=5):
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True).stdout
    rate = next(line.split()[1] for line in out.splitlines() if line.startswith("Requests/sec"))
    p99 = next(line.split()[1] for line in out.splitlines() if line.strip().startswith("99%"))
    return float(rate), p99


def main():
    work = Path(tempfile.mkdtemp(prefix="bench-images-"))
    env = dict(os.environ, BLOG_SERVER__ADDRESS=f"127.0.0.1:{PORT}",
               BLOG_DATABASE__URL=f"sqlite://{work}/blog.db",
               BLOG_AUTH__SECRET_FILE=str(work / "jwt-secret"),
               BLOG_MEDIA__FOLDER=str(work / "media"),
               BLOG_MEDIA__MAX_UPLOAD_BYTES=str(40 * 1024 * 1024),
               BLOG_API__MAX_BODY_BYTES=str(1024 * 1024),
               BLOG_SERVER__REQUEST_TIMEOUT="120s",
               LEPTOS_SITE_ROOT=str(ROOT / "target" / "site"), RUST_LOG="warn")
    server = subprocess.Popen([BINARY], env=env, cwd=ROOT)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(BASE + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        token = call("/api/users", {"user": {"username": "bench", "email": "b@example.com",
                                             "password": "correct horse battery"}})["user"]["token"]
        print("| photo | upload size | one upload (s) | stored (bytes) |")
        print("| --- | --- | --- | --- |")
        for megapixels in (1, 12, 40):
            data, width, height = photo(megapixels, 0)
            times = []
            stored = None
            for seed in range(3):
                # A new photo each time: the same one would be found stored already.
                data, width, height = photo(megapixels, seed + 1)
                elapsed, status, answer = upload(token, data)
                assert status == 201, answer
                times.append(elapsed)
                stored = answer["upload"]["bytes"]
            print(f"| {width} × {height} ({megapixels} MP) | {len(data) // 1024} KB | "
                  f"{statistics.median(times):.2f} | {stored} |")
        data, _, _ = photo(1, 9)
        elapsed, status, answer = upload(token, data)
        again, status, _ = upload(token, data)
        print(f"\nthe same 1 MP photo again (found stored): {again * 1000:.0f} ms")
        url = answer["upload"]["url"]

        burst = [photo(12, 20 + n)[0] for n in range(4)]
        results = []
        threads = [threading.Thread(target=lambda d=d: results.append(upload(token, d)))
                   for d in burst]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        total = time.perf_counter() - started
        statuses = sorted(status for _, status, _ in results)
        print(f"four 12 MP uploads at once: all done in {total:.2f} s, statuses {statuses}")

        rate, p99 = wrk(BASE + url)
        print(f"\nwrk -c16 {url.split('/')[-1][:12]}… (a stored image): {rate:.0f} req/s, p99 {p99}")
        rate, p99 = wrk(BASE + "/healthz")
        print(f"wrk -c16 /healthz alone: {rate:.0f} req/s, p99 {p99}")
        uploading = threading.Event()
        # Made beforehand, so making them takes no core from the server during the run.
        photos = [photo(12, 100 + n)[0] for n in range(6)]

        def keep_uploading():
            for data in photos:
                if uploading.is_set():
                    return
                upload(token, data)

        burst_thread = threading.Thread(target=keep_uploading)
        burst_thread.start()
        rate, p99 = wrk(BASE + "/healthz")
        uploading.set()
        burst_thread.join()
        print(f"wrk -c16 /healthz while 12 MP photos upload one after another: {rate:.0f} req/s, "
              f"p99 {p99}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
