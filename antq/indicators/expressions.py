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

    def walk(node):
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return Decimal(str(node.value))
        if isinstance(node, ast.Name):
            value = values.get(node.id)
            if value is None:
                raise LookupError(node.id)
            return Decimal(value)
        if isinstance(node, ast.UnaryOp):
            operand = walk(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            return _OPERATORS[type(node.op)](walk(node.left), walk(node.right))
        raise ExpressionError("Biểu thức không hợp lệ")

    try:
        return walk(_parse(expression))
    except (LookupError, DivisionByZero, InvalidOperation, ZeroDivisionError):
        return None
