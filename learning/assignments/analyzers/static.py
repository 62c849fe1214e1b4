"""A static analyzer for Python code, on the standard library's ``ast``: no network, no execution."""

import ast
import re
from dataclasses import dataclass, field

from .base import AnalyzerUnavailable, AssignmentReport

MODEL_NAME = "codezest-static-python"
SNAKE_CASE = re.compile(r"^_{0,2}[a-z][a-z0-9_]*_{0,2}$")
PASCAL_CASE = re.compile(r"^_?[A-Z][A-Za-z0-9]*$")
SHORT_NAMES_ALLOWED = {"i", "j", "k", "n", "x", "y", "_", "e"}
MAX_NESTING = 3
MAX_FUNCTION_LINES = 40
MAX_LINE_LENGTH = 100
NESTING_NODES = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try)
LOOP_NODES = (ast.For, ast.AsyncFor, ast.While)


@dataclass
class Findings:
    """What the walk over the tree found; each list names the places."""

    functions: int = 0
    classes: int = 0
    missing_docstrings: list[str] = field(default_factory=list)
    bad_names: list[str] = field(default_factory=list)
    short_names: list[str] = field(default_factory=list)
    long_functions: list[str] = field(default_factory=list)
    long_lines: int = 0
    max_nesting: int = 0
    max_loop_nesting: int = 0
    bare_excepts: int = 0
    mutable_defaults: list[str] = field(default_factory=list)
    unused_names: list[str] = field(default_factory=list)
    unused_imports: list[str] = field(default_factory=list)
    range_len_loops: int = 0
    none_comparisons: int = 0
    eval_calls: int = 0
    global_statements: int = 0


def _depth(node: ast.AST, kinds: tuple, level: int = 0) -> int:
    """The deepest nesting of ``kinds`` under ``node``."""
    deepest = level
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue  # a nested function starts its own count
        deepest = max(deepest, _depth(child, kinds, level + isinstance(child, kinds)))
    return deepest


def _unused_locals(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    stored, loaded = set(), set()
    for node in ast.walk(function):
        if isinstance(node, ast.Name):
            (stored if isinstance(node.ctx, ast.Store) else loaded).add(node.id)
    return sorted(name for name in stored - loaded if not name.startswith("_"))


def _collect(tree: ast.Module, source: str) -> Findings:
    found = Findings(long_lines=sum(len(line) > MAX_LINE_LENGTH for line in source.splitlines()))
    found.max_nesting = _depth(tree, NESTING_NODES)
    found.max_loop_nesting = _depth(tree, LOOP_NODES)
    loaded_anywhere = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} | {
        node.value.id for node in ast.walk(tree) if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.functions += 1
            found.max_nesting = max(found.max_nesting, _depth(node, NESTING_NODES))
            found.max_loop_nesting = max(found.max_loop_nesting, _depth(node, LOOP_NODES))
            if not ast.get_docstring(node) and not node.name.startswith("_"):
                found.missing_docstrings.append(f"{node.name}()")
            if not SNAKE_CASE.match(node.name):
                found.bad_names.append(f"{node.name}()")
            if node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:
                found.long_functions.append(f"{node.name}()")
            for default in [*node.args.defaults, *node.args.kw_defaults]:
                if isinstance(default, ast.List | ast.Dict | ast.Set):
                    found.mutable_defaults.append(f"{node.name}()")
            for argument in [*node.args.args, *node.args.kwonlyargs]:
                if len(argument.arg) == 1 and argument.arg not in SHORT_NAMES_ALLOWED:
                    found.short_names.append(argument.arg)
            found.unused_names += [f"{name} in {node.name}()" for name in _unused_locals(node)]
        elif isinstance(node, ast.ClassDef):
            found.classes += 1
            if not ast.get_docstring(node):
                found.missing_docstrings.append(f"class {node.name}")
            if not PASCAL_CASE.match(node.name):
                found.bad_names.append(f"class {node.name}")
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            if len(node.id) == 1 and node.id not in SHORT_NAMES_ALLOWED:
                found.short_names.append(node.id)
            elif not SNAKE_CASE.match(node.id) and not node.id.isupper():
                found.bad_names.append(node.id)
        elif isinstance(node, ast.ExceptHandler) and node.type is None:
            found.bare_excepts += 1
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                name = (alias.asname or alias.name).split(".")[0]
                if name != "*" and name not in loaded_anywhere:
                    found.unused_imports.append(name)
        elif isinstance(node, ast.For) and _is_range_len(node.iter):
            found.range_len_loops += 1
        elif (
            isinstance(node, ast.Compare)
            and any(isinstance(op, ast.Eq | ast.NotEq) for op in node.ops)
            and any(isinstance(c, ast.Constant) and c.value is None for c in node.comparators)
        ):
            found.none_comparisons += 1
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("eval", "exec"):
            found.eval_calls += 1
        elif isinstance(node, ast.Global):
            found.global_statements += 1
    found.short_names = sorted(set(found.short_names))
    found.bad_names = sorted(set(found.bad_names))
    return found


def _is_range_len(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "range"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Call)
        and isinstance(node.args[0].func, ast.Name)
        and node.args[0].func.id == "len"
    )


def _listed(items: list[str], limit: int = 3) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def _score(penalties: list[float]) -> float:
    return max(0.0, min(10.0, 10.0 - sum(penalties)))


