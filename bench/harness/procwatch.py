"""Watches /proc for processes whose environment holds a marker (the race's loser commands)."""
import os
import threading
import time


class MarkerWatch(threading.Thread):
    """Polls every `interval` s. peak = most marked processes seen at once; gone_at = wall-clock time
    (time.time(), the clock the run reports use) at which the first scan finding none after some
    were seen began."""

    def __init__(self, marker, interval=0.005):
        super().__init__(daemon=True)
        self.marker = marker.encode()
        self.interval = interval
        self.peak = 0
        self.gone_at = None
        self._halt = threading.Event()

    def count(self):
        n = 0
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/environ", "rb") as f:
                    if self.marker in f.read():
                        n += 1
            except OSError:
                pass  # gone meanwhile, or not ours to read
        return n

    def run(self):
        while not self._halt.is_set():
            began = time.time()
            n = self.count()
            if n:
                self.peak = max(self.peak, n)
                self.gone_at = None
            elif self.peak and self.gone_at is None:
                self.gone_at = began
            time.sleep(self.interval)

    def stop(self, linger=5.0):
        """Let the watch see the processes disappear (up to `linger` s after the run ended), then stop."""
        deadline = time.time() + linger
        while self.peak and self.gone_at is None and time.time() < deadline:
            time.sleep(self.interval)
        self._halt.set()
        self.join()
