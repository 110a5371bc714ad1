"""Output formats of findings: one module per format."""
