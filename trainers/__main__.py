"""`python -m lintseq_x.trainers ...` is the `lintseq-x` command line, so that launchers that take a
module (`accelerate launch -m lintseq_x.trainers train ...`) can start it."""

from lintseq_x.core.cli import main

main()
