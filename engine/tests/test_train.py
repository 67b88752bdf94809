import json
from pathlib import Path

import torch

from conftest import run_main
from ssp_engine import checkpoint


def steps(events):
    return [e for e in events if e["type"] == "step"]


def test_a_few_training_steps_reduce_the_loss_and_best_follows_validation(tiny_config, train_events, tmp_path):
    cfg = tiny_config(epochs=3, lr_decay_epoch=3, variant="aavs")
    events = train_events(cfg)
    means = [e["mean_loss"] for e in events if e["type"] == "epoch"]
    assert len(means) == 3
    assert means[2] < 0.9 * means[0], means
    assert events[-1] == {**events[-1], "type": "done", "reason": "epochs", "step": len(steps(events))}
    # best.pt is written after exactly the validations that beat every earlier one.
    mious = [e["metrics"]["mIoU"] for e in events if e["type"] == "eval"]
    improved = [i for i, m in enumerate(mious) if m > max(mious[:i], default=-1.0)]
    assert [e["epoch"] - 1 for e in events if e["type"] == "checkpoint" and e["name"] == "best"] == improved
    assert checkpoint.load(tmp_path / "run" / "best.pt")["best_mIoU"] == max(mious)


def test_resume_continues_identically(tiny_config, train_events, tmp_path):
    base = dict(epochs=2, lr_decay_epoch=1, data={"val_split": None})
    whole = steps(train_events(tiny_config(**base, out_dir=str(tmp_path / "whole"))))
    cut = train_events(tiny_config(**base, out_dir=str(tmp_path / "cut"), max_steps=3))
    assert cut[-1]["reason"] == "max_steps" and [e["step"] for e in steps(cut)] == [1, 2, 3]
    rest = train_events(tiny_config(**base, out_dir=str(tmp_path / "cut"), resume=str(tmp_path / "cut" / "last.pt")))
    assert [e["step"] for e in steps(rest)] == list(range(4, len(whole) + 1))
    # Same losses to the last bit, and the same final weights.
    assert [e["losses"] for e in steps(cut) + steps(rest)] == [e["losses"] for e in whole]
    a = checkpoint.load(tmp_path / "whole" / "last.pt")["model"]
    b = checkpoint.load(tmp_path / "cut" / "last.pt")["model"]
    assert all(torch.equal(a[k], b[k]) for k in a)
    # The epoch mean spans the interruption too.
    assert [e["mean_loss"] for e in rest if e["type"] == "epoch"][0] == sum(e["losses"]["total"] for e in whole[:4]) / 4


def test_two_stage_stepping_stone(tiny_config, train_events, tmp_path, dataset_dirs):
    """AAVS: stage 1 binary AVS; stage 2 semantic, GT prior in training, the stage-1 prediction in validation."""
    stage1 = tiny_config(variant="aavs", max_steps=1, out_dir=str(tmp_path / "s1"), data={"val_split": None})
    train_events(stage1)
    stage2 = tiny_config(variant="aavs", model={"stepping_stone": True}, out_dir=str(tmp_path / "s2"),
                         stage1_checkpoint=str(tmp_path / "s1" / "last.pt"), data={"task": "semantic"})
    events = train_events(stage2)
    evals = [e for e in events if e["type"] == "eval"]
    assert len(evals) == 1 and evals[0]["metrics"]["classes"] >= 1
    code, events = run_main("eval", "--checkpoint", str(tmp_path / "s2" / "last.pt"), "--split", "val",
                            "--stage1", str(tmp_path / "s1" / "last.pt"))
    assert code == 0 and next(e for e in events if e["type"] == "eval")["metrics"] == evals[0]["metrics"]
    state = checkpoint.load(tmp_path / "s2" / "last.pt")
    classes = json.loads((Path(dataset_dirs["root"]) / "label2idx.json").read_text())
    assert state["model_config"]["num_classes"] == len(classes) and any(k.startswith("prior_proj") for k in state["model"])
