"""Caching what never changes: a ratified plan's pages and files.

A ratified plan, its ratified version and its official PDF are immutable, so each public
rendering of them (plan page, document, JSON, CSV) is built once per language and kept in
Django's cache (`django.core.cache.cache`: local memory in development, the shared Redis
in production) under a key made of the plan's public id, the ratified version's number,
the official file's hash, the language and the renderer version. The same key gives the
ETag; the ratification time gives Last-Modified; responses say `Cache-Control: public`.

Each entry is kept as built and gzip-compressed (two cache entries): a client that accepts
gzip gets the compressed bytes as they are (`Content-Encoding: gzip`, its own ETag,
`Vary: Accept-Encoding`). A request for a cached page costs no database query: the plan's
*stamp* (what identifies its public content) is cached too. A stamp without the official
PDF (still rendering) is kept only briefly, so the page shows the file soon after it is
stored.
"""

import gzip
import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import content_disposition_header, http_date

from .selectors import RatifiedPlan, ratified_plan

# Bump when a template or builder changes what a cached entry holds.
RENDER_VERSION = "1"
PREFIX = "portal"


def immutable_seconds() -> int:
    """How long caches (this one and browsers/proxies) keep a ratified plan's pages."""
    return int(getattr(settings, "RENSTRA_PORTAL_CACHE_SECONDS", 24 * 3600))


def pending_seconds() -> int:
    """How long a stamp without the official PDF is kept (the file may appear any time)."""
    return int(getattr(settings, "RENSTRA_PORTAL_PENDING_SECONDS", 30))


def listing_seconds() -> int:
    """Cache-Control max-age of the region and index pages (they change with new plans)."""
    return int(getattr(settings, "RENSTRA_PORTAL_LIST_SECONDS", 60))


@dataclass(frozen=True)
class Stamp:
    """What identifies the public content of one ratified plan (cached, picklable)."""

    public_id: str
    version_number: int
    modified: float  # POSIX seconds: Last-Modified
    sha256: str  # the official PDF's hash, "" while it is not stored
    pdf_name: str = ""  # its storage name
    pdf_size: int | None = None
    pdf_filename: str = ""  # the download's file name
    generation: int = 0  # when the published rows last changed after all (see signals)


def stamp_key(public_id: str) -> str:
    return f"{PREFIX}:{RENDER_VERSION}:stamp:{public_id}"


def _changed_key(public_id: str) -> str:
    return f"{PREFIX}:changed:{public_id}"


def plan_changed(public_id: str) -> None:
    """Something the plan's public pages show changed (a comment hidden by a moderator,
    the official PDF stored): drop the stamp and note the time, so that the next request
    builds new pages under new keys with a later Last-Modified."""
    cache.set(_changed_key(public_id), int(time.time()), immutable_seconds() * 2)
    cache.delete(stamp_key(public_id))


def plan_stamp(public_id: str) -> tuple[Stamp, RatifiedPlan | None]:
    """The stamp of the ratified plan `public_id` (from the cache, else read and cached)
    and, when it had to be read, the plan. Raises Http404 for anything not ratified;
    nothing is cached then (a plan ratified later shows at once)."""
    key = stamp_key(public_id)
    stamp = cache.get(key)
    if stamp is not None:
        return stamp, None
    rp = ratified_plan(public_id)
    document_file = rp.document_file
    changed = int(cache.get(_changed_key(public_id)) or 0)
    stamp = Stamp(
        public_id=rp.public_id,
        version_number=rp.version.number,
        modified=max(rp.modified.timestamp(), changed),
        generation=changed,
        sha256=document_file.sha256 if document_file else "",
        pdf_name=(document_file.file.name or "") if document_file else "",
        pdf_size=document_file.size if document_file else None,
        pdf_filename=document_file.filename if document_file else "",
    )
    cache.set(key, stamp, immutable_seconds() if document_file else pending_seconds())
    return stamp, rp


def portal_language(request: HttpRequest) -> tuple[str, bool]:
    """The page's language and whether the address chose it (`?lang=en`): otherwise the
    visitor's language choice (cookie), Indonesian by default."""
    codes = [code for code, _name in settings.LANGUAGES]
    asked = request.GET.get("lang", "")
    if asked in codes:
        return asked, True
    current = translation.get_language() or settings.LANGUAGE_CODE
    current = current.split("-")[0]
    return (current if current in codes else settings.LANGUAGE_CODE), False


