"""The site: the plan of every page, the views templates receive, diagrams, rendering."""
