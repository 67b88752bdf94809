"""The CLI end to end, as the app runs it: every stdout line must follow protocol v1 (docs/engine.md)."""
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from ssp_engine.build import flatten_batch
from ssp_engine.config import DataConfig
from ssp_engine.data.dataset import AVSClips, load_batch
from ssp_engine.data.tokenizer import tokenizer_from_state
from ssp_engine.evaluate import load_model, predict
from ssp_engine.metrics import binary_iou
from conftest import run_main

NUM = (int, float)
FIELDS = {
    "log": {"level": str, "message": str},
    "step": {"step": int, "total_steps": int, "epoch": int, "epochs": int, "lr": NUM, "losses": dict,
             "samples_per_s": NUM, "step_time_s": NUM},
    "epoch": {"epoch": int, "step": int, "mean_loss": NUM},
    "eval": {"split": str, "control": str, "epoch": int, "step": int, "metrics": dict},
    "checkpoint": {"path": str, "step": int, "epoch": int, "name": str},
    "done": {"command": str},
    "error": {"message": str},
}


def check(events):
    for e in events:
        assert e["v"] == 1 and isinstance(e["time"], float), e
        for name, kind in FIELDS[e["type"]].items():
            assert isinstance(e[name], kind), (name, e)
    return events


def run_cli(*args):
    """In-process; the train fixture below crosses a real process boundary."""
    code, events = run_main(*args)
    return code, check(events)


def parse(stdout):
    return check([json.loads(line) for line in stdout.splitlines()])


