"""Dev / test parts of every eval set, declared in data (`split.json` in each eval folder).

Tune on dev; report test. The split is written down once, by a rule stated in the file and the folder's README
(which items were written last or held out), never chosen by looking at scores. A `split.json` is
{"rule": "...", "dev": [item, ...], "test": [item, ...]}; an item is whatever the eval scores one at a time
(a file name, a query id, a case folder, a set name).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

SPLITS: tuple[str, ...] = ("dev", "test")
Split = Literal["dev", "test"]
SplitChoice = Literal["dev", "test", "all"]
SPLIT_FILE = "split.json"


def load_split(folder: Path) -> dict[str, Split]:
    """{item: "dev" | "test"} from `folder/split.json`; an item in both parts is an error."""
    data = json.loads((Path(folder) / SPLIT_FILE).read_text(encoding="utf-8"))
    out: dict[str, Split] = {}
    for part in SPLITS:
        for item in data.get(part, []):
            if item in out:
                raise ValueError(f"{folder}/{SPLIT_FILE}: {item!r} is in both dev and test")
            out[item] = part  # type: ignore[assignment]
    return out


def wanted(choice: SplitChoice) -> tuple[str, ...]:
    """The parts a `--split` choice asks for, in report order."""
    return SPLITS if choice == "all" else (choice,)


def split_of(splits: dict[str, Split], item: str, folder: Path) -> Split:
    """The part of one item; an item the split file does not name is an error (it would be scored unseen)."""
    try:
        return splits[item]
    except KeyError:
        raise ValueError(f"{item!r} is not in {folder}/{SPLIT_FILE}: put it in dev or test") from None
