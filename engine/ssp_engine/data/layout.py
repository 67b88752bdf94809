"""Dataset folder layouts (the same folders the app opens) and the app's exported layers and answers.

AVSBench-semantic (AVSS): metadata.csv (vid,uid,s_min,s_sec,a_obj,split,label), label2idx.json,
  <subset>/<uid>/frames/<t>.jpg, labels_semantic/<t>.png (class index), audio.wav.
AVSBench-object, as the official loaders read it (frame t = file k = t + 1):
  S4:  s4_meta_data.csv (name, _, category, ..., split); s4_data/visual_frames/<split>/<category>/<name>/<name>_<k>.png,
       s4_data/gt_masks/<split>/<category>/<name>/<name>_<k>.png (train: k = 1 only), s4_data/audio_wav/<split>/<category>/<name>.wav
  MS3: ms3_meta_data.csv (name, ..., split); ms3_data/visual_frames/<name>/<name>.mp4_<k>.png,
       ms3_data/gt_masks/<split>/<name>/<name>_<k>.png, ms3_data/audio_wav/<split>/<name>.wav
A video's `subset` is what the app's catalog calls it: the AVSS subset folder, `<split>/<category>` for S4,
`<split>` for MS3; with the uid it keys the exported layers and answers.json.
"""
import csv
import json
from dataclasses import dataclass
from pathlib import Path

METADATA_COLUMNS = ("vid", "uid", "s_min", "s_sec", "a_obj", "split", "label")
OBJECT_FORMATS = {"s4": ("s4_meta_data.csv", "s4_data"), "ms3": ("ms3_meta_data.csv", "ms3_data")}


@dataclass(frozen=True)
class VideoEntry:
    uid: str
    subset: str
    split: str
    frames: tuple  # Path per frame t
    labels: tuple  # Path per frame t (may not exist: frame not annotated)
    audio: Path
    binary_masks: bool  # S4/MS3 masks: object = non-zero; AVSS: class-index PNGs

    @property
    def num_frames(self):
        return len(self.frames)


def detect_format(root: Path) -> str:
    if (root / "metadata.csv").is_file():
        return "avss"
    for name, (csv_name, _) in OBJECT_FORMATS.items():
        if (root / csv_name).is_file():
            return name
    raise FileNotFoundError(f"{root}: no metadata.csv (AVSS), s4_meta_data.csv (S4) or ms3_meta_data.csv (MS3); "
                            "point data.root at the dataset folder")


def read_csv_rows(path: Path, required) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    missing = set(required) - set(rows[0].keys() if rows else required)
    if missing:
        raise ValueError(f"{path}: missing columns {sorted(missing)}")
    return rows


def read_metadata(root: Path) -> list[dict]:
    path = root / "metadata.csv"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: missing; point data.root at an AVSBench-semantic folder")
    return read_csv_rows(path, METADATA_COLUMNS)


def read_label2idx(root: Path) -> dict[str, int]:
    """AVSS classes; S4/MS3 are binary (background, object)."""
    if detect_format(root) != "avss":
        return {"background": 0, "object": 1}
    path = root / "label2idx.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: missing; the AVSS class list is required")
    with open(path, encoding="utf-8") as f:
        return {str(k): int(v) for k, v in json.load(f).items()}


def count_files(path_of) -> int:
    """Frames are numbered without gaps; stop at the first missing one."""
    t = 0
    while path_of(t).is_file():
        t += 1
    return t


def avss_videos(root: Path, split: str, subsets) -> list[VideoEntry]:
    entries = []
    for row in read_metadata(root):
        if row["split"] != split or row["label"] not in subsets:
            continue
        folder = root / row["label"] / row["uid"]
        n = count_files(lambda t: folder / "frames" / f"{t}.jpg")
        entries.append(VideoEntry(row["uid"], row["label"], split,
                                  tuple(folder / "frames" / f"{t}.jpg" for t in range(n)),
                                  tuple(folder / "labels_semantic" / f"{t}.png" for t in range(n)),
                                  folder / "audio.wav", binary_masks=False))
    return entries


def object_videos(root: Path, fmt: str, split: str) -> list[VideoEntry]:
    csv_name, data = OBJECT_FORMATS[fmt]
    path = root / csv_name
    with open(path, newline="", encoding="utf-8") as f:
        records = list(csv.reader(f))
    header = [h.strip().lower() for h in records[0]] if records else []
    if "split" not in header or (fmt == "s4" and len(header) < 3):
        raise ValueError(f"{path}: expected a header with the video name first, {'the category third, ' if fmt == 's4' else ''}and split")
    col = lambda names, fallback: next((header.index(n) for n in names if n in header), fallback)  # noqa: E731
    name_col, cat_col, split_col = col(("name", "video_name", "video_id", "vid"), 0), col(("category",), 2), header.index("split")
    entries = []
    for cells in records[1:]:
        if len(cells) < len(header) or cells[split_col].strip() != split:
            continue
        name = cells[name_col].strip()
        subset = f"{split}/{cells[cat_col].strip()}" if fmt == "s4" else split
        frame_dir = root / data / "visual_frames" / (subset if fmt == "s4" else "") / name
        prefix = f"{name}_" if fmt == "s4" else f"{name}.mp4_"
        n = count_files(lambda t: frame_dir / f"{prefix}{t + 1}.png")
        mask_dir = root / data / "gt_masks" / subset / name
        entries.append(VideoEntry(name, subset, split, tuple(frame_dir / f"{prefix}{t + 1}.png" for t in range(n)),
                                  tuple(mask_dir / f"{name}_{t + 1}.png" for t in range(n)),
                                  root / data / "audio_wav" / subset / f"{name}.wav", binary_masks=True))
    return entries


def list_videos(root, split: str, subsets) -> list[VideoEntry]:
    """Videos of a split; `subsets` filters AVSS subset folders (S4/MS3 have one kind of video each)."""
    root = Path(root)
    fmt = detect_format(root)
    return avss_videos(root, split, subsets) if fmt == "avss" else object_videos(root, fmt, split)


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
