"""Time the heaviest pages in Chromium on the demo data.

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/pages.py

The database must hold the demo (`antq migrate && antq load_demo`). Starts
`antq serve --dev` on a free port, signs in as the province approver
(tinh.duyet), and for each page takes the median of 5 warm loads: the time
from navigation start to the load event (the browser's own Navigation
Timing), and the server's share of it (time to the first byte).
"""

import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    ("Tổng quan", "/"),
    ("Bảng điều khiển", "/bang-dieu-khien/"),
    ("Tình hình nộp báo cáo", "/thong-ke/tinh-hinh-nop/"),
    ("Kết quả An toàn về ANTT", "/danh-gia/ket-qua/?year=2025"),
    ("Báo cáo năm 2025", "/bao-cao/1/"),
    ("Trang công khai (không đăng nhập)", "/cong-khai/22/"),
]
TIMING = """(() => {
  const n = performance.getEntriesByType("navigation")[0];
  return [n.loadEventEnd - n.startTime, n.responseStart - n.startTime];
})()"""
CHROMIUM = os.environ.get("ANTQ_CHROMIUM", "/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ANTQ_TWO_FACTOR_REQUIRED": "false"}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/antq"), "serve", "--dev", "--bind", f"127.0.0.1:{port}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(60):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(f"{base}/tai-khoan/dang-nhap/")
            page.fill("#id_username", "tinh.duyet")
            page.fill("#id_password", "antq-demo-2026")
            page.click("button[type=submit]")
            page.wait_for_load_state("load")
            for label, path in PAGES:
                loads, firsts = [], []
                for attempt in range(6):
                    page.goto(base + path, wait_until="load")
                    timing = page.evaluate(TIMING)
                    if attempt:  # the first load warms the caches
                        loads.append(timing[0])
                        firsts.append(timing[1])
                print(
                    f"{label:<36} load {statistics.median(loads):6.0f} ms"
                    f"   server {statistics.median(firsts):6.0f} ms",
                    flush=True,
                )
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
