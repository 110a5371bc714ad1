"""Page views: what each kind of page shows, built from the check report.

One module per page kind: `journey` (a journey page), `dashboard` (its rows and
filters), `gaps` (the research backlog). `evidence` is what every page that shows
evidence says about it; `portfolio` puts the views together into the `Portfolio` that
every template receives. The types of the views are in `site.context`.
"""
