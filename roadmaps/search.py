"""What roadmaps make searchable: roadmap items (their own tab) and roadmaps
(with the other pages). Registered with the search registry; the search app
searches pages by title and this body field under page privacy."""

from intranet.search import provide, register_page

from .models import RoadmapItemPage, RoadmapPage
from .selectors import item_title_in_context, roadmap_titles_by_item

register_page(RoadmapItemPage, kind="roadmap_item", body_field="description")
register_page(RoadmapPage, kind="page", body_field="intro")


def _page_titles(model, rows) -> dict[int, str]:
    """Roadmap items read "Roadmap › Item" in search hits: titles repeat per roadmap.
    ``rows`` are ``{"pk", "path", "title"}`` values of ``model`` pages."""
    if not issubclass(model, RoadmapItemPage):
        return {}
    roadmaps = roadmap_titles_by_item(rows)
    return {
        row["pk"]: item_title_in_context(roadmaps[row["pk"]], row["title"])
        for row in rows
    }


provide("page_titles", _page_titles)
