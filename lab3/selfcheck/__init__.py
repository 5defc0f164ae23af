"""The exercises: new Part 1 problems, and the self-check of a student's answers.

- ``lab3.selfcheck.variant``: random Part 1 problems, with worked solutions;
- ``lab3.selfcheck.answers``: a student's answers, from a mapping, JSON, or by
  running their filled-in template;
- ``lab3.selfcheck.check``: ``check_answers``, the entry point, which hands
  the answers to ``part1`` (the single unit; its typical slips are in
  ``mistakes``) or ``part2`` (the learning loop);
- ``lab3.selfcheck.report``: the verdicts, item by item;
- ``lab3.selfcheck.cli``: ``python -m lab3 variant`` and ``python -m lab3 check``;
- ``lab3.selfcheck.page_data``, ``page_data2``: the same check's data, as JSON for the
  exercise pages' answer boxes.

Each name below is imported from its module on first use: checking Part 1 or
drawing a variant never loads PyTorch.
"""

from .._lazy import exports

__getattr__, __dir__, __all__ = exports(__name__, globals(), (
    "answers", "check", "cli", "mistakes", "page_data", "page_data2", "part1", "part2", "report",
    "variant",
), {
    "check_answers": "check",
    "Answers": "answers", "from_file": "answers", "from_mapping": "answers",
    "Item": "report", "Report": "report",
    "make_variant": "variant",
})
