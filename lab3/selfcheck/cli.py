"""``python -m lab3``: new Part 1 problems to practise on, and a self-check of answers.

    python -m lab3 variant --seed 7 --dim 3 [--solution] [--json]
    python -m lab3 check my_template.py
    python -m lab3 check --y 0 --dy-dw 2,1 --loss 4 --dl-dw -8,-4 --w-new 5.57,5.14
    python -m lab3 check --seed 7 --dim 3 answers.json

Exit status: 0 when every answer is right, 1 when one is not (or none was found),
2 for a usage error or a file that cannot be read, 3 when the check itself failed.
"""

from __future__ import annotations

import argparse
import json
import sys

from .._validate import InputError, whole_number
from . import variant
from .answers import from_file, from_mapping
from .check import check_answers

#: Options that take one typed answer, by the answer's name.
TYPED = {"--y": "y", "--dy-dw": "dy_dw", "--loss": "loss", "--dl-dw": "dL_dw",
         "--w-new": "w_new"}


def _whole_number(name: str, minimum: int, maximum: int | None = None):
    """An argparse type: a whole number from ``minimum`` to ``maximum``, by lab3's own check."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = text  # not a whole number: the check says so
        try:
            return whole_number(name, value, minimum, maximum)
        except InputError as err:
            raise argparse.ArgumentTypeError(str(err)) from None
    return parse


def _numbers(text: str) -> list:
    """``"-8,-4"``, ``"[-8, -4]"`` or ``"4"`` as a list of floats."""
    try:
        return [float(v) for v in text.strip().strip("[]").replace(" ", ",").split(",") if v]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected numbers separated by commas, e.g. 2,1; got {text!r}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m lab3", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, helptext in (("variant", "print a new Part 1 problem"),
                           ("check", "check your answers, item by item")):
        p = sub.add_parser(name, help=helptext, description=helptext)
        p.add_argument("--seed", type=_whole_number("seed", 0),
                       help="which variant (a whole number >= 0)")
        p.add_argument("--dim", type=_whole_number("dim", 1, variant.MAX_DIM),
                       help="length of x and w (default 2)")
    v = sub.choices["variant"]
    v.add_argument("--solution", action="store_true", help="add the worked solution")
    v.add_argument("--json", action="store_true", help="problem and solution as one JSON object")
    c = sub.choices["check"]
    c.add_argument("file", nargs="?", help="your filled template (.py, .ipynb) or answers (.json)")
    c.set_defaults(error=c.error)  # usage errors show the check command's usage
    c.add_argument("--part", type=int, choices=(1, 2), help="which part (default: guessed)")
    c.add_argument("--timeout", type=_whole_number("timeout", 1, 3600), default=300,
                   help="seconds your file may run (default 300)")
    for option, name in TYPED.items():
        c.add_argument(option, dest=name, type=_numbers, metavar="N[,N...]",
                       help=f"your value of {name}, numbers separated by commas")
    return parser


def _attach_values(argv: list) -> list:
    """``--dl-dw -8,-4`` → ``--dl-dw=-8,-4``, so a negative answer is not taken for an option."""
    out, argv = [], list(argv)
    while argv:
        token = argv.pop(0)
        out.append(f"{token}={argv.pop(0)}" if token in TYPED and argv else token)
    return out


#: The exit status when the check itself fails (not the student's answers).
INTERNAL = 3


def main(argv=None) -> int:
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")  # π and ∂ on a console that lacks them
    parser = build_parser()
    args = parser.parse_args(_attach_values(sys.argv[1:] if argv is None else argv))
    try:
        return _command(args)
    except Exception as err:  # noqa: BLE001 - a bug in lab3, not in the answers
        print(f"python -m lab3: internal error ({type(err).__name__}: {str(err)[:200]}); "
              "this is a bug in lab3, please report it with the command you ran",
              file=sys.stderr)
        return INTERNAL


def _command(args) -> int:
    """Run the parsed command; its exit status."""
    if args.command == "variant":
        seed, dim = args.seed or 0, args.dim or 2
        problem = variant.make_variant(seed, dim)
        if args.json:
            print(json.dumps(variant.as_json(problem)))
            return 0
        print(f"Part 1, variant --seed {seed} --dim {dim}\n{variant.describe(problem)}")
        if args.solution:
            print(f"\nSolution\n{variant.worked_solution(problem)}")
        print(f"\nCheck your answers: python -m lab3 check --seed {seed} --dim {dim} FILE")
        return 0
    typed = {name: getattr(args, name) for name in TYPED.values()
             if getattr(args, name) is not None}
    error = args.error
    if args.file and typed:
        error("give either a file or typed answers (--y ...), not both")
    if not args.file and not typed:
        error("nothing to check: give a file or typed answers such as --y 0")
    try:
        answers = (from_file(args.file, timeout=args.timeout) if args.file
                   else from_mapping(typed, typed=True))
        report = check_answers(answers, seed=args.seed, dim=args.dim, part=args.part)
    except InputError as err:  # an unreadable file, or data the check cannot use
        error(str(err))
    print(report)
    return 0 if report.ok else 1
