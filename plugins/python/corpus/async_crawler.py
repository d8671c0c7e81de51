"""Concurrent crawler over an in-memory "web" of pages.

Nothing touches the network: ``FakeWeb`` serves pages from a dictionary and
simulates latency with ``asyncio.sleep`` so the concurrency is observable.
"""
import asyncio
import random
from urllib.parse import urljoin

PAGES = {
    "https://example.test/": ["/about", "/blog", "/contact"],
    "https://example.test/about": ["/", "/team"],
    "https://example.test/blog": ["/blog/1", "/blog/2", "/about"],
    "https://example.test/blog/1": ["/blog", "/blog/2"],
    "https://example.test/blog/2": ["/blog", "/missing"],
    "https://example.test/team": ["/about"],
    "https://example.test/contact": [],
}


class PageNotFound(Exception):
    pass


class FakeWeb:
    def __init__(self, pages, *, latency=0.01, seed=None):
        self.pages = pages
        self.latency = latency
        self.rng = random.Random(seed)
        self.requests = 0

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc_info):
        return False

    async def fetch(self, url):
        self.requests += 1
        await asyncio.sleep(self.latency * self.rng.random())
        if url not in self.pages:
            raise PageNotFound(url)
        return [urljoin(url, link) for link in self.pages[url]]


async def iter_links(web, url):
    """Asynchronously yield every link found on *url*."""
    for link in await web.fetch(url):
        yield link


async def crawl(start, *, max_concurrency=3, web=None):
    web = web or FakeWeb(PAGES, seed=42)
    seen = {start}
    broken = []
    semaphore = asyncio.Semaphore(max_concurrency)

    async def visit(url):
        async with semaphore:
            found = []
            try:
                async for link in iter_links(web, url):
                    if link not in seen:
                        seen.add(link)
                        found.append(link)
            except PageNotFound:
                broken.append(url)
            return found

    # Crawl level by level: every page in the frontier is fetched
    # concurrently (bounded by the semaphore) and the newly discovered
    # links form the next frontier.
    frontier = [start]
    while frontier:
        results = await asyncio.gather(*(visit(url) for url in frontier))
        frontier = [link for batch in results for link in batch]

    return sorted(seen - set(broken)), broken


async def main():
    async with FakeWeb(PAGES, seed=7) as web:
        pages, broken = await crawl("https://example.test/", web=web)
    print(f"crawled {len(pages)} pages with {web.requests} requests")
    for page in pages:
        print("  ", page)
    print("broken:", ", ".join(broken) or "none")


if __name__ == "__main__":
    asyncio.run(main())
