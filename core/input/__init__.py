"""Where records come from: JSON Lines, Parquet and `save_to_disk` tables, source files and
directories (with `--lang auto` classification), and the code fenced inside a record's field."""