@pytest.fixture(scope="module")
def trained(tmp_path_factory, dataset_dirs):
    out = tmp_path_factory.mktemp("cli")
    cfg = {"data": {**dataset_dirs, "task": "binary", "image_size": [64, 64]}, "size": "tiny", "variant": "full",
           "epochs": 1, "batch_size": 2, "lr_decay_epoch": 1, "out_dir": str(out / "run")}
    (out / "cfg.json").write_text(json.dumps(cfg))
    done = subprocess.run([sys.executable, "-m", "ssp_engine", "train", "--config", str(out / "cfg.json")],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    return out, parse(done.stdout)


def test_train_stream(trained):
    _, events = trained
    types = [e["type"] for e in events]
    assert types[0] == "log" and events[0]["message"] == "start" and types[-1] == "done"
    n = events[0]["data"]["total_steps"]
    assert types.count("step") == n and types[1:n + 1] == ["step"] * n
    assert types[n + 1:] == ["epoch", "eval", "checkpoint", "checkpoint", "done"]
    best, last = events[n + 3:n + 5]
    assert (best["name"], last["name"]) == ("best", "last") and best["path"].endswith("best.pt")
    assert set(events[1]["losses"]) == {"mask", "dice", "cls", "post", "total"}
    assert set(events[n + 2]["metrics"]) == {"mIoU", "fscore", "frames"}


def test_eval_with_teso_audio_controls_reports_drops(trained):
    out, _ = trained
    code, events = run_cli("eval", "--checkpoint", str(out / "run" / "last.pt"), "--split", "val", "--audio-control", "all",
                           "--save-predictions", str(out / "pred"))
    assert code == 0
    evals = {e["control"]: e for e in events if e["type"] == "eval"}
    assert list(evals) == ["none", "muted", "noise10", "noise40"]
    clean = evals["none"]["metrics"]
    for control in ("muted", "noise10", "noise40"):
        got = evals[control]
        assert got["drop"] == {k: clean[k] - got["metrics"][k] for k in ("mIoU", "fscore")}
        assert len(got["videos"]) == len(evals["none"]["videos"]) >= 1
    assert events[-1] == {**events[-1], "type": "done", "command": "eval", "controls": list(evals)}


def test_export_writes_onnx_and_manifest(trained):
    out, _ = trained
    code, events = run_cli("export", "--checkpoint", str(out / "run" / "last.pt"), "--out", str(out / "m.onnx"), "--name", "m")
    assert code == 0 and events[-1]["type"] == "done" and events[-1]["max_abs_diff"] <= 1e-4
    manifest = json.loads((out / "m.manifest.json").read_text())
    assert [i["name"] for i in manifest["inputs"]] == ["frames", "audio_mel", "text_ids", "text_mask"]
    assert manifest["switches"] == {"preMask": True, "postMask": True, "text": "vta", "steppingStone": False}


def test_errors_are_reported_on_the_stream(tmp_path):
    (tmp_path / "cfg.json").write_text(json.dumps({"data": {"root": str(tmp_path)}, "size": "tiny", "variant": "nope"}))
    code, events = run_cli("train", "--config", str(tmp_path / "cfg.json"))
    assert code == 1 and [e["type"] for e in events] == ["error"] and "unknown variant 'nope'" in events[0]["message"]


def test_sigterm_stops_gracefully_with_a_checkpoint_that_resumes(dataset_dirs, tmp_path):
    cfg = {"data": {**dataset_dirs, "task": "binary", "image_size": [64, 64], "val_split": None}, "size": "tiny",
           "variant": "aavs", "epochs": 50, "out_dir": str(tmp_path / "run")}
    (tmp_path / "cfg.json").write_text(json.dumps(cfg))
    proc = subprocess.Popen([sys.executable, "-m", "ssp_engine", "train", "--config", str(tmp_path / "cfg.json")],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env={**os.environ, "OMP_NUM_THREADS": "1"})
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if json.loads(line)["type"] == "step":
            proc.send_signal(signal.SIGTERM)
            break
    lines += proc.stdout.readlines()
    assert proc.wait(timeout=120) == 0
    events = parse("".join(lines))
    done = events[-1]
    assert done["type"] == "done" and done["reason"] == "cancelled" and events[-2]["type"] == "checkpoint"
    assert events[-2]["step"] == done["step"] < 50 * 4
    (tmp_path / "cfg.json").write_text(json.dumps({**cfg, "max_steps": done["step"] + 2}))
    code, resumed = run_cli("train", "--config", str(tmp_path / "cfg.json"), "--resume", events[-2]["path"])
    assert code == 0 and [e["step"] for e in resumed if e["type"] == "step"] == [done["step"] + 1, done["step"] + 2]


def test_saved_predictions_hold_the_model_foreground_and_score_like_the_eval_events(trained, dataset_dirs):
    """The PNGs eval wrote are the model's foreground probability x 255 per frame, in <subset>/<uid>/<t>.png, and
    re-scoring them against the GT PNGs gives the per-clip mIoU it reported."""
    out, _ = trained
    code, events = run_cli("eval", "--checkpoint", str(out / "run" / "last.pt"), "--split", "val",
                           "--save-predictions", str(out / "pred2"))
    assert code == 0 and events[-1]["predictions"] == str(out / "pred2")
    model, model_cfg, state = load_model(out / "run" / "last.pt", torch.device("cpu"))
    dataset = AVSClips(DataConfig(**state["config"]["data"]), "val", tokenizer=tokenizer_from_state(state["tokenizer"]),
                       max_text_len=model_cfg.max_text_len)
    root = Path(dataset_dirs["root"])
    videos = next(e for e in events if e["type"] == "eval")["videos"]
    assert [v["id"] for v in videos] == [dataset.clip_id(i) for i in range(len(dataset))]
    for i, video in enumerate(videos):
        entry, start = dataset.clips[i]
        ts = range(start, start + 5)
        saved = torch.stack([torch.from_numpy(np.asarray(Image.open(out / "pred2" / "none" / entry.subset / entry.uid / f"{t}.png"), np.float32) / 255) for t in ts])
        batch = flatten_batch(load_batch(dataset, [i]))
        _, fg = predict(model, model_cfg, batch)
        assert (saved - fg).abs().max() <= 0.5 / 255 + 1e-6
        gt = torch.stack([torch.from_numpy(np.asarray(Image.open(root / entry.subset / entry.uid / "labels_semantic" / f"{t}.png")) > 0) for t in ts])
        assert binary_iou(saved, gt).mean().item() == pytest.approx(video["mIoU"], abs=1e-6)


def test_info_reports_versions_and_which_weights_are_present(tmp_path, monkeypatch):
    monkeypatch.setenv("SSP_WEIGHTS", str(tmp_path))
    (tmp_path / "vggish.pth").write_bytes(b"x")
    code, events = run_cli("info")
    (info,) = events
    assert code == 0 and info["command"] == "info" and info["protocol"] == 1 and info["torch"] == torch.__version__
    assert info["weights"] == {"swin_base_patch4_window7_224": None, "vggish": str(tmp_path / "vggish.pth"),
                               "clip-vision": None, "blip-text": None}
    assert info["cuda"] is torch.cuda.is_available() and info["weights_dir"] == str(tmp_path)
