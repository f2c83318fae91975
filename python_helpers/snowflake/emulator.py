"""Start and stop a local Snowflake emulator: fakesnow's server (`fakesnow -s`) on loopback.

The emulator speaks Snowflake's HTTP protocol, so the real snowflake connector and the real
dbt-snowflake adapter run against it (profile target `snowflake_emulator`). It keeps its
databases in memory: everything is gone when it stops. It only ever listens on 127.0.0.1.

    with running_emulator(log_dir) as emulator:
        env = emulator.env()        # HI_FAKESNOW_PORT for dbt and for connect()

`hi`-less use: `python -m python_helpers.snowflake.emulator` runs it in the foreground and
prints the settings to export.
"""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LOOPBACK = "127.0.0.1"
PORT_VARIABLE = "HI_FAKESNOW_PORT"
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 15


class EmulatorError(RuntimeError):
    pass


@dataclass
class Emulator:
    process: subprocess.Popen
    port: int
    log_path: Path

    def env(self) -> dict[str, str]:
        """Variables that point the profile's emulator target (and connect()) at it."""
        return {PORT_VARIABLE: str(self.port)}

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Stop the server this object started (by its own process id only)."""
        if self.process.poll() is not None:
            return
        # fakesnow's server stops cleanly on SIGINT (Ctrl-C)
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(STOP_TIMEOUT_S)


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM when the thread that started it ends (the main
    thread: when the process dies), so a killed test run leaves no server behind."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def free_loopback_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def _accepts_connections(port: int) -> bool:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((LOOPBACK, port)) == 0


def start(log_path: Path | str | None = None, port: int | None = None,
          timeout_s: float = START_TIMEOUT_S) -> Emulator:
    """Start `fakesnow -s` on a free loopback port; wait until it accepts connections."""
    if log_path is None:
        log_path = Path(tempfile.mkdtemp(prefix="fakesnow-")) / "fakesnow.log"
    log_path = Path(log_path)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    port = port or free_loopback_port()
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "fakesnow", "-s", "--host", LOOPBACK, "-p", str(port)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
    emulator = Emulator(process, port, log_path)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EmulatorError(f"the Snowflake emulator (fakesnow) exited with code "
                                f"{process.returncode} on start:\n{emulator.log_tail()}")
        if _accepts_connections(port):
            return emulator
        time.sleep(0.2)
    emulator.stop()
    raise EmulatorError(f"the Snowflake emulator did not listen on {LOOPBACK}:{port} within "
                        f"{timeout_s:.0f} s:\n{emulator.log_tail()}")


@contextlib.contextmanager
def running_emulator(log_dir: Path | str | None = None) -> Iterator[Emulator]:
    log_path = Path(log_dir) / "fakesnow.log" if log_dir is not None else None
    emulator = start(log_path)
    try:
        yield emulator
    finally:
        emulator.stop()


def _interrupt(_signum, _frame) -> None:
    """Ctrl-C or a SIGTERM to this runner stops the server too, rather than orphaning it."""
    raise KeyboardInterrupt


def main(args=None) -> int:
    """Run the emulator in the foreground until Ctrl-C (or SIGTERM)."""
    emulator = start(getattr(args, "log", None))
    for signum in (signal.SIGINT, signal.SIGTERM):  # also when started in the background,
        signal.signal(signum, _interrupt)          # where SIGINT would be ignored
    print(f"Snowflake emulator (fakesnow) listening on {LOOPBACK}:{emulator.port}; "
          f"log: {emulator.log_path}")
    print("In another shell:")
    print(f"  export {PORT_VARIABLE}={emulator.port} DBT_TARGET=snowflake_emulator")
    print("Stop with Ctrl-C (the databases are in memory and go with it).")
    try:
        emulator.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        emulator.stop()
    return 0


if __name__ == "__main__":
    if os.environ.get(PORT_VARIABLE):
        print(f"note: {PORT_VARIABLE} is set in this shell; a new free port is used anyway",
              file=sys.stderr)
    sys.exit(main())
