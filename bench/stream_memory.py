"""Download a URL while sampling a server process's resident memory; print rows, bytes and peak RSS.

python bench/stream_memory.py http://127.0.0.1:8401/documents.csv WORKER_PID
"""

import sys
import threading
import time
import urllib.request


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def measure(url: str, pid: int) -> dict:
    """Stream url to nowhere, sampling the server's RSS every 20 ms."""
    samples = [rss_kb(pid)]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            samples.append(rss_kb(pid))
            time.sleep(0.02)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    started, size, lines = time.monotonic(), 0, 0
    with urllib.request.urlopen(url, timeout=600) as response:  # noqa: S310 (a local benchmark URL)
        while chunk := response.read(1 << 16):
            size += len(chunk)
            lines += chunk.count(b"\n")
    done.set()
    thread.join()
    return {
        "seconds": round(time.monotonic() - started, 1),
        "bytes": size,
        "lines": lines,
        "rss_before_kb": samples[0],
        "rss_peak_kb": max(samples),
    }


if __name__ == "__main__":
    print(measure(sys.argv[1], int(sys.argv[2])))
