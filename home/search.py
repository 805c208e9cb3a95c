"""What home makes searchable: the purpose page (with the other pages), by title
and statement under page privacy. Registered with the search registry."""

from intranet.search import register_page

from .models import PurposePage

register_page(PurposePage, kind="page", body_field="statement")
