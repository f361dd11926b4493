"""How long the disk under PostgreSQL takes to make a small write durable, sampled while a bench
runs: every INTERVAL_MS, one 8 KB write and fdatasync of a file of its own in DIRECTORY (a commit
waits on the same kind of flush of the WAL), for SECONDS:

    python3 bench/fsync-probe.py DIRECTORY SECONDS [INTERVAL_MS]

Prints one line, "n P50 P99 MAX STALLS", milliseconds, STALLS the flushes over 50 ms, then one line
per stall with its wall-clock time, so it can be set beside a run's latency. A PUBACK is sent after
its batch's commit, so a flush that stalls holds every message in flight for as long."""
import os
import sys
import time

STALL_MS = 50


def main():
    directory, seconds = sys.argv[1], float(sys.argv[2])
    interval = float(sys.argv[3]) / 1000 if len(sys.argv) > 3 else 0.01
    path = os.path.join(directory, f".fsync-probe-{os.getpid()}")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    block = b"\0" * 8192
    latencies, stalls = [], []
    try:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            start = time.perf_counter()
            os.pwrite(fd, block, 0)
            os.fdatasync(fd)
            ms = (time.perf_counter() - start) * 1000
            latencies.append(ms)
            if ms > STALL_MS:
                stalls.append((time.time(), ms))
            time.sleep(interval)
    finally:
        os.close(fd)
        os.unlink(path)
    latencies.sort()
    n = len(latencies)
    print(f"{n} {latencies[n // 2]:.2f} {latencies[min(n - 1, n * 99 // 100)]:.2f} {latencies[-1]:.1f} {len(stalls)}")
    for at, ms in stalls:
        print(time.strftime("%H:%M:%S", time.gmtime(at)) + f".{int(at * 1000) % 1000:03d} {ms:.1f}")


if __name__ == "__main__":
    main()
