"""One journey file: the format, reading it with positions, advice on its errors, stage status.

`model` is the format (pydantic; `schema` its JSON Schema); `loader` reads a file into a
`document.Document` (with `guards` against hostile YAML and `yaml_base`'s tags),
`positions` maps it to lines and columns, `limits` bounds its size; `syntax_advice`
and `schema_advice` word its errors; `status` derives a stage's status.
"""
