"""Debian's chromium under chromedriver, headless and offline, for tests of HTML pages
(the network pictures, the query page of `mskg serve`)."""

from __future__ import annotations

import json
import shutil

import pytest


def chromium(tmp_path, *, allow_hosts: tuple[str, ...] = ()):
    """Debian's chromium under chromedriver, headless, with name resolution switched off
    for every host but ``allow_hosts`` (a test server on loopback)."""
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    browser, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not browser or not driver:
        pytest.skip("chromium and chromium-driver are not installed (scripts/system-deps.sh)")
    options = Options()
    options.binary_location = browser
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--host-resolver-rules=" + ", ".join(["MAP * ~NOTFOUND", *(f"EXCLUDE {h}" for h in allow_hosts)]),
                 f"--user-data-dir={tmp_path / 'profile'}",
                 "--window-size=1400,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=options)


def requests(driver) -> list[str]:
    """URLs the page asked for since the last call, from the DevTools Network domain."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
        elif message["method"].startswith("Network.webSocket"):
            urls.append(message["params"].get("url", "websocket"))
    return urls
