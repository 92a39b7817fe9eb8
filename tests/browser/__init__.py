"""Browser tests: the web widget in Debian's headless Chromium against the running assistant
(make widget; `make browser` installs Chromium)."""
