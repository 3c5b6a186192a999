#!/usr/bin/env python3
"""Drive an interactive `wosix` session through a real host pseudo-terminal, as a person at
a terminal would: type commands, press ^Z, use job control, resize the window, and exit.

Usage: interactive.py PATH-TO-WOSIX [BUSY-WASM]. With BUSY-WASM (a WASI command that loops
forever), it is installed as /usr/bin/busy and the session also checks that ^C ends a busy guest
and that `ps aux` shows a running guest with CPU time and memory. Exit status 0 when every step
saw what it expected; on failure the transcript so far is printed. Called by tests/cli.rs.
"""

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time

STEP_TIMEOUT = 30.0


class Session:
    def __init__(self, binary, args=()):
        pid, fd = pty.fork()
        if pid == 0:
            os.environ["TERM"] = "xterm-256color"
            os.execv(binary, [binary, *args])
        self.pid, self.fd = pid, fd
        self.buf = b""
        self.seen = 0  # everything before this offset has been matched already
        self.status = None

    def resize(self, rows, cols):
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.kill(self.pid, signal.SIGWINCH)

    def send(self, text):
        os.write(self.fd, text.encode())

    def _fill(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        r, _, _ = select.select([self.fd], [], [], min(left, 0.5))
        if r:
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                data = b""
            if not data:
                return False
            self.buf += data
        return True

    def expect(self, needle, what):
        deadline = time.monotonic() + STEP_TIMEOUT
        n = needle.encode()
        while True:
            i = self.buf.find(n, self.seen)
            if i >= 0:
                self.seen = i + len(n)
                return
            if not self._fill(deadline) and time.monotonic() >= deadline:
                fail(self, f"{what}: did not see {needle!r}")
            if self.status is None:
                done, st = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    self.status = st
                    # Read what is left, then give up if the needle never came.
                    while self._fill(time.monotonic() + 0.5):
                        pass
                    if self.buf.find(n, self.seen) < 0:
                        fail(self, f"{what}: wosix exited before {needle!r}")

    def expect_any(self, needles, what):
        """Wait for the first of `needles` to appear; returns its index."""
        deadline = time.monotonic() + STEP_TIMEOUT
        while True:
            hits = [(self.buf.find(n.encode(), self.seen), k) for k, n in enumerate(needles)]
            hits = [(i, k) for i, k in hits if i >= 0]
            if hits:
                i, k = min(hits)
                self.seen = i + len(needles[k])
                return k
            if not self._fill(deadline) and time.monotonic() >= deadline:
                fail(self, f"{what}: saw none of {needles!r}")
            if self.status is None and os.waitpid(self.pid, os.WNOHANG)[0]:
                fail(self, f"{what}: wosix exited")

    def wait_exit(self):
        deadline = time.monotonic() + STEP_TIMEOUT
        while self.status is None:
            done, st = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.status = st
                break
            if time.monotonic() > deadline:
                fail(self, "wosix did not exit after `exit`")
            self._fill(time.monotonic() + 0.1)
        return os.waitstatus_to_exitcode(self.status)


def fail(s, msg):
    print(f"FAIL: {msg}")
    print("--- transcript ---")
    print(s.buf.decode(errors="replace"))
    if s.status is None:
        os.kill(s.pid, signal.SIGKILL)
    sys.exit(1)


def main():
    binary = sys.argv[1]
    busy = sys.argv[2] if len(sys.argv) > 2 else None
    s = Session(binary, ["--install", f"{busy}:/usr/bin/busy"] if busy else [])
    s.resize(30, 100)
    s.expect("$ ", "first prompt")

    # Typed text is echoed by the pty, so each command's output is spelled differently from
    # the command line that produces it (hel''lo prints hello).
    s.send("echo hel''lo\r")
    s.expect("hello\r\n", "echo output")
    s.expect("$ ", "prompt after echo")

    s.send('echo "$TERM,$USER,$HOME"\r')
    s.expect("xterm-256color,user,/home/user\r\n", "environment")
    s.expect("$ ", "prompt after env")

    s.send("stty size 2>/dev/null || echo no''stty\r")
    if s.expect_any(["30 100\r\n", "nostty\r\n"], "window size") == 0:
        s.expect("$ ", "prompt after stty")
        s.resize(40, 120)
        time.sleep(0.2)  # let the SIGWINCH thread push the new size
        s.send("stty size\r")
        s.expect("40 120\r\n", "window size after resize")
    s.expect("$ ", "prompt after stty")

    s.send("sleep 100\r")
    time.sleep(0.5)  # let the job start before stopping it
    s.send("\x1a")
    s.expect("Stopped", "^Z stops the job")
    s.expect("$ ", "prompt after ^Z")

    s.send("jobs\r")
    s.expect("sleep 100", "jobs lists the stopped job")
    s.expect("$ ", "prompt after jobs")

    s.send("bg\r")
    s.expect("sleep 100", "bg resumes the job")
    s.expect("$ ", "prompt after bg")

    s.send("kill %1\r")
    s.expect("$ ", "prompt after kill")
    s.send("jobs; echo lis''ted\r")
    s.expect("listed\r\n", "jobs after kill")
    s.expect("$ ", "prompt after jobs")
    before = s.seen
    s.send("jobs; echo aga''in\r")
    s.expect("again\r\n", "no jobs left")
    if b"sleep 100" in s.buf[before : s.seen]:
        fail(s, "the killed job is still listed")
    s.expect("$ ", "prompt after the last jobs")

    if busy:
        # A guest spinning in the foreground: ^C reaches it through the line discipline.
        s.send("busy\r")
        time.sleep(1.0)
        s.send("\x03")
        s.expect("$ ", "prompt after ^C of a busy guest")
        s.send("echo st''atus=$?\r")
        s.expect("status=130\r\n", "^C ends the guest with SIGINT")
        s.expect("$ ", "prompt after status")
        # In the background it keeps running, preempted, and ps shows its CPU time and memory.
        s.send("busy &\r")
        s.expect("$ ", "prompt after busy &")
        time.sleep(1.5)
        start = s.seen
        s.send("ps aux | grep '[b]usy'; echo do''ne\r")
        s.expect("done\r\n", "ps aux")
        line = next((l for l in s.buf[start:s.seen].decode(errors="replace").splitlines()
                     if len(l.split()) >= 11 and l.split()[-1] == "busy"), None)
        if line is None:
            fail(s, "ps aux does not list the busy guest")
        cols = line.split()
        # USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND
        if int(cols[5]) <= 0 or (float(cols[2]) <= 0 and cols[9] == "0:00"):
            fail(s, f"busy guest without CPU or memory in ps: {line!r}")
        s.expect("$ ", "prompt after ps")
        s.send("kill %1; wait; echo kil''led\r")
        s.expect("killed\r\n", "kill of the background guest")
        s.expect("$ ", "prompt after kill")

    s.send("echo $((6 * 7)); exit 0\r")
    s.expect("42\r\n", "arithmetic")
    code = s.wait_exit()
    if code != 0:
        fail(s, f"exit status {code}, wanted 0")
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
