"""Built-in language plugins, registered through the `lintseq_x` entry-point group."""
