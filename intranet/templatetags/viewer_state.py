"""``{% viewer_state "kind" arg %}``: a per-viewer bit of a shared page (intranet/viewer_state.py)."""

from django import template

from intranet import viewer_state as state

register = template.Library()


@register.simple_tag(takes_context=True)
def viewer_state(context, kind, arg=""):
    """The marker the fill replaces with this viewer's HTML. Rendered for a request
    that no middleware fills (a test's RequestFactory) it is filled at once; without a
    request (an e-mail, a live fragment) it is nothing."""
    request = context.get("request")
    if request is None:
        return ""
    if state.filling(request):
        return state.marker(kind, arg)
    return state.fill(request, state.marker(kind, arg))
