"""Server-rendered HTML pages (Jinja2), on the same services as the JSON API."""
