"""Matrix rows for search: the page and the autocomplete answer everyone, audience-filtered."""

from . import Row, everyone


def build(world):
    pass


ROWS = [
    Row("search page", "/search/", everyone(200)),
    Row("search with query", "/search/?q=solar&kind=post", everyone(200)),
    Row("search junk", "/search/?q=%22%3A*%28&page=999&kind=x", everyone(200)),
    Row("search post", "/search/", everyone(405), method="post"),
    Row("search autocomplete", "/search/autocomplete/?q=an", everyone(200)),
    Row(
        "search autocomplete post",
        "/search/autocomplete/",
        everyone(405),
        method="post",
    ),
]
