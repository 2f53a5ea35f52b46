"""The one error a scene can raise: what is wrong, where (file, line, key) and the fix."""

from __future__ import annotations


class SceneError(ValueError):
    """A scene that cannot be used; the message names the file, the line or key, and the fix.

    Attributes
    ----------
    problem
        What is wrong, in a sentence.
    key
        The key path in the scene file ("camera.zoom", "animation.keyframes[2].motion"), if any.
    fix
        What to do about it.
    path, line
        The scene file and the line in it, when known.
    """

    def __init__(self, problem: str, *, key: str | None = None, fix: str | None = None,
                 path: object = None, line: int | None = None) -> None:
        self.problem, self.key, self.fix = problem, key, fix
        self.path = None if path is None else str(path)
        self.line = line
        super().__init__(self._message())

    def _message(self) -> str:
        where = [p for p in (self.path, f"line {self.line}" if self.line else None) if p]
        head = ", ".join(where)
        body = f"{self.key}: {self.problem}" if self.key else self.problem
        text = f"{head}: {body}" if head else body
        if self.fix:
            text = f"{text.rstrip('.')}. Fix: {self.fix}"
        return text

    def at(self, prefix: str) -> SceneError:
        """The same error with its key path under ``prefix`` ("camera" + "zoom" -> "camera.zoom")."""
        key = prefix if not self.key else (f"{prefix}{self.key}" if self.key.startswith("[") else
                                           f"{prefix}.{self.key}")
        return type(self)(self.problem, key=key, fix=self.fix, path=self.path, line=self.line)

    def located(self, path: object, line: int | None = None) -> SceneError:
        """The same error, naming the file and (when known) the line."""
        return type(self)(self.problem, key=self.key, fix=self.fix, path=path, line=line or self.line)

    def __reduce__(self):
        return _rebuild_error, (type(self), self.problem, self.key, self.fix, self.path, self.line)


def _rebuild_error(cls, problem, key, fix, path, line):
    return cls(problem, key=key, fix=fix, path=path, line=line)


__all__ = ["SceneError"]
