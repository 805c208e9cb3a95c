"""bench/wrk_report.lua counts the requests wrk sent: the ones a server handles,
those in flight when wrk stopped included (the CPU per request divides by it)."""

import json
import shutil
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

LUA = Path(__file__).resolve().parents[2] / "bench" / "wrk_report.lua"

pytestmark = pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed")


class _Slow(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    handled = 0
    lock = threading.Lock()

    def do_GET(self):
        with self.lock:
            type(self).handled += 1
        time.sleep(0.05)  # wrk stops with requests in flight
        body = b"ok"
        try:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # wrk has gone: the request was handled all the same

    def log_message(self, *args):
        pass


@pytest.mark.parametrize(("threads", "connections"), [(1, 1), (2, 4)])
def test_sent_is_what_the_server_handled(threads, connections):
    _Slow.handled = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t",
                str(threads),
                "-c",
                str(connections),
                "-d",
                "1s",
                "-s",
                str(LUA),
                f"http://127.0.0.1:{server.server_address[1]}/",
            ],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
        time.sleep(0.3)  # the server finishes what was in flight
    finally:
        server.shutdown()
        server.server_close()
    line = next(ln for ln in out.splitlines() if ln.startswith("WRKJSON "))
    data = json.loads(line.removeprefix("WRKJSON "))
    assert data["requests"] > 0
    assert data["requests"] <= data["sent"] <= data["requests"] + connections
    assert data["sent"] == _Slow.handled
