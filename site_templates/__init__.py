"""Jinja templates and assets of the pages journeymap generates (shipped inside the wheel)."""
