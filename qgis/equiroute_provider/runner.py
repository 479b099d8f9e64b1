"""Runs the equiroute executable for an algorithm: streams its log lines to the Processing
feedback, maps optional `progress:` lines to the progress bar, kills the child on cancel and
turns equiroute's one-line `error: …` (exit 2 bad input, 3 I/O, 1 internal) into a
QgsProcessingException carrying that message."""

import os
import queue
import re
import shlex
import signal
import subprocess
import threading

from qgis.core import QgsProcessingException

from .settings import executable_path

# `progress: 42.5 text` or `progress: 42.5% text`: a fraction of the command's work, for a
# future `--progress` option of the CLI; equiroute logs only `info:`/`warning:` lines today.
_PROGRESS = re.compile(r"^progress:\s*([0-9]+(?:\.[0-9]+)?)%?\s*(.*)$")
_POLL_SECONDS = 0.1


class Cancelled(QgsProcessingException):
    """The user cancelled the algorithm; the child process has been killed."""


def _pump(stream, name, lines):
    for line in iter(stream.readline, ""):
        lines.put((name, line.rstrip("\r\n")))
    stream.close()
    lines.put((name, None))


def _kill(process):
    """Kills the child and everything it started (it runs in its own process group)."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except ProcessLookupError:
        pass
    process.wait()


class _LogState:
    """What the run printed that matters after it ends."""

    def __init__(self):
        self.error = None
        self.hint = None
        self.stderr_tail = []
        self.stdout = []


class EquirouteRunner:
    """One call of the executable. `progress_range` is the part of the algorithm's progress bar
    (in percent) that the command covers; `exported` maps temporary input files to the names of
    the QGIS layers they were written from, so that errors can name the layer too."""

    def __init__(self, feedback, progress_range=(10.0, 90.0), exported=None):
        self.feedback = feedback
        self.low, self.high = progress_range
        self.exported = exported or {}
        self._info_lines = 0

    def run(self, arguments):
        command = [executable_path()] + [str(a) for a in arguments]
        self.feedback.pushCommandInfo(" ".join(shlex.quote(part) for part in command))
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=hasattr(os, "killpg"),
        )
        lines = queue.Queue()
        for stream, name in ((process.stdout, "stdout"), (process.stderr, "stderr")):
            threading.Thread(target=_pump, args=(stream, name, lines), daemon=True).start()
        state = _LogState()
        open_streams = 2
        while open_streams > 0:
            self._check_cancel(process)
            try:
                name, line = lines.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                continue
            if line is None:
                open_streams -= 1
            elif name == "stdout":
                state.stdout.append(line)
                self.feedback.pushConsoleInfo(line)
            else:
                self._stderr_line(line, state)
        while True:
            self._check_cancel(process)
            try:
                code = process.wait(timeout=_POLL_SECONDS)
                break
            except subprocess.TimeoutExpired:
                continue
        if code != 0:
            raise QgsProcessingException(self._failure_message(code, state))
        self.feedback.setProgress(self.high)
        return state.stdout

    def _check_cancel(self, process):
        if self.feedback.isCanceled():
            _kill(process)
            raise Cancelled("equiroute was cancelled; its process has been stopped")

    def _stderr_line(self, line, state):
        state.stderr_tail = (state.stderr_tail + [line])[-8:]
        level, _, text = line.partition(": ")
        progress = _PROGRESS.match(line)
        if progress:
            fraction = min(max(float(progress.group(1)) / 100.0, 0.0), 1.0)
            self.feedback.setProgress(self.low + (self.high - self.low) * fraction)
            if progress.group(2):
                self.feedback.setProgressText(progress.group(2))
        elif level == "error" or level == "internal error":
            state.error = line if level == "internal error" else text
            self.feedback.reportError(self._name_layers(line), False)
        elif level == "hint":
            state.hint = text
            self.feedback.pushInfo(line)
        elif level == "warning":
            self.feedback.pushWarning(self._name_layers(text))
        elif level in ("info", "debug", "trace"):
            self.feedback.pushInfo(self._name_layers(text))
            self._nudge_progress()
        else:
            self.feedback.pushConsoleInfo(line)

    def _nudge_progress(self):
        """Without progress lines, each log line moves the bar a little (never to the end)."""
        self._info_lines += 1
        share = 1.0 - 0.8 ** self._info_lines
        self.feedback.setProgress(self.low + (self.high - self.low) * 0.9 * share)

    def _name_layers(self, text):
        """Says which QGIS layer each temporary input file named in `text` was written from;
        equiroute's own words are left as they are."""
        notes = [f"{os.path.basename(path)} is the QGIS layer '{layer_name}'"
                 for path, layer_name in self.exported.items() if path in text]
        return text + (" [" + "; ".join(notes) + "]" if notes else "")

    def _failure_message(self, code, state):
        if state.error:
            message = state.error
            if state.hint:
                message += f" (hint: {state.hint})"
        else:
            tail = "\n".join(state.stderr_tail) or "no message"
            message = f"equiroute exited with code {code}: {tail}"
        return "equiroute: " + self._name_layers(message)