def judge(found: Findings) -> AssignmentReport:
    """Scores, strengths, weaknesses and suggestions from what was found."""
    strengths, weaknesses, suggestions = [], [], []

    def check(penalty: float, problem: str | None, advice: str, praise: str | None) -> float:
        if problem:
            weaknesses.append(problem)
            suggestions.append(advice)
            return penalty
        if praise:
            strengths.append(praise)
        return 0.0

    documented = found.functions + found.classes
    readability = _score(
        [
            check(
                min(3.0, 1.0 * len(found.missing_docstrings)),
                found.missing_docstrings and f"No docstring on {_listed(found.missing_docstrings)}.",
                "Add a one-line docstring saying what each function and class does.",
                documented and "Every function and class is documented.",
            ),
            check(
                min(3.0, 0.75 * (len(found.bad_names) + len(found.short_names))),
                (found.bad_names or found.short_names)
                and f"Unclear or non-PEP 8 names: {_listed(found.bad_names + found.short_names)}.",
                "Use descriptive snake_case names for functions and variables, PascalCase for classes.",
                "Names are descriptive and follow PEP 8.",
            ),
            check(
                min(3.0, 1.5 * (found.max_nesting - MAX_NESTING)),
                found.max_nesting > MAX_NESTING and f"Code is nested {found.max_nesting} levels deep.",
                "Flatten deep nesting with early returns or small helper functions.",
                f"Shallow control flow (nesting depth {found.max_nesting}).",
            ),
            check(
                min(2.0, 1.0 * len(found.long_functions)),
                found.long_functions and f"Long functions: {_listed(found.long_functions)}.",
                f"Split functions longer than {MAX_FUNCTION_LINES} lines into smaller ones.",
                None,
            ),
            check(
                min(1.0, 0.25 * found.long_lines),
                found.long_lines and f"{found.long_lines} lines longer than {MAX_LINE_LENGTH} characters.",
                "Keep lines short enough to read without scrolling.",
                None,
            ),
        ]
    )
    efficiency = _score(
        [
            check(
                min(4.0, 2.0 * (found.max_loop_nesting - 2)),
                found.max_loop_nesting > 2 and f"Loops nested {found.max_loop_nesting} deep.",
                "Nested loops multiply the work: look for a dictionary or set lookup instead.",
                "No deeply nested loops.",
            ),
            check(
                min(2.0, 1.0 * found.range_len_loops),
                found.range_len_loops and "Loops over range(len(...)) instead of the items.",
                "Iterate over the items directly, or use enumerate() when the index is needed.",
                None,
            ),
            check(
                min(2.0, 1.0 * len(found.unused_names)),
                found.unused_names and f"Values computed and never used: {_listed(found.unused_names)}.",
                "Remove computations whose results are never used.",
                None,
            ),
        ]
    )
    best_practices = _score(
        [
            check(
                min(4.0, 2.0 * found.bare_excepts),
                found.bare_excepts and f"{found.bare_excepts} bare except clause(s) hide every error.",
                "Catch the specific exceptions you expect (except ValueError:).",
                "Exceptions are caught specifically.",
            ),
            check(
                min(4.0, 2.0 * len(found.mutable_defaults)),
                found.mutable_defaults and f"Mutable default arguments in {_listed(found.mutable_defaults)}.",
                "Default to None and create the list or dict inside the function.",
                None,
            ),
            check(
                min(2.0, 1.0 * len(found.unused_imports)),
                found.unused_imports and f"Unused imports: {_listed(found.unused_imports)}.",
                "Remove imports the code does not use.",
                None,
            ),
            check(
                min(2.0, 1.0 * found.none_comparisons),
                found.none_comparisons and "Compares with None using == or !=.",
                "Compare with None using `is` / `is not`.",
                None,
            ),
            check(
                min(4.0, 3.0 * found.eval_calls),
                found.eval_calls and "Uses eval() or exec().",
                "Avoid eval() and exec(): parse the input explicitly.",
                None,
            ),
            check(
                min(2.0, 1.0 * found.global_statements),
                found.global_statements and "Uses global state.",
                "Pass values as arguments and return results instead of using global.",
                None,
            ),
        ]
    )
    quality = {
        "readability": round(readability, 1),
        "efficiency": round(efficiency, 1),
        "best_practices": round(best_practices, 1),
    }
    overall = round(sum(quality.values()) / 3 * 10)
    summary = (
        f"Static analysis of {found.functions} function(s) and {found.classes} class(es): "
        f"readability {quality['readability']}/10, efficiency {quality['efficiency']}/10, "
        f"best practices {quality['best_practices']}/10."
    )
    return AssignmentReport(
        overall_score=overall,
        code_quality=quality,
        strengths=strengths,
        weaknesses=weaknesses,
        suggestions=suggestions,
        detailed_feedback=summary,
        ai_model=MODEL_NAME,
    )


class StaticPythonAnalyzer:
    """Judges Python code by reading it; other languages are left to the next analyzer."""

    def analyze(self, *, code: str, language: str, assignment_title: str = "", assignment_description: str = ""):
        if language.lower() != "python":
            raise AnalyzerUnavailable(f"no static analysis for {language}")
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError) as error:  # ValueError: null bytes in the source
            where = f" on line {error.lineno}" if getattr(error, "lineno", None) else ""
            return AssignmentReport(
                overall_score=None,
                ai_model=MODEL_NAME,
                analysis_impossible=True,
                weaknesses=[f"The code does not parse{where}: {getattr(error, 'msg', str(error))}."],
                suggestions=["Run the code locally and fix the syntax error before submitting."],
                detailed_feedback=f"The code could not be analysed: it is not valid Python{where}.",
            )
        return judge(_collect(tree, code))
