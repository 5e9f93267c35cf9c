"""The report tests' shared browser: one headless Chromium per test worker."""

from __future__ import annotations

import pytest

from tests.report.test_browser import CHROMEDRIVER, CHROMIUM, INSTALL, WINDOW, _skip_loudly


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """One headless Chromium per test worker, shared by the browser tests (:func:`driver` resets it for each)."""
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        _skip_loudly(f"no Chromium at {CHROMIUM} / {CHROMEDRIVER}: install it with `{INSTALL}` (Debian)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={tmp_path_factory.mktemp('chromium') / 'profile'}",
                "--window-size={},{}".format(*WINDOW), "--hide-scrollbars"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path: selenium-manager must not try to download anything.
    d = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    d.set_script_timeout(300)  # axe on a long page, on a busy machine
    try:
        yield d
    finally:
        d.quit()
