"""Canonical addresses: the rules every URL in a data file must follow, and the one form of an
address that two sources are compared by.

A link a reader may click must be the page's public, plain address. So the loader refuses:

- ``http://`` (every body and guide the data cites serves https);
- a tracking parameter in the query (``utm_*``, ``hsa_*``, ``gclid``, ``gclsrc``, ``fbclid``,
  ``msclkid``): an advert's address for the page, not the page's own;
- a test, QA, staging or load-balancer host (``conference-test.ahima.org``, ``cms-qa...``,
  ``acdis.static.hcprostage.com``, ``*.elb.amazonaws.com``): a copy no reader should be sent to.

The same host rule applies to any host named in the text of a note. Where a copy was read on
such a host, a source version records it as ``capture_host``, apart from the link.

Before any of that, an address holds only the characters RFC 3986 allows in one (ASCII letters,
digits and ``-._~:/?#[]@!$&'()*+,;=%``): no space, newline or control character, no ``<``,
``>``, ``"``, backslash or non-ASCII letter, any of which would let it break out of a terminal
hyperlink, a Markdown autolink or an HTML attribute, or pass one host off as another.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qsl, urlsplit

from certadvisor.text import shown

TRACKING_PREFIXES = ("utm_", "hsa_")
TRACKING_NAMES = frozenset({"gclid", "gclsrc", "fbclid", "msclkid"})
# A host label that marks a test, QA or staging deployment: one ending in test, stage or staging
# (test, conference-test, hcprostage), "staging" anywhere, or qa or uat alone or hyphenated
# (qa, cms-qa, qa-www). A rule of thumb: it can refuse an innocent name ("contest"), never
# a deployment named like these.
_TEST_LABEL = re.compile(r"(?:test|stage|staging)$|staging|^(?:qa|uat)$|-(?:qa|uat)$|^(?:test|qa|stage|uat)-")
_LOAD_BALANCER = ".elb.amazonaws.com"
# A host in running text: labels of letters, digits and hyphens joined by dots, ending in a
# top-level domain of letters.
_HOST_IN_TEXT = re.compile(r"(?<![\w@.-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})(?![\w-])", re.I)
_URL_IN_TEXT = re.compile(r"\bhttps?://[^\s<>\"')\]]+", re.I)

HOST_RULE = "no test, QA, staging or load-balancer hosts"
TRACKING_RULE = "no tracking parameters (utm_*, hsa_*, gclid, gclsrc, fbclid, msclkid)"
HTTPS_RULE = "https only"
# Everything else (a space, a control character, <, >, ", a backslash, a non-ASCII letter) is
# refused: percent-encode it, or write the host in its xn-- form.
_URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")
CHARACTERS_RULE = "only ASCII letters, digits and -._~:/?#[]@!$&'()*+,;=% (RFC 3986); percent-encode the rest"


def split(url: str) -> SplitResult | None:
    """The parts of an address; None when it cannot be parsed (an unclosed "[" of an IPv6 host)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def host_of(url: str) -> str:
    """An address's host in lower case; "" when it has none or cannot be parsed."""
    parts = split(url)
    return (parts.hostname or "") if parts is not None else ""


def host_problem(host: str) -> str | None:
    """Why a host may not be cited (a test or load-balancer host), or None."""
    name = host.lower().rstrip(".")
    if name.endswith(_LOAD_BALANCER):
        return f"{name} is a load-balancer host (rule: {HOST_RULE}); cite the public address"
    for label in name.split(".")[:-1]:  # the top-level domain is never a deployment's name
        if _TEST_LABEL.search(label):
            return f"{name} is a test or staging host (rule: {HOST_RULE}); cite the public address"
    return None


def url_problem(url: str) -> str | None:
    """Why a URL may not be cited, naming the rule, or None for a canonical https address."""
    allowed = _URL_CHARACTERS.match(url)
    if allowed is not None and allowed.end() < len(url):
        at = allowed.end()
        return f"{shown(url[at])} at character {at + 1} is not allowed in a URL: {CHARACTERS_RULE}"
    parts = split(url)
    if parts is None:
        return "not a valid URL (an unclosed [ in its host)"
    if parts.scheme.lower() == "http":
        return f"plain http:// address (rule: {HTTPS_RULE}); write https://{url[len('http://') :]}"
    if parts.scheme.lower() != "https" or not parts.hostname:
        return "expected an https:// URL with a host, such as https://www.aapc.com"
    problem = host_problem(parts.hostname)
    if problem:
        return problem
    for name, _value in parse_qsl(parts.query, keep_blank_values=True):
        lowered = name.lower()
        if lowered.startswith(TRACKING_PREFIXES) or lowered in TRACKING_NAMES:
            return f"tracking parameter {name} (rule: {TRACKING_RULE}); cite the page's plain address"
    return None


def text_problem(text: str) -> str | None:
    """Why a note's text may not stand: a URL that breaks a rule, or a test host named in it."""
    for found in _URL_IN_TEXT.finditer(text):
        problem = url_problem(found.group().rstrip(".,;:"))
        if problem:
            return problem
    for found in _HOST_IN_TEXT.finditer(text):
        problem = host_problem(found.group(1))
        if problem:
            return problem.replace("cite the public address", "record it as capture_host on the source")
    return None


def canonical(url: str) -> str:
    """The form two addresses of one page share: no scheme, no www., no fragment, no trailing
    slash, the host in lower case (the path keeps its case)."""
    parts = split(url)
    if parts is None:  # reported by url_problem; compared as it is written
        return url
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"
