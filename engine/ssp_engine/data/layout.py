"""The AVSBench-semantic folder layout (the same folders the app opens) and the app's exported layers."""
import csv
import json
from dataclasses import dataclass
from pathlib import Path

METADATA_COLUMNS = ("vid", "uid", "s_min", "s_sec", "a_obj", "split", "label")
LAYER_NAMES = ("mask_o", "mask_pre", "mask_post")


@dataclass(frozen=True)
class VideoEntry:
    uid: str
    subset: str  # v1s | v1m | v2
    split: str
    folder: Path
    num_frames: int


def read_metadata(root: Path) -> list[dict]:
    path = root / "metadata.csv"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: missing; point data.root at an AVSBench-semantic folder")
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    missing = set(METADATA_COLUMNS) - set(rows[0].keys() if rows else METADATA_COLUMNS)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}; expected header {','.join(METADATA_COLUMNS)}")
    return rows


def read_label2idx(root: Path) -> dict[str, int]:
    path = root / "label2idx.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: missing; the AVSS class list is required")
    with open(path, encoding="utf-8") as f:
        return {str(k): int(v) for k, v in json.load(f).items()}


def count_frames(folder: Path) -> int:
    """Frames are 0.jpg, 1.jpg, ... ; stop at the first gap."""
    t = 0
    while (folder / "frames" / f"{t}.jpg").is_file():
        t += 1
    return t


def list_videos(root, split: str, subsets) -> list[VideoEntry]:
    root = Path(root)
    entries = []
    for row in read_metadata(root):
        if row["split"] != split or row["label"] not in subsets:
            continue
        folder = root / row["label"] / row["uid"]
        entries.append(VideoEntry(row["uid"], row["label"], row["split"], folder, count_frames(folder)))
    return entries


def frame_path(video: VideoEntry, t: int) -> Path:
    return video.folder / "frames" / f"{t}.jpg"


def label_path(video: VideoEntry, t: int) -> Path:
    return video.folder / "labels_semantic" / f"{t}.png"


def layer_path(layers_root, video: VideoEntry, layer: str, t: int) -> Path:
    return Path(layers_root) / video.subset / video.uid / layer / f"{t}.png"


def prompt_key(video: VideoEntry) -> str:
    return f"{video.subset}/{video.uid}"


def read_prompts(path) -> dict[str, dict[str, str]]:
    """answers.json: {"<subset>/<uid>": {"a1": str, "a2": str}} (docs/engine.md, exported by the prompt lab)."""
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected an object keyed by '<subset>/<uid>'")
    out = {}
    for key, v in raw.items():
        if "/" not in key or not isinstance(v, dict) or not all(isinstance(v.get(a), str) for a in ("a1", "a2")):
            raise ValueError(f"{path}: entry {key!r} must be '<subset>/<uid>': {{\"a1\": str, \"a2\": str}}")
        out[key] = {"a1": v["a1"], "a2": v["a2"]}
    return out
