"""torchrun with 2 CPU processes (gloo): one event stream, ranks kept in step, a checkpoint, a resumable state."""
import json
import os
import subprocess
import sys

import torch

from ssp_engine import checkpoint
from ssp_engine.build import build_model
from ssp_engine.config import ModelConfig

# Runs the engine's CLI like `-m ssp_engine`, then saves this rank's final weights (rank 1 writes no checkpoint).
RANK_WEIGHTS = """
import os, sys, torch
import ssp_engine.train as train
from ssp_engine.cli import main
built, build = [], train.build_model
train.build_model = lambda *a, **k: built.append(build(*a, **k)) or built[-1]
code = main(sys.argv[1:])
torch.save(built[0].state_dict(), os.path.join(os.environ["RANK_WEIGHTS_DIR"], "rank%s.pt" % os.environ["RANK"]))
raise SystemExit(code)
"""


def test_two_process_ddp_training(dataset_dirs, tmp_path):
    cfg = {"data": {**dataset_dirs, "task": "binary", "image_size": [64, 64], "val_split": None}, "size": "tiny",
           "variant": "full", "epochs": 1, "batch_size": 1, "out_dir": str(tmp_path / "run"), "max_steps": 2}
    (tmp_path / "cfg.json").write_text(json.dumps(cfg))
    (tmp_path / "rank_weights.py").write_text(RANK_WEIGHTS)
    done = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
                           str(tmp_path / "rank_weights.py"), "train", "--config", str(tmp_path / "cfg.json")],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "OMP_NUM_THREADS": "1", "RANK_WEIGHTS_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-3000:]
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert events[0]["data"]["world_size"] == 2
    assert [e["step"] for e in events if e["type"] == "step"] == [1, 2]  # rank 0 only: each event once
    assert events[-1]["type"] == "done"
    state = checkpoint.load(tmp_path / "run" / "last.pt")
    assert state["step"] == 2 and all(torch.isfinite(v).all() for v in state["model"].values() if v.is_floating_point())
    # Both ranks end with the same weights (DDP averaged their gradients), equal to the checkpoint, and moved
    # away from the seeded start (they trained on different halves of the data).
    w0, w1 = (torch.load(tmp_path / f"rank{r}.pt", weights_only=True) for r in (0, 1))
    assert w0.keys() == w1.keys() == state["model"].keys()
    assert all(torch.equal(w0[k], w1[k]) and torch.equal(w0[k], state["model"][k]) for k in w0)
    start = build_model(ModelConfig(**state["model_config"]), (64, 64), seed=0).state_dict()
    moved = [k for k in w0 if w0[k].is_floating_point() and not torch.equal(w0[k], start[k])]
    assert len(moved) > len(w0) // 2
