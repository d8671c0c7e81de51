"""Where records go, and reading them back: the writer and its format sinks, the output folder's
layout and lock, `--resume`, and the `stats` and `verify` readers of a finished output."""
