"""Each knowledge article as a page of the provider's own site: what citations link to.

Patients who follow a citation stay with the provider (not on the site the facts first came from),
and read the article as we wrote it, with its attribution and review date at the foot.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from assistant.knowledge.loader import Document, iter_files, load_file, split_front_matter

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,120}$")

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 17px/1.6 system-ui, sans-serif; margin: 0; background: #f6f8f9; color: #1d2530; }}
main {{ max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; background: #fff; }}
h1 {{ font-size: 1.7rem; line-height: 1.25; }} h2 {{ font-size: 1.2rem; margin-top: 1.6rem; }}
.notice {{ background: #fff4e5; border-left: 4px solid #b35c00; padding: .6rem .9rem; }}
footer {{ margin-top: 2rem; font-size: .9rem; color: #4a5563; border-top: 1px solid #d8dde3; padding-top: .8rem; }}
a {{ color: #0b5cab; }}
</style>
</head>
<body>
<main>
<p class="notice">This guide is general information, not medical advice. In an emergency, call 911.
For questions about your own care, call {nurse_name} at <a href="{nurse_tel}">{nurse_phone}</a>.</p>
<article>
{body}
</article>
<footer>
<p>Written in our own words{reviewed}.{source}</p>
<p><a href="{chat_url}">Ask another question</a></p>
</footer>
</main>
</body>
</html>
"""


@dataclass(frozen=True)
class Article:
    slug: str
    document: Document
    last_reviewed: str


class ArticlePages:
    """Slug → article for every file in the knowledge folder, read once at start-up."""

    def __init__(self, knowledge_dir: Path, *, nurse_name: str, nurse_phone: str, chat_url: str = "/chat") -> None:
        self._articles: dict[str, Article] = {}
        self._markdown = MarkdownIt("commonmark", {"html": False})
        self._nurse = (nurse_name, nurse_phone)
        self._chat_url = chat_url
        if knowledge_dir.is_dir():
            for path in iter_files([knowledge_dir]):
                document = load_file(path)
                meta = split_front_matter(path.read_text(encoding="utf-8"))[0] if path.suffix == ".md" else {}
                self._articles[path.stem] = Article(path.stem, document, str(meta.get("last_reviewed") or ""))

    def slugs(self) -> list[str]:
        return sorted(self._articles)

    def render(self, slug: str) -> str | None:
        article = self._articles.get(slug) if SLUG.match(slug) else None
        if article is None:
            return None
        doc = article.document
        body = self._markdown.render(doc.text)
        if not body.lstrip().startswith("<h1"):
            body = f"<h1>{html.escape(doc.title)}</h1>\n{body}"
        source = ""
        if doc.source.startswith(("http://", "https://")):
            url = html.escape(doc.source, quote=True)
            source = f' The facts come from <a href="{url}" rel="nofollow noopener">{url}</a>.'
        name, phone = self._nurse
        return _PAGE.format(
            title=html.escape(doc.title),
            body=body,
            reviewed=f"; last reviewed {html.escape(article.last_reviewed)}" if article.last_reviewed else "",
            source=source,
            nurse_name=html.escape(name),
            nurse_phone=html.escape(phone),
            nurse_tel="tel:" + "".join(c for c in phone if c.isdigit() or c == "+"),
            chat_url=html.escape(self._chat_url, quote=True),
        )
