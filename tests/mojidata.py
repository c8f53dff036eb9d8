"""The MJ table slices of tests/data/moji (see its README) and their recorded sha256."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
MOJI = DATA / "moji" / "mj-table.slice.csv"  # a slice of the MJ文字情報一覧表
MOJI_SHRINK = DATA / "moji" / "mj-shrink.slice.csv"  # the 縮退マップ rows of the same characters
#: slice → (sha256, file of the reference material's moji folder it was cut from)
SLICES = {
    MOJI: ("a2233999f7be9fe26915dd0335956d759299c12399ace03a58eaf42ae49f5714", "mj-table.csv"),
    MOJI_SHRINK: ("f3244e1bb9e9f184475f7051b65ece88807e5ac4f1602eb6aa382c54161af61b", "mj-shrink.csv"),
}
