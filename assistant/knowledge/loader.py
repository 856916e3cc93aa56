"""Load knowledge documents from disk: Markdown with front matter, HTML, plain text and PDF.

Every format becomes a :class:`Document` whose ``text`` is Markdown-flavoured (headings as ``#``),
so a single heading-based splitter handles them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

SUFFIXES = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".pdf": "pdf",
}
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)


class DocumentError(ValueError):
    """A knowledge file that cannot be read."""


@dataclass(frozen=True)
class Document:
    path: str
    title: str
    text: str
    source: str = ""
    topics: tuple[str, ...] = field(default_factory=tuple)
    kind: str = "markdown"


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Every supported file under ``paths`` (files or directories), in a stable order."""
    seen: set[Path] = set()
    for path in paths:
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        for candidate in candidates:
            if candidate.is_file() and candidate.suffix.lower() in SUFFIXES and candidate not in seen:
                if any(part.startswith(".") for part in candidate.parts[len(path.parts) :]):
                    continue
                seen.add(candidate)
                yield candidate


def load_file(path: Path) -> Document:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise DocumentError(f"unsupported file type: {path}")
    loader = {"markdown": _load_markdown, "html": _load_html, "text": _load_text, "pdf": _load_pdf}[kind]
    return loader(path)


def load_paths(paths: Iterable[Path]) -> list[Document]:
    return [load_file(path) for path in iter_files(paths)]


def split_front_matter(raw: str) -> tuple[dict, str]:
    match = _FRONT_MATTER.match(raw)
    if not match:
        return {}, raw
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise DocumentError(f"invalid front matter: {exc}") from exc
    if not isinstance(meta, dict):
        raise DocumentError("front matter must be a mapping")
    return meta, raw[match.end() :]


def _default_title(path: Path) -> str:
    return path.stem.replace("-", " ").replace("_", " ").strip().capitalize()


def _topics(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(t.strip() for t in value.split(",") if t.strip())
    if isinstance(value, list):
        return tuple(str(t) for t in value)
    return ()


def _first_heading(text: str) -> str | None:
    match = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else None


def _load_markdown(path: Path) -> Document:
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    title = str(meta.get("title") or _first_heading(body) or _default_title(path))
    return Document(
        path=str(path),
        title=title,
        text=body.strip(),
        source=str(meta.get("source") or path.as_uri()),
        topics=_topics(meta.get("topics")),
        kind="markdown",
    )


class _HTMLToMarkdown(HTMLParser):
    """Keeps headings (as ``#``), paragraphs and list items; drops scripts, styles and navigation."""

    _SKIP = {"script", "style", "nav", "footer", "header", "noscript", "svg"}
    _BLOCKS = {"p", "div", "section", "article", "br", "tr", "table", "ul", "ol"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip_depth += 1
        elif tag == "title":
            self._in_title = True
        elif re.fullmatch(r"h[1-6]", tag):
            self.parts.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag == "title":
            self._in_title = False
        elif re.fullmatch(r"h[1-6]", tag) or tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip_depth:
            self.parts.append(re.sub(r"\s+", " ", data))

    def markdown(self) -> str:
        text = "".join(self.parts)
        text = re.sub(r"[ \t]+\n", "\n", text)
        return re.sub(r"\n{3,}", "\n\n", text).strip()


def _load_html(path: Path) -> Document:
    parser = _HTMLToMarkdown()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    body = parser.markdown()
    title = parser.title.strip() or _first_heading(body) or _default_title(path)
    return Document(path=str(path), title=title, text=body, source=path.as_uri(), kind="html")


def _load_text(path: Path) -> Document:
    body = path.read_text(encoding="utf-8", errors="replace").strip()
    return Document(path=str(path), title=_default_title(path), text=body, source=path.as_uri(), kind="text")


def _load_pdf(path: Path) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
        meta_title = (reader.metadata.title if reader.metadata else None) or ""
    except (PdfReadError, OSError, ValueError) as exc:
        raise DocumentError(f"cannot read PDF {path}: {exc}") from exc
    body = "\n\n".join(p.strip() for p in pages if p.strip())
    return Document(
        path=str(path),
        title=meta_title.strip() or _default_title(path),
        text=body,
        source=path.as_uri(),
        kind="pdf",
    )
