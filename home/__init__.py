"""The home page and the purpose page with its promises."""
