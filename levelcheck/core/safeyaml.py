"""Safe YAML reading for content files.

Content may come from a user's own folder, so it is treated as hostile: only plain
YAML types are allowed (no ``!!python`` or other tags), files over a size limit are
refused before parsing, anchors/aliases may not expand past a node budget
("billion laughs"), nesting stops at a depth limit and a number at Python's limit on
an integer's digits. Every value's position is kept so that later validation errors
can name the line and column.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from levelcheck.core.errors import ContentError
from levelcheck.core.files import read_user_file

try:  # the C parser is much faster where available
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
# Content nests some eight levels deep; a hundred is far past any real file and far
# short of Python's recursion limit, which the checks below would otherwise hit.
MAX_DEPTH = 100

Path_ = tuple[Hashable, ...]

_SCALAR_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp")
)
_MAP_TAG = "tag:yaml.org,2002:map"
_INT_TAG = "tag:yaml.org,2002:int"
_INT_DIGITS = 4000  # below Python's default limit, 4300 (sys.get_int_max_str_digits)
_SEQ_TAG = "tag:yaml.org,2002:seq"


@dataclass(frozen=True)
class LoadedYaml:
    """A parsed YAML document with the (line, column) of every value, 1-based."""

    file: str
    data: Any
    marks: dict[Path_, tuple[int, int]]

    def mark(self, path: Path_) -> tuple[int, int] | None:
        """The position of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            found = self.marks.get(tuple(path[:end]))
            if found is not None:
                return found
        return None

    def error(self, path: Path_, message: str) -> ContentError:
        pos = self.mark(path)
        line, col = pos if pos else (None, None)
        return ContentError(message, file=self.file, line=line, col=col)


def load_yaml_file(path: str | Path, *, max_bytes: int = MAX_BYTES) -> LoadedYaml:
    """Read and parse one YAML file safely; raise ContentError naming the problem."""
    name = str(path)
    raw = read_user_file(path, max_bytes, ContentError, what="content file",
                         limit_text=f"{max_bytes // 1024} KiB")  # fmt: skip
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(f"not UTF-8 text (byte {exc.start})", file=name) from None
    return load_yaml_text(text, name)


def load_yaml_text(text: str, file: str = "<input>", *, max_nodes: int = MAX_NODES) -> LoadedYaml:
    _check_depth(text, file)
    loader = _BaseLoader(text)
    try:
        root = loader.get_single_node()
    except RecursionError:  # the pure-Python parser, where the C one is missing
        raise ContentError("nested too deeply", file=file) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise ContentError(
            f"invalid YAML: {problem}",
            file=file,
            line=mark.line + 1 if mark else None,
            col=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise ContentError(f"invalid YAML: {exc}", file=file) from None
    finally:
        loader.dispose()
    if root is None:
        raise ContentError("the file is empty", file=file)
    _check_expansion(root, file, max_nodes)
    builder = _Builder(file, loader)
    data = builder.build(root, ())
    return LoadedYaml(file=file, data=data, marks=builder.marks)


# Nesting deeper than some 20,000 levels overflows the C composer's stack: the process
# dies (a segmentation fault) before any check of the composed nodes could run. Each
# level takes one of these characters (or an indented line of its own, and 2 MiB hold
# no more than some 2,000 of those), so a file with fewer of them is safe as it is.
_NESTING_CHARS = "[{-?"
_SAFE_NESTING = 10_000


def _check_depth(text: str, file: str) -> None:
    """Refuse nesting past :data:`MAX_DEPTH` before composing, from the parser's events
    (libyaml's parser keeps a stack of its own, and the walk stops at the limit); the
    cost of a second parse is paid only by files that could be so deep."""
    if sum(map(text.count, _NESTING_CHARS)) <= _SAFE_NESTING:
        return
    loader = _BaseLoader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise ContentError(
                        f"nested too deeply (more than {MAX_DEPTH} levels)",
                        file=file,
                        line=mark.line + 1 if mark else None,
                        col=mark.column + 1 if mark else None,
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return  # said by the parse that follows, with its position
    finally:
        loader.dispose()


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _check_expansion(root: yaml.Node, file: str, max_nodes: int) -> None:
    """Refuse documents whose aliases would expand past ``max_nodes`` values."""
    sizes: dict[int, int] = {}
    busy: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in busy:
            line, col = _pos(node)
            raise ContentError("recursive alias", file=file, line=line, col=col)
        if depth > MAX_DEPTH:  # before the builder's recursion, which follows this walk
            line, col = _pos(node)
            raise ContentError(f"nested too deeply (more than {MAX_DEPTH} levels)",
                               file=file, line=line, col=col)  # fmt: skip
        busy.add(key)
        total = 1
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                total += size(k, depth + 1) + size(v, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                total += size(v, depth + 1)
        busy.discard(key)
        if total > max_nodes:
            line, col = _pos(node)
            raise ContentError(
                f"document expands to more than {max_nodes} values (alias bomb?)",
                file=file,
                line=line,
                col=col,
            )
        sizes[key] = total
        return total

    size(root, 0)


class _Builder:
    def __init__(self, file: str, loader: yaml.SafeLoader) -> None:
        self.file = file
        self.loader = loader
        self.marks: dict[Path_, tuple[int, int]] = {}

    def fail(self, node: yaml.Node, message: str) -> ContentError:
        line, col = _pos(node)
        return ContentError(message, file=self.file, line=line, col=col)

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.marks.setdefault(path, _pos(node))
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP_TAG:
                raise self.fail(node, f"tag {node.tag!r} is not allowed")
            out: dict[Any, Any] = {}
            for knode, vnode in node.value:
                if knode.tag == "tag:yaml.org,2002:merge":
                    raise self.fail(knode, "merge keys (<<) are not allowed")
                if not isinstance(knode, yaml.ScalarNode):
                    raise self.fail(knode, "a mapping key must be a plain value")
                key = self.scalar(knode)
                if not isinstance(key, Hashable) or key in out:
                    raise self.fail(knode, f"duplicate key {key!r}")
                out[key] = self.build(vnode, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                raise self.fail(node, f"tag {node.tag!r} is not allowed")
            return [self.build(v, (*path, i)) for i, v in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self.scalar(node)

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise self.fail(node, f"tag {node.tag!r} is not allowed")
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise self.fail(node, f"bad value: {exc}") from None
        except ValueError as exc:  # int(): past Python's limit on digits; a date: no such day
            if node.tag == _INT_TAG and len(node.value) > _INT_DIGITS:
                raise self.fail(node, "number too long") from None
            raise self.fail(node, f"bad value {node.value[:40]!r}: {exc}") from None
