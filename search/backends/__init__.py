"""Search backends behind search.service: database (default) and Elasticsearch."""
