"""What roadmaps make searchable: roadmap items (their own tab) and roadmaps
(with the other pages). Registered with the search registry; the search app
searches pages by title and this body field under page privacy."""

from intranet.search import provide, register_page

from .models import RoadmapItemPage, RoadmapPage
from .selectors import item_titles_in_context

register_page(RoadmapItemPage, kind="roadmap_item", body_field="description")
register_page(RoadmapPage, kind="page", body_field="intro")


def _page_titles(pages) -> dict[int, str]:
    """Roadmap items read "Roadmap › Item" in search hits: titles repeat per roadmap."""
    return item_titles_in_context([p for p in pages if isinstance(p, RoadmapItemPage)])


provide("page_titles", _page_titles)
