"""The central results feed: posts, comments, reactions, notifications, live updates."""
