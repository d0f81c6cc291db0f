"""Helpers for the browser tests: CSP-safe waiting, opening the app, dropping files."""
from __future__ import annotations

import base64
import time

BOOT_TIMEOUT = 90
CHECK_TIMEOUT = 90


def wait_for(page, expression: str, *, timeout: float = 30, what: str | None = None):
    """Poll a JS expression until it is truthy (CSP-safe replacement for wait_for_function)."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(f"() => ({expression})")
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or expression}")
        time.sleep(0.1)


def state(page) -> str:
    return page.evaluate("() => document.body.dataset.state")


def wait_state(page, *states: str, timeout: float = CHECK_TIMEOUT) -> str:
    deadline = time.monotonic() + timeout
    while True:
        current = state(page)
        if current in states:
            return current
        if time.monotonic() > deadline:
            message = page.evaluate("() => document.querySelector('#message').textContent")
            raise AssertionError(f"state is {current!r} after {timeout} s, expected {states}; message: {message!r}")
        time.sleep(0.1)


def open_app(page, site_url: str) -> None:
    page.goto(site_url)
    wait_state(page, "ready", timeout=BOOT_TIMEOUT)


def drop_files(page, paths, target: str = "#form") -> None:
    """Drop files on the page the way a user's drag and drop does (a DataTransfer drop event)."""
    payload = [[p.name, base64.b64encode(p.read_bytes()).decode("ascii")] for p in paths]
    page.evaluate("""([items, target]) => {
        const dt = new DataTransfer();
        for (const [name, b64] of items) {
            const bin = atob(b64);
            const bytes = new Uint8Array(bin.length);
            for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
            dt.items.add(new File([bytes], name, {type: "text/xml"}));
        }
        const el = document.querySelector(target);
        el.dispatchEvent(new DragEvent("dragenter", {dataTransfer: dt, bubbles: true, cancelable: true}));
        el.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true, cancelable: true}));
        el.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""", [payload, target])


def report_data(page, rid: str = "report") -> dict:
    return page.evaluate(f"() => JSON.parse(document.getElementById('{rid}-data').textContent)")


def checks_done(page) -> int:
    return int(page.evaluate("() => document.body.dataset.checks || '0'"))


def check_files(page, paths, *, how: str = "picker", timeout: float = CHECK_TIMEOUT) -> str:
    """Give files to the app (file picker or drop) and wait for that check to finish; → state."""
    before = checks_done(page)
    if how == "picker":
        page.set_input_files("input[type=file]", [str(p) for p in paths])
    else:
        drop_files(page, paths)
    wait_for(page, f"Number(document.body.dataset.checks || 0) > {before}", timeout=timeout,
             what="the check to finish")
    return page.evaluate("() => document.body.dataset.state")
