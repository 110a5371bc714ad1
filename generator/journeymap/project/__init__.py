"""Starting a project: `journeymap init` and `journeymap new`."""
