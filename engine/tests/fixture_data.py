"""Test data: the app's synthetic AVSBench-semantic generator when present, else a tiny writer of the same
layout; derived layers (M_O, M_Pre, M_Post) and prompt answers are derived here from the labels."""
import csv
import json
import math
import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parents[2]
CLI = REPO / "bin" / "ssp-studio.mjs"
CLASSES = {"background": 0, "piano": 1, "dog": 2}
TONES = {1: 440.0, 2: 1200.0}
COLOURS = {0: (0, 0, 0), 1: (220, 30, 30), 2: (30, 30, 220)}


def generate(root: Path, videos: int, seed: int):
    """AVSBench-semantic layout under root; the app's generator is used once it exists."""
    if CLI.is_file() and shutil.which("node"):
        done = subprocess.run(["node", str(CLI), "synth", "--out", str(root), "--videos", str(videos), "--seed", str(seed)],
                              capture_output=True, text=True, timeout=300)
        if done.returncode == 0:
            return
        if "Unknown command" not in done.stdout + done.stderr:
            raise RuntimeError(f"synthetic generator failed: {done.stderr[-2000:]}")
    write_tiny(root, videos, seed)


def _write_wav(path, samples):
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(pcm.tobytes())


def write_tiny(root: Path, videos: int, seed: int, size=64):
    """Each video: one sounding object (a coloured square moving right) whose class also sets the audio tone."""
    rng = np.random.default_rng(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "label2idx.json").write_text(json.dumps(CLASSES))
    rows = []
    for v in range(videos):
        subset = "v2" if v % 4 == 3 else "v1m"
        frames = 10 if subset == "v2" else 5
        split = "train" if v % 3 != 2 else "val"
        cls = 1 + v % 2
        uid = f"vid{v:03d}_{subset}"
        folder = root / subset / uid
        for sub in ("frames", "labels_semantic", "labels_rgb"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        x0, y0, s = int(rng.integers(4, 20)), int(rng.integers(4, 30)), int(rng.integers(14, 24))
        for t in range(frames):
            label = np.zeros((size, size), np.uint8)
            x = x0 + 3 * t
            label[y0:y0 + s, x:x + s] = cls
            img = rng.integers(60, 120, (size, size, 3)).astype(np.uint8)
            img[label > 0] = COLOURS[cls]
            Image.fromarray(img).save(folder / "frames" / f"{t}.jpg", quality=95)
            Image.fromarray(label).save(folder / "labels_semantic" / f"{t}.png")
            rgb = np.zeros((size, size, 3), np.uint8)
            rgb[label > 0] = COLOURS[cls]
            Image.fromarray(rgb).save(folder / "labels_rgb" / f"{t}.png")
        n = frames * 16000
        tone = 0.5 * np.sin(2 * math.pi * TONES[cls] * np.arange(n) / 16000)
        _write_wav(folder / "audio.wav", tone + 0.01 * rng.standard_normal(n))
        name = [k for k, i in CLASSES.items() if i == cls][0]
        rows.append(dict(vid=f"yt{v:03d}", uid=uid, s_min=0, s_sec=0, a_obj=name, split=split, label=subset))
    with open(root / "metadata.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["vid", "uid", "s_min", "s_sec", "a_obj", "split", "label"])
        w.writeheader()
        w.writerows(rows)


def write_layers_and_prompts(root: Path, layers_root: Path, prompts_file: Path):
    """M_O = GT shifted 2 px right (motion seen where the object moves), M_Pre by Eq. 2, M_Post = M_O AND GT."""
    prompts = {}
    idx2name = {i: k for k, i in json.loads((root / "label2idx.json").read_text()).items()}
    with open(root / "metadata.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        folder = root / row["label"] / row["uid"]
        present = set()
        for png in sorted((folder / "labels_semantic").glob("*.png")):
            gt = np.asarray(Image.open(png)) > 0
            present |= set(np.unique(np.asarray(Image.open(png))).tolist()) - {0}
            mo = np.roll(gt, 2, axis=1)
            pre = np.where(mo & gt, 255, np.where(mo ^ gt, 128, 0)).astype(np.uint8)
            for layer, arr in (("mask_o", mo * 255), ("mask_pre", pre), ("mask_post", (mo & gt) * 255)):
                out = layers_root / row["label"] / row["uid"] / layer
                out.mkdir(parents=True, exist_ok=True)
                Image.fromarray(arr.astype(np.uint8)).save(out / png.name)
        names = [idx2name[i] for i in sorted(present) if i in idx2name] or ["thing"]
        prompts[f"{row['label']}/{row['uid']}"] = {"a1": " ".join(f"a {n} plays" for n in names) + " in a room", "a2": ", ".join(names)}
    prompts_file.write_text(json.dumps(prompts))
