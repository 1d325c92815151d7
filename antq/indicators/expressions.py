"""Arithmetic over indicator codes ("TP_KHAM_PHA / TP_SO_VU * 100"), for
validation rules and derived indicators. Parsed with `ast`, never `eval`: only
numbers, codes, + - * / and parentheses are accepted."""

import ast
from decimal import Decimal, DivisionByZero, InvalidOperation
from functools import lru_cache

_OPERATORS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


class ExpressionError(ValueError):
    pass


def codes_in(expression: str) -> set[str]:
    return {node.id for node in ast.walk(_parse(expression)) if isinstance(node, ast.Name)}


@lru_cache(maxsize=512)  # rules are evaluated once per report of an import
def _parse(expression: str) -> ast.AST:
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError:
        raise ExpressionError(f"Biểu thức không hợp lệ: {expression}") from None
    for node in ast.walk(tree):
        allowed = (
            ast.Expression,
            ast.BinOp,
            ast.UnaryOp,
            ast.Name,
            ast.Constant,
            ast.Load,
            ast.USub,
            ast.UAdd,
            *_OPERATORS,
        )
        if not isinstance(node, allowed):
            raise ExpressionError(f"Biểu thức không hợp lệ: {expression}")
    return tree


def evaluate(expression: str, values: dict[str, Decimal | None]) -> Decimal | None:
    """The value of `expression`, or None when a code has no value or a division
    by zero makes it meaningless."""
    try:
        return _compiled(expression)(values)
    except (LookupError, DivisionByZero, InvalidOperation, ZeroDivisionError):
        return None


@lru_cache(maxsize=512)
def _compiled(expression: str):
    """`expression` as a function of the values, built once: an import checks
    the same few rules on tens of thousands of reports, and walking the tree
    each time was most of that check."""
    return _compile(_parse(expression).body)


def _compile(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        constant = Decimal(str(node.value))
        return lambda values: constant
    if isinstance(node, ast.Name):
        code = node.id

        def name(values):
            value = values.get(code)
            if value is None:
                raise LookupError(code)
            return value if value.__class__ is Decimal else Decimal(value)

        return name
    if isinstance(node, ast.UnaryOp):
        operand = _compile(node.operand)
        if isinstance(node.op, ast.USub):
            return lambda values: -operand(values)
        return operand
    if isinstance(node, ast.BinOp):
        apply, left, right = _OPERATORS[type(node.op)], _compile(node.left), _compile(node.right)
        return lambda values: apply(left(values), right(values))
    raise ExpressionError("Biểu thức không hợp lệ")