def language_query(lang: str, explicit: bool) -> str:
    """What portal links append to keep a language chosen in the address."""
    return f"?lang={lang}" if explicit else ""


@dataclass(frozen=True)
class Entry:
    body: bytes
    content_type: str
    filename: str = ""  # set: served as an attachment with this name


@dataclass(frozen=True)
class Stored:
    """What the cache keeps, once per encoding: the body as built and gzip-compressed (a
    10× plan page is ~800 KB of HTML, ~40 KB compressed). Clients that accept gzip (every
    browser) get the compressed one without any work; the two are separate cache entries
    so that neither request reads the other's bytes."""

    body: bytes
    content_type: str
    filename: str = ""


_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def _accepts_gzip(request: HttpRequest) -> bool:
    return bool(_ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))


def _etag(key: str) -> str:
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:40] + '"'


def public_headers(response: HttpResponse, *, max_age: int, lang: str, explicit: bool) -> None:
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Content-Language"] = lang
    if not explicit:
        # The language came from the visitor's cookie.
        patch_vary_headers(response, ["Cookie"])


def page_key(stamp: Stamp, part: str, lang: str, explicit: bool) -> str:
    """The cache key (and ETag seed) of one rendering of a ratified plan; the cached
    entries add ":identity" / ":gzip", the build lock ":building"."""
    return ":".join(
        [
            PREFIX,
            RENDER_VERSION,
            part,
            stamp.public_id,
            str(stamp.version_number),
            stamp.sha256[:16] or "-",
            str(stamp.generation),
            lang,
            "q" if explicit else "c",
        ]
    )


def build_wait_seconds() -> float:
    """How long a request waits for another process already building the same page (a
    10× plan takes seconds to build; a crowd arriving at once must not build it N times)."""
    return float(getattr(settings, "RENSTRA_PORTAL_BUILD_WAIT_SECONDS", 20))


def build_once(key: str, wanted: str, make: Callable[[], Stored]) -> Stored:
    """`make()` under a short cache lock; requests that find the lock taken wait for the
    builder's entry (`wanted`) instead of building the same page again, and build it
    themselves only if it does not come in time (the builder died)."""
    lock = key + ":building"
    wait = build_wait_seconds()
    if cache.add(lock, 1, timeout=max(1, int(wait) + 10)):
        try:
            return make()
        finally:
            cache.delete(lock)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        time.sleep(0.05)
        found = cache.get(wanted)
        if found is not None:
            return found
    return make()


def immutable_response(
    request: HttpRequest,
    *,
    public_id: str,
    part: str,
    build: Callable[[RatifiedPlan, str, str], Entry],
) -> HttpResponse:
    """The response for `part` ("plan", "document", "json", "csv") of a ratified plan:
    304 when the client has it, else the cached entry, else `build(plan, lang, query)`
    rendered in the page's language and cached. Http404 for a plan that is not ratified."""
    lang, explicit = portal_language(request)
    stamp, rp = plan_stamp(public_id)
    key = page_key(stamp, part, lang, explicit)
    compressed = _accepts_gzip(request)
    # Each encoding is its own representation (strong ETags differ).
    etag = _etag(key + (":gzip" if compressed else ""))
    max_age = immutable_seconds()
    not_modified = get_conditional_response(request, etag=etag, last_modified=int(stamp.modified))
    if not_modified is not None:
        public_headers(not_modified, max_age=max_age, lang=lang, explicit=explicit)
        patch_vary_headers(not_modified, ["Accept-Encoding"])
        not_modified["ETag"] = etag
        return not_modified
    wanted = key + (":gzip" if compressed else ":identity")
    stored = cache.get(wanted)
    if stored is None:

        def make() -> Stored:
            with translation.override(lang):
                entry = build(rp or ratified_plan(public_id), lang, language_query(lang, explicit))
            plain = Stored(entry.body, entry.content_type, entry.filename)
            packed = Stored(
                gzip.compress(entry.body, compresslevel=6, mtime=0),
                entry.content_type,
                entry.filename,
            )
            cache.set_many({key + ":identity": plain, key + ":gzip": packed}, max_age)
            return packed if compressed else plain

        stored = build_once(key, wanted, make)
    response = HttpResponse(stored.body, content_type=stored.content_type)
    if compressed:
        response["Content-Encoding"] = "gzip"
    if stored.filename:
        response["Content-Disposition"] = content_disposition_header(True, stored.filename)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(int(stamp.modified))
    public_headers(response, max_age=max_age, lang=lang, explicit=explicit)
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
