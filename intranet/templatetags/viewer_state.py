"""Per-viewer bits of a shared page (intranet/viewer_state.py).

``{% viewer_state "kind" arg %}`` is a marker the fill replaces with this viewer's
HTML; ``{% viewer_if "kind" arg %}…{% viewer_else %}…{% end_viewer_if %}`` keeps both
branches in the shared page and the fill keeps the one this viewer's state picks.
Rendered for a request no middleware fills (a test's RequestFactory) they are filled
at once; without a request (an e-mail, a live fragment) a marker is nothing and a
switch its second branch, the state of someone who did nothing.
"""

from django import template
from django.template.base import NodeList

from intranet import viewer_state as state

register = template.Library()


@register.simple_tag(takes_context=True)
def viewer_state(context, kind, arg=""):
    request = context.get("request")
    if request is None:
        return ""
    if state.filling(request):
        return state.marker(kind, arg)
    return state.fill(request, state.marker(kind, arg))


class ViewerIfNode(template.Node):
    def __init__(self, kind, arg, yes: NodeList, no: NodeList):
        self.kind, self.arg, self.yes, self.no = kind, arg, yes, no

    def render(self, context):
        request = context.get("request")
        no = self.no.render(context)
        if request is None:
            return no
        kind = self.kind.resolve(context)
        arg = "" if self.arg is None else self.arg.resolve(context)
        html = state.switch(kind, arg, self.yes.render(context), no)
        return html if state.filling(request) else state.fill(request, html)


@register.tag("viewer_if")
def viewer_if(parser, token):
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError(
            '{% viewer_if "kind" arg %}: a kind and at most one argument'
        )
    kind = parser.compile_filter(bits[1])
    arg = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    yes = parser.parse(("viewer_else", "end_viewer_if"))
    if parser.next_token().contents == "viewer_else":
        no = parser.parse(("end_viewer_if",))
        parser.delete_first_token()
    else:
        no = NodeList()
    return ViewerIfNode(kind, arg, yes, no)
