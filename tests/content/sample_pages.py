"""Where the two sample clinic pages live: the repository's sibling "shared" folder, or the workspace's
when the tree is a worktree (/work/wt/BRANCH) beside it. Shared by the document and linker tests."""

from __future__ import annotations

from pathlib import Path

SAMPLES = next(
    (p / "shared" / "samples" for p in Path(__file__).resolve().parents if (p / "shared" / "samples").is_dir()),
    Path(__file__).parents[2].parent / "shared" / "samples",
)
