"""torchrun with 2 CPU processes (gloo): one event stream, ranks kept in step, a checkpoint, a resumable state."""
import json
import os
import subprocess
import sys

import torch

from ssp_engine import checkpoint


def test_two_process_ddp_training(dataset_dirs, tmp_path):
    cfg = {"data": {**dataset_dirs, "task": "binary", "image_size": [64, 64], "val_split": None}, "size": "tiny",
           "variant": "full", "epochs": 1, "batch_size": 1, "out_dir": str(tmp_path / "run"), "max_steps": 2}
    (tmp_path / "cfg.json").write_text(json.dumps(cfg))
    done = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
                           "-m", "ssp_engine", "train", "--config", str(tmp_path / "cfg.json")],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert events[0]["data"]["world_size"] == 2
    assert [e["step"] for e in events if e["type"] == "step"] == [1, 2]  # rank 0 only: each event once
    assert events[-1]["type"] == "done"
    state = checkpoint.load(tmp_path / "run" / "last.pt")
    assert state["step"] == 2 and all(torch.isfinite(v).all() for v in state["model"].values() if v.is_floating_point())
