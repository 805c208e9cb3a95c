"""One search service across people, competences, posts and roadmaps."""
