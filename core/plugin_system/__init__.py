"""How languages and checkers arrive: the hook specifications, the registry that loads plugins
through the `lintseq_x` entry-point group, checker selection, and the conformance kit."""
