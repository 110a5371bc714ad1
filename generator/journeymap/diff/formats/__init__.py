"""The output formats of `journeymap diff`: one module per format, each a `render(diff)`.

Kept apart from check/formats (the formats of `validate`'s findings): a diff is another
object. `registry` names them; `sentences` holds the wording the text and markdown
formats share with each other only.
"""
