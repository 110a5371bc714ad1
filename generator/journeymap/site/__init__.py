"""The site: every page journeymap adds, planned once from the check report, then rendered.

`plan` decides the pages and where they go (data only); `pages/` builds the view of
each kind of page, typed in `context` (the template contract); `banners` is what a page
says about the findings; `templates` (Jinja, template errors, assets) and `rendering`
turn a plan into HTML and Markdown; `memo` is what the live preview reuses. Diagrams:
`diagram` (DOT), `graphviz` (the renderers, run under `processes`), `emotion` (the
curve); `labels` holds words and colours, `figures` the backlog's ranking, `anchors`
the pages' HTML ids.
"""
