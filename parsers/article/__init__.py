"""Article extraction: a page's bytes and URL in, a frozen ``Article`` out.

``document`` decodes and parses the page once (``tree`` builds the BeautifulSoup tree), ``extract`` runs each
field module in ``fields/`` on it, and ``profiles/`` holds the few site-specific selector overrides.
"""
