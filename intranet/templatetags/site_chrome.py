"""``{% site_head %}``, ``{% site_menu %}``, ``{% site_footer %}``: base.html's
stylesheets, main menu and footer, rendered once per language, membership kind and
section and reused (``intranet/chrome.py``)."""

from django import template

from intranet import chrome

register = template.Library()


@register.simple_tag
def site_head():
    return chrome.head()


@register.simple_tag(takes_context=True)
def site_menu(context):
    return chrome.menu(
        kind=context.get("koers_membership") or "visitor",
        section=context.get("koers_section") or "",
    )


@register.simple_tag(takes_context=True)
def site_footer(context):
    request = context.get("request")
    return chrome.footer(
        csrf_token=context.get("csrf_token"),
        next_path=request.get_full_path() if request is not None else "",
    )
