"""The builders: thin shells that put the site plan into a site, one per way to build it.

`plugin` adds the pages to any MkDocs build (in MkDocs' types: `mkdocs_site`,
`mkdocs_options`); `build` builds through it into a staging folder that `site_folder`
swaps into place; `serve` previews, answering from `serve_folder` and watching with
`serve_watches`; `generate` writes the pages as Markdown files (`outfolder`, `manifest`)
for builders that run no plugin.
"""
