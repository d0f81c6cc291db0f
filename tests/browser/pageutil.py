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


def expected_report(path, *, index=None) -> dict:
    """What the page's views are made from, computed here by lsucheck itself: the report's facets
    and every occurrence row (the page no longer receives the rows: issue 9 item 3)."""
    from lsucheck import engine, render

    (report,) = engine.check_inputs([(str(path), path.name)], options=engine.Options())
    b = render.Browse(report, index=index)
    return {"total": b.r["total"], "facets": b.r["facets"], "columns": list(render.COLUMNS),
            "messages": [{"code": it["code"], "label": g["label"], "level": g["level"], "group": g["id"],
                          "count": it["count"], "rows": it["all_rows"]}
                         for g in b.r["groups"] for it in g["parts"]],
            "report": report.data}


def views_done(page) -> int:
    return int(page.evaluate("() => document.body.dataset.views || '0'"))


def wait_view(page, before: int, timeout: float = 30) -> None:
    """Wait until the page has swapped in a view Python rendered after ``before`` views and no
    view request is still on its way (document.body.dataset.views / viewsPending)."""
    wait_for(page, f"Number(document.body.dataset.views || 0) > {before} "
                   f"&& Number(document.body.dataset.viewsPending || 0) === 0", timeout=timeout,
             what="the view to be rendered")


def wheel_with_one_module_more(wheel: bytes, module: str) -> bytes:
    """A perfectly valid wheel with one module more (``module``, a path inside it): only its sha256
    betrays it (the integrity tests serve it in place of the real one)."""
    import io
    import zipfile
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(wheel)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr(module, "print('code ajouté en chemin')\n")
    return out.getvalue()
