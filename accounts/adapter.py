"""allauth adapter: Koers-specific sign-up rules."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.text import slugify


class KoersAccountAdapter(DefaultAccountAdapter):
    def generate_unique_username(self, txts, regex=None):
        # Profile URLs use the username; keep it a readable slug of the name or e-mail.
        cleaned = [slugify(t.split("@")[0]) if t else t for t in txts]
        return super().generate_unique_username(cleaned, regex)
