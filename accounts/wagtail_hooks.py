"""Admin: local avatars with a member's initials instead of Gravatar (no outside
call leaks who uses the admin, and nothing breaks offline)."""

from urllib.parse import quote

from django.utils.html import escape
from wagtail import hooks

AVATAR_COLOURS = ("#0f5c4d", "#2f7d6d", "#8a5a00", "#5b4b8a", "#8a3b3b", "#305f8a")


def initials(user) -> str:
    name = (user.get_full_name() or user.get_username() or "?").strip()
    parts = [p for p in name.replace(".", " ").split() if p]
    letters = "".join(p[0] for p in (parts[:1] + parts[1:][-1:])) or "?"
    return letters.upper()[:2]


def initials_avatar_url(user) -> str:
    colour = AVATAR_COLOURS[(user.pk or 0) % len(AVATAR_COLOURS)]
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" fill="{colour}"/>'
        '<text x="32" y="41" font-family="sans-serif" font-size="26" '
        f'font-weight="700" fill="#fff" text-anchor="middle">{escape(initials(user))}</text>'
        "</svg>"
    )
    return "data:image/svg+xml," + quote(svg)


@hooks.register("get_avatar_url")
def local_initials_avatar(user, size):
    profile = getattr(user, "wagtail_userprofile", None)
    if profile is not None and profile.avatar:
        return None  # an uploaded avatar wins
    return initials_avatar_url(user)
