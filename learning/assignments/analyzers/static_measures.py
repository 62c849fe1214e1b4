"""How the static analyzer measures Python code: one shared reading of the tree, and one function per measure.

A measure returns a list of the places it found (``"name()"``, ``"class Name"``), a count, or None
when the code has nothing the measure could judge.
"""

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass

SNAKE_CASE = re.compile(r"^_{0,2}[a-z][a-z0-9_]*_{0,2}$")
PASCAL_CASE = re.compile(r"^_?[A-Z][A-Za-z0-9]*$")
SHORT_NAMES_ALLOWED = {"i", "j", "k", "n", "x", "y", "_", "e"}
MAX_NESTING = 3
MAX_LOOP_NESTING = 2
MAX_FUNCTION_LINES = 40
MAX_LINE_LENGTH = 100
NESTING_NODES = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try)
LOOP_NODES = (ast.For, ast.AsyncFor, ast.While)
FUNCTION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class CodeContext:
    """A parsed submission, walked once, so that every rule reads the same nodes in the same order."""

    tree: ast.Module
    source: str
    nodes: tuple[ast.AST, ...]
    functions: tuple[ast.FunctionDef | ast.AsyncFunctionDef, ...]
    classes: tuple[ast.ClassDef, ...]

    @classmethod
    def of(cls, tree: ast.Module, source: str) -> "CodeContext":
        nodes = tuple(ast.walk(tree))
        return cls(
            tree=tree,
            source=source,
            nodes=nodes,
            functions=tuple(node for node in nodes if isinstance(node, FUNCTION_NODES)),
            classes=tuple(node for node in nodes if isinstance(node, ast.ClassDef)),
        )


def counting(is_occurrence: Callable[[ast.AST], bool]) -> Callable[[CodeContext], int]:
    """A measure counting the nodes for which ``is_occurrence`` holds."""
    return lambda context: sum(map(is_occurrence, context.nodes))


def _depth(node: ast.AST, kinds: tuple, level: int = 0) -> int:
    """The deepest nesting of ``kinds`` under ``node``."""
    deepest = level
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue  # a nested function starts its own count
        deepest = max(deepest, _depth(child, kinds, level + isinstance(child, kinds)))
    return deepest


def _deepest(context: CodeContext, kinds: tuple) -> int:
    """The deepest nesting in the module body or in any function, each function counted from zero."""
    return max(_depth(scope, kinds) for scope in (context.tree, *context.functions))


def nesting_depth(context: CodeContext) -> int:
    return _deepest(context, NESTING_NODES)


def loop_depth(context: CodeContext) -> int:
    return _deepest(context, LOOP_NODES)


def missing_docstrings(context: CodeContext) -> list[str] | None:
    if not context.functions and not context.classes:
        return None  # nothing that could carry a docstring, so nothing to praise either
    missing = []
    for node in context.nodes:
        if isinstance(node, FUNCTION_NODES) and not node.name.startswith("_") and not ast.get_docstring(node):
            missing.append(f"{node.name}()")
        elif isinstance(node, ast.ClassDef) and not ast.get_docstring(node):
            missing.append(f"class {node.name}")
    return missing


def _is_short(name: str) -> bool:
    return len(name) == 1 and name not in SHORT_NAMES_ALLOWED


def unclear_names(context: CodeContext) -> list[str]:
    """Names against PEP 8, then one-letter names; each group sorted, each name once."""
    against_pep8 = {f"{function.name}()" for function in context.functions if not SNAKE_CASE.match(function.name)}
    against_pep8 |= {f"class {cls.name}" for cls in context.classes if not PASCAL_CASE.match(cls.name)}
    short = {
        argument.arg
        for function in context.functions
        for argument in [*function.args.args, *function.args.kwonlyargs]
        if _is_short(argument.arg)
    }
    for node in context.nodes:
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            if _is_short(node.id):
                short.add(node.id)
            elif not SNAKE_CASE.match(node.id) and not node.id.isupper():  # UPPER_CASE reads as a constant
                against_pep8.add(node.id)
    return sorted(against_pep8) + sorted(short)


def long_functions(context: CodeContext) -> list[str]:
    return [
        f"{function.name}()"
        for function in context.functions
        if function.end_lineno - function.lineno + 1 > MAX_FUNCTION_LINES
    ]


def long_lines(context: CodeContext) -> int:
    return sum(len(line) > MAX_LINE_LENGTH for line in context.source.splitlines())


def _unused_locals(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    stored, loaded = set(), set()
    for node in ast.walk(function):
        if isinstance(node, ast.Name):
            (stored if isinstance(node.ctx, ast.Store) else loaded).add(node.id)
    return sorted(name for name in stored - loaded if not name.startswith("_"))


def unused_values(context: CodeContext) -> list[str]:
    return [f"{name} in {function.name}()" for function in context.functions for name in _unused_locals(function)]


def mutable_defaults(context: CodeContext) -> list[str]:
    """One place per mutable default, so a function with two of them is named twice."""
    return [
        f"{function.name}()"
        for function in context.functions
        for default in [*function.args.defaults, *function.args.kw_defaults]
        if isinstance(default, ast.List | ast.Dict | ast.Set)
    ]


def unused_imports(context: CodeContext) -> list[str]:
    loaded = {node.id for node in context.nodes if isinstance(node, ast.Name)}
    loaded |= {
        node.value.id for node in context.nodes if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
    }
    imported = [
        (alias.asname or alias.name).split(".")[0]
        for node in context.nodes
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    return [name for name in imported if name != "*" and name not in loaded]


def _is_call_to(node: ast.AST, *names: str) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names


def is_range_len_loop(node: ast.AST) -> bool:
    if not isinstance(node, ast.For) or not _is_call_to(node.iter, "range"):
        return False
    arguments = node.iter.args
    return len(arguments) == 1 and _is_call_to(arguments[0], "len")


def is_bare_except(node: ast.AST) -> bool:
    return isinstance(node, ast.ExceptHandler) and node.type is None


def is_none_equality(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Compare)
        and any(isinstance(operator, ast.Eq | ast.NotEq) for operator in node.ops)
        and any(isinstance(operand, ast.Constant) and operand.value is None for operand in node.comparators)
    )


def is_eval_or_exec(node: ast.AST) -> bool:
    return _is_call_to(node, "eval", "exec")


def is_global_statement(node: ast.AST) -> bool:
    return isinstance(node, ast.Global)
