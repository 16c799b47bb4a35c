"""A tsquery as a tree: what a search asks for, so that its plan and its ranking can be chosen
from what the archive knows of each word.

PostgreSQL prints a tsquery as text (`'pulj' & !'tilsyn'`, `'tag' <2> 'efterretning'`,
`( 'a' | 'b' ) & 'c'`); `parse` reads that text back into nodes, `str(node)` writes it again.
A node knows an upper bound of the items it matches from the number of items of each lexeme
(`bound`): a lexeme's own number, the least of an AND or a phrase, the sum of an OR. That
bound is exact arithmetic on exact counts, never an estimate.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\s*(?:('(?:[^']|'')*')(:\*?[A-D]*)?|(<->|<\d+>)|([&|!()]))")


@dataclass(frozen=True)
class Lexeme:
    """One lexeme of the query."""

    text: str
    suffix: str = ""  # a prefix match or weights (":*", ":AB"), as written

    def __str__(self) -> str:
        return "'" + self.text.replace("'", "''") + "'" + self.suffix


@dataclass(frozen=True)
class Not:
    """Items without what it holds."""

    child: Node

    def __str__(self) -> str:
        return f"!{_wrapped(self.child)}"


@dataclass(frozen=True)
class Operation:
    """An AND (`&`), an OR (`|`) or a phrase (`<->`, `<N>` between each pair)."""

    op: str  # "&", "|", or "<->"
    children: tuple[Node, ...]
    distances: tuple[str, ...] = ()  # for a phrase: "<->" or "<N>" between each two children

    def __str__(self) -> str:
        if self.op == "<->":
            parts = [_wrapped(self.children[0])]
            for distance, child in zip(self.distances, self.children[1:], strict=True):
                parts += [distance, _wrapped(child)]
            return " ".join(parts)
        return f" {self.op} ".join(_wrapped(child) for child in self.children)


Node = Lexeme | Not | Operation


def _wrapped(node: Node) -> str:
    return f"( {node} )" if isinstance(node, Operation) else str(node)


def parse(text: str) -> Node | None:
    """The tree of a tsquery's text, or None for an empty one."""
    tokens = []
    position = 0
    text = text.strip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise ValueError(f"not a tsquery: {text!r}")
        quoted, suffix, distance, symbol = match.groups()
        if quoted:
            tokens.append(Lexeme(quoted[1:-1].replace("''", "'"), suffix or ""))
        else:
            tokens.append(distance or symbol)
        position = match.end()
    if not tokens:
        return None
    node, rest = _or(tokens)
    if rest:
        raise ValueError(f"not a tsquery: {text!r}")
    return node


def _or(tokens):
    node, tokens = _and(tokens)
    children = [node]
    while tokens and tokens[0] == "|":
        node, tokens = _and(tokens[1:])
        children.append(node)
    return (children[0] if len(children) == 1 else Operation("|", tuple(children))), tokens


def _and(tokens):
    node, tokens = _phrase(tokens)
    children = [node]
    while tokens and tokens[0] == "&":
        node, tokens = _phrase(tokens[1:])
        children.append(node)
    return (children[0] if len(children) == 1 else Operation("&", tuple(children))), tokens


def _phrase(tokens):
    node, tokens = _unary(tokens)
    children, distances = [node], []
    while tokens and isinstance(tokens[0], str) and tokens[0].startswith("<"):
        distances.append(tokens[0])
        node, tokens = _unary(tokens[1:])
        children.append(node)
    if len(children) == 1:
        return node, tokens
    return Operation("<->", tuple(children), tuple(distances)), tokens


def _unary(tokens):
    if not tokens:
        raise ValueError("a tsquery ends early")
    head, tokens = tokens[0], tokens[1:]
    if head == "!":
        node, tokens = _unary(tokens)
        return Not(node), tokens
    if head == "(":
        node, tokens = _or(tokens)
        if not tokens or tokens[0] != ")":
            raise ValueError("a tsquery's parenthesis is not closed")
        return node, tokens[1:]
    if isinstance(head, Lexeme):
        return head, tokens
    raise ValueError(f"unexpected {head!r} in a tsquery")


def lexemes(node: Node | None, *, positive_only: bool = False) -> list[str]:
    """The lexemes of a query, each once, in order (without those under a NOT if asked)."""
    found: dict[str, None] = {}

    def walk(n):
        if isinstance(n, Lexeme):
            found.setdefault(n.text, None)
        elif isinstance(n, Not):
            if not positive_only:
                walk(n.child)
        elif n is not None:
            for child in n.children:
                walk(child)

    walk(node)
    return list(found)


def rewrite(node: Node | None, replace) -> Node | None:
    """The query with each lexeme replaced by `replace(lexeme)` (a node, or the lexeme)."""
    if node is None:
        return None
    if isinstance(node, Lexeme):
        return replace(node)
    if isinstance(node, Not):
        return Not(rewrite(node.child, replace))
    return Operation(
        node.op, tuple(rewrite(child, replace) for child in node.children), node.distances
    )


def positive(node: Node | None) -> Node | None:
    """The query without its negations (ts_rank scores every item 0 under a NOT, and a
    snippet shows the words searched for, not those excluded)."""
    if node is None or isinstance(node, Lexeme):
        return node
    if isinstance(node, Not):
        return None
    children = [kept for child in node.children if (kept := positive(child)) is not None]
    if not children:
        return None
    if node.op == "<->" and len(children) != len(node.children):
        return Operation("&", tuple(children)) if len(children) > 1 else children[0]
    if len(children) == 1:
        return children[0]
    return Operation(node.op, tuple(children), node.distances)


def bound(node: Node | None, items: dict[str, int], total: int) -> int:
    """At most how many of `total` items match: exact counts of lexemes, combined."""
    if node is None:
        return 0
    if isinstance(node, Lexeme):
        if node.suffix.startswith(":*"):
            return total  # a prefix: every lexeme it starts, unknown here
        return min(items.get(node.text, 0), total)
    if isinstance(node, Not):
        return total
    bounds = [bound(child, items, total) for child in node.children]
    if node.op == "|":
        return min(sum(bounds), total)
    return min(bounds)


def density(node: Node | None, items: dict[str, int], total: int) -> float:
    """The share of items a query would match if its words fell independently of each other.

    Only to choose where to look first: the search never trusts it for a count or a bound.
    """
    if node is None or total <= 0:
        return 0.0
    if isinstance(node, Lexeme):
        return bound(node, items, total) / total
    if isinstance(node, Not):
        return 1.0 - density(node.child, items, total)
    shares = [density(child, items, total) for child in node.children]
    if node.op == "|":
        return 1.0 - math.prod(1.0 - share for share in shares)
    return math.prod(shares)


def units(node: Node | None) -> list[Node]:
    """The parts of a query that rank on their own: the operands of its top AND or OR (a phrase
    is one part), without negations."""
    node = positive(node)
    if node is None:
        return []
    if isinstance(node, Operation) and node.op in "&|":
        return list(node.children)
    return [node]
