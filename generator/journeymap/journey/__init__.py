"""One journey file: the format, reading it with positions, advice on its errors, stage status."""
