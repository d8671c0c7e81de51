"""The LintSeq algorithm itself: a program's structure, the sampler that deletes lines until the
checker is satisfied, the diffs between states, and what a language and a checker are.

Nothing here reads files, starts processes or names a language."""
