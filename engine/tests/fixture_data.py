"""Test data: the project's one synthetic generator (`node bin/ssp-studio.mjs synth`), plus what the app would
export next to it — M_O/M_Pre/M_Post PNGs and answers.json — derived here from the generator's per-video truth
(synthetic.json: every object's class, motion, sounding flag and box per frame)."""
import json
import subprocess
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parents[2]
CLI = REPO / "bin" / "ssp-studio.mjs"


def generate(root: Path, videos: int, seed: int, size: int = 64):
    done = subprocess.run(["node", str(CLI), "synth", "--out", str(root), "--videos", str(videos), "--seed", str(seed),
                           "--size", str(size)], capture_output=True, text=True, timeout=300, cwd=REPO)
    if done.returncode != 0:
        raise RuntimeError(f"synthetic generator failed ({CLI} synth):\n{done.stdout[-1000:]}\n{done.stderr[-2000:]}")


def motion_mask(truth, t):
    """M_O as a perfect flow would give it: the boxes of the moving objects."""
    m = np.zeros((truth["size"], truth["size"]), bool)
    for obj in truth["objects"]:
        if obj["moving"]:
            x, y, w, h = obj["boxes"][t]
            m[max(y, 0):y + h, max(x, 0):x + w] = True
    return m


def write_layers_and_prompts(root: Path, layers_root: Path, answers_file: Path):
    """Layers as the app exports them (mask_o 0/255, mask_pre 0/128/255 by Eq. 2, mask_post = M_O AND GT) and
    answers.json keyed <subset>/<uid>: A1 names every object and what it does, A2 the sounding ones."""
    answers = {}
    for truth_file in sorted(root.glob("*/*/synthetic.json")):
        truth = json.loads(truth_file.read_text())
        folder = truth_file.parent
        for t in range(truth["frames"]):
            mo = motion_mask(truth, t)
            out = layers_root / truth["subset"] / truth["uid"]
            layers = {"mask_o": mo * 255}
            label = folder / "labels_semantic" / f"{t}.png"
            if label.is_file():  # M_Pre and M_Post need GT
                gt = np.asarray(Image.open(label)) > 0
                layers["mask_pre"] = np.where(mo & gt, 255, np.where(mo ^ gt, 128, 0))
                layers["mask_post"] = (mo & gt) * 255
            for name, arr in layers.items():
                (out / name).mkdir(parents=True, exist_ok=True)
                Image.fromarray(arr.astype(np.uint8)).save(out / name / f"{t}.png")
        objects = truth["objects"]
        answers[f"{truth['subset']}/{truth['uid']}"] = {
            "a1": ", ".join(f"a {o['className']} {'moves' if o['moving'] else 'stays'}" for o in objects),
            "a2": ", ".join(o["className"] for o in objects if o["sounding"]),
        }
    answers_file.write_text(json.dumps(answers))
