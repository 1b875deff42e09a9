"""A real headless browser for the console tests: Debian's ``chromium`` and ``chromium-driver``, installed with
apt-get when missing (as root), driven by Selenium with explicit paths, so Selenium Manager never runs and nothing
downloads a browser. Where they cannot be installed the tests skip, saying why."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
PACKAGES = ("chromium", "chromium-driver")
INSTALL_TIMEOUT = 1200  # seconds: a first install downloads about 100 MB


def installed() -> bool:
    return CHROMIUM.is_file() and CHROMEDRIVER.is_file()


def ensure_installed() -> str | None:
    """None when the browser and its driver are there (installed now if need be), else why they are not."""
    if installed():
        return None
    if shutil.which("apt-get") is None:
        return f"{CHROMIUM} or {CHROMEDRIVER} is missing and this system has no apt-get to install {PACKAGES}"
    if os.geteuid() != 0:
        return f"{CHROMIUM} or {CHROMEDRIVER} is missing: run `apt-get install -y {' '.join(PACKAGES)}` as root"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "--no-install-recommends", *PACKAGES]
    for step in (install, ["apt-get", "update"], install):  # the package lists may be missing or stale
        done = subprocess.run(step, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False)
        if step is install and done.returncode == 0 and installed():
            return None
    last = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
    return f"apt-get could not install {' '.join(PACKAGES)}: {last[0]}"


def start_chromium(width: int = 1400, height: int = 1800):  # -> selenium WebDriver (imported here: optional)
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)  # --no-sandbox: Chromium refuses to run as root with its own sandbox
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
