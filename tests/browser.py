"""A headless Chromium driven over the DevTools protocol, with the standard library only.

``--remote-debugging-pipe`` makes Chromium read NUL-terminated JSON commands on descriptor 3 and
write replies and events on descriptor 4, so no WebSocket client (and no new dependency) is
needed. ``Browser.open(path, width, height)`` loads a page and records what the tests check:
console messages, exceptions, network requests and JavaScript dialogs.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any


def chromium_binary() -> str | None:
    """Debian's ``chromium`` (or another Chromium/Chrome on PATH), None when there is none."""
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    def __init__(self, binary: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="grader-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        self.proc = subprocess.Popen(
            [binary, "--headless=new", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--mute-audio",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4), preexec_fn=_place_fds(to_child_r, from_child_w),
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    # -- transport -------------------------------------------------------------------------
    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None,
             timeout: float = 30.0) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def _read(self, deadline: float) -> dict[str, Any]:
        import select

        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("Chromium did not answer in time")
            ready, _, _ = select.select([self._from_child], [], [], left)
            if ready:
                chunk = os.read(self._from_child, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def wait_for(self, method: str, session: str, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        for event in self.events:
            if event.get("method") == method and event.get("sessionId") == session:
                return event
        while True:
            event = self._read(deadline)
            self.events.append(event)
            if event.get("method") == method and event.get("sessionId") == session:
                return event

    # -- pages -----------------------------------------------------------------------------
    def open(self, path: Path, width: int, height: int, *, mobile: bool = False) -> "Page":
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network", "DOM", "CSS"):
            self.send(f"{domain}.enable", session=session)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}, session=session)
        start = len(self.events)
        self.send("Page.navigate", {"url": path.resolve().as_uri()}, session=session)
        self.wait_for("Page.loadEventFired", session)
        time.sleep(0.3)  # let late console messages and requests arrive
        self.send("Runtime.evaluate", {"expression": "1"}, session=session)  # flushes pending events
        return Page(self, session, start)

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:  # noqa: BLE001 - it may be gone already
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_child)
        os.close(self._from_child)
        shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    def __init__(self, browser: Browser, session: str, start: int) -> None:
        self.browser, self.session, self.start = browser, session, start

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.browser.send(method, params, session=self.session)

    def events(self, *methods: str) -> list[dict[str, Any]]:
        return [e for e in self.browser.events[self.start:]
                if e.get("sessionId") == self.session and e.get("method") in methods]

    def console_errors(self) -> list[str]:
        """Console errors, uncaught exceptions and browser log errors (CSP violations among them)."""
        found = []
        for e in self.events("Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded"):
            p = e["params"]
            if e["method"] == "Runtime.exceptionThrown":
                found.append(str(p["exceptionDetails"]))
            elif e["method"] == "Log.entryAdded" and p["entry"]["level"] == "error":
                found.append(p["entry"]["text"])
            elif e["method"] == "Runtime.consoleAPICalled" and p["type"] in ("error", "assert"):
                found.append(str(p["args"]))
        return found

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events("Network.requestWillBeSent")]

    def dialogs(self) -> list[str]:
        return [e["params"]["message"] for e in self.events("Page.javascriptDialogOpening")]

    def layout_width(self) -> float:
        """The document's scroll width in CSS pixels (what ``document.scrollWidth`` measures)."""
        return self.send("Page.getLayoutMetrics")["cssContentSize"]["width"]

    def count(self, selector: str) -> int:
        root = self.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        return len(self.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"])

    def boxes(self, selector: str) -> list[bool]:
        """For each element matching ``selector``: does it have a layout box (is it rendered)?"""
        root = self.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        shown = []
        for node in self.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]:
            try:
                model = self.send("DOM.getBoxModel", {"nodeId": node})["model"]
                shown.append(model["width"] > 0 and model["height"] > 0)
            except RuntimeError:
                shown.append(False)
        return shown

    def emulate_print(self) -> None:
        self.send("Emulation.setEmulatedMedia", {"media": "print"})

    def screenshot(self, path: Path, *, full_page: bool = True) -> Path:
        self.send("Page.bringToFront")  # a background tab produces no frame to capture
        data = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": full_page})["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def pdf(self) -> bytes:
        return base64.b64decode(self.send("Page.printToPDF", {"printBackground": True})["data"])


def _place_fds(read_end: int, write_end: int):
    """preexec_fn: put the command pipe on fd 3 and the reply pipe on fd 4 in the child."""

    def place() -> None:
        r, w = os.dup(read_end), os.dup(write_end)
        os.dup2(r, 3)
        os.dup2(w, 4)

    return place
