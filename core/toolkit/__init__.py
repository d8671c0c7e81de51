"""Pieces plugins build checkers from: a long-lived helper process, external tools for `verify`,
toolchain installation, and the tree-sitter scope checker. Plugins import them through
`lintseq_x.plugins`, the one public plugin API."""
