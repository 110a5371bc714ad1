"""The builders over the site plan: the MkDocs plugin, generate, serve, and build."""
