"""What roadmaps make searchable: roadmap items (their own tab) and roadmaps
(with the other pages). Registered with the search registry; the search app
searches pages by title and this body field under page privacy."""

from intranet.search import register_page

from .models import RoadmapItemPage, RoadmapPage

register_page(RoadmapItemPage, kind="roadmap_item", body_field="description")
register_page(RoadmapPage, kind="page", body_field="intro")
