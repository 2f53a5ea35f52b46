"""The one error the importer raises for bad input: its message names the file and the fix."""

from __future__ import annotations


class ImportInputError(ValueError):
    """The source cannot become an anatomy folder; ``str(err)`` names the file and says what to do.

    The command line prints it and exits with code 2; nothing is left half-written.
    """

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        super().__init__(f"{path}: {problem}")
