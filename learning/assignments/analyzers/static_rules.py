"""The static analyzer's rules, as data: adding a rule is adding one entry to ``RULES``."""

from collections.abc import Callable
from dataclasses import dataclass

from . import static_measures as measures
from .static_measures import MAX_FUNCTION_LINES, MAX_LINE_LENGTH, MAX_LOOP_NESTING, MAX_NESTING, CodeContext

CATEGORIES = ("readability", "efficiency", "best_practices")
PLACES_SHOWN = 3


def listed(places: list[str]) -> str:
    """The first few places, and how many more there are, so a message stays one line."""
    shown = ", ".join(places[:PLACES_SHOWN])
    hidden = len(places) - PLACES_SHOWN
    return shown + (f" and {hidden} more" if hidden > 0 else "")


@dataclass(frozen=True)
class Outcome:
    """What one rule concluded about one submission."""

    penalty: float = 0.0
    weakness: str | None = None
    strength: str | None = None


@dataclass(frozen=True)
class Rule:
    """One thing the analyzer looks for, what it says about it, and what it costs.

    ``problem`` and ``praise`` are templates filled with ``{count}`` (occurrences, or depth) and
    ``{places}`` (the first places found). The rule fires when the count exceeds ``allowed``; each
    occurrence beyond it costs ``penalty`` points of the category's 10, at most ``cap`` in all.
    """

    id: str
    category: str
    measure: Callable[[CodeContext], list[str] | int | None]
    problem: str
    suggestion: str
    penalty: float
    cap: float
    praise: str | None = None
    allowed: int = 0

    def __post_init__(self):
        if self.category not in CATEGORIES:
            raise ValueError(f"rule {self.id}: unknown category {self.category!r}, expected one of {CATEGORIES}")

    def assess(self, context: CodeContext) -> Outcome:
        measured = self.measure(context)
        if measured is None:
            return Outcome()
        places = measured if isinstance(measured, list) else []
        count = len(measured) if isinstance(measured, list) else measured
        if count <= self.allowed:
            return Outcome(strength=self.praise and self.praise.format(count=count))
        return Outcome(
            penalty=min(self.cap, self.penalty * (count - self.allowed)),
            weakness=self.problem.format(count=count, places=listed(places)),
        )


RULES = [
    Rule(
        id="missing-docstring",
        category="readability",
        measure=measures.missing_docstrings,
        problem="No docstring on {places}.",
        suggestion="Add a one-line docstring saying what each function and class does.",
        praise="Every function and class is documented.",
        penalty=1.0,
        cap=3.0,
    ),
    Rule(
        id="unclear-name",
        category="readability",
        measure=measures.unclear_names,
        problem="Unclear or non-PEP 8 names: {places}.",
        suggestion="Use descriptive snake_case names for functions and variables, PascalCase for classes.",
        praise="Names are descriptive and follow PEP 8.",
        penalty=0.75,
        cap=3.0,
    ),
    Rule(
        id="deep-nesting",
        category="readability",
        measure=measures.nesting_depth,
        allowed=MAX_NESTING,
        problem="Code is nested {count} levels deep.",
        suggestion="Flatten deep nesting with early returns or small helper functions.",
        praise="Shallow control flow (nesting depth {count}).",
        penalty=1.5,
        cap=3.0,
    ),
    Rule(
        id="long-function",
        category="readability",
        measure=measures.long_functions,
        problem="Long functions: {places}.",
        suggestion=f"Split functions longer than {MAX_FUNCTION_LINES} lines into smaller ones.",
        penalty=1.0,
        cap=2.0,
    ),
    Rule(
        id="long-line",
        category="readability",
        measure=measures.long_lines,
        problem=f"{{count}} lines longer than {MAX_LINE_LENGTH} characters.",
        suggestion="Keep lines short enough to read without scrolling.",
        penalty=0.25,
        cap=1.0,
    ),
    Rule(
        id="nested-loops",
        category="efficiency",
        measure=measures.loop_depth,
        allowed=MAX_LOOP_NESTING,
        problem="Loops nested {count} deep.",
        suggestion="Nested loops multiply the work: look for a dictionary or set lookup instead.",
        praise="No deeply nested loops.",
        penalty=2.0,
        cap=4.0,
    ),
    Rule(
        id="range-len-loop",
        category="efficiency",
        measure=measures.counting(measures.is_range_len_loop),
        problem="Loops over range(len(...)) instead of the items.",
        suggestion="Iterate over the items directly, or use enumerate() when the index is needed.",
        penalty=1.0,
        cap=2.0,
    ),
    Rule(
        id="unused-value",
        category="efficiency",
        measure=measures.unused_values,
        problem="Values computed and never used: {places}.",
        suggestion="Remove computations whose results are never used.",
        penalty=1.0,
        cap=2.0,
    ),
    Rule(
        id="bare-except",
        category="best_practices",
        measure=measures.counting(measures.is_bare_except),
        problem="{count} bare except clause(s) hide every error.",
        suggestion="Catch the specific exceptions you expect (except ValueError:).",
        praise="Exceptions are caught specifically.",
        penalty=2.0,
        cap=4.0,
    ),
    Rule(
        id="mutable-default",
        category="best_practices",
        measure=measures.mutable_defaults,
        problem="Mutable default arguments in {places}.",
        suggestion="Default to None and create the list or dict inside the function.",
        penalty=2.0,
        cap=4.0,
    ),
    Rule(
        id="unused-import",
        category="best_practices",
        measure=measures.unused_imports,
        problem="Unused imports: {places}.",
        suggestion="Remove imports the code does not use.",
        penalty=1.0,
        cap=2.0,
    ),
    Rule(
        id="none-equality",
        category="best_practices",
        measure=measures.counting(measures.is_none_equality),
        problem="Compares with None using == or !=.",
        suggestion="Compare with None using `is` / `is not`.",
        penalty=1.0,
        cap=2.0,
    ),
    Rule(
        id="eval-exec",
        category="best_practices",
        measure=measures.counting(measures.is_eval_or_exec),
        problem="Uses eval() or exec().",
        suggestion="Avoid eval() and exec(): parse the input explicitly.",
        penalty=3.0,
        cap=4.0,
    ),
    Rule(
        id="global-statement",
        category="best_practices",
        measure=measures.counting(measures.is_global_statement),
        problem="Uses global state.",
        suggestion="Pass values as arguments and return results instead of using global.",
        penalty=1.0,
        cap=2.0,
    ),
]
