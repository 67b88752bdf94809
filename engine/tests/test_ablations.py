import math

import pytest

from ssp_engine import checkpoint
from ssp_engine.config import VARIANTS


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_table2_preset_builds_and_steps(variant, tiny_config, train_events, tmp_path):
    switches = VARIANTS[variant]
    events = train_events(tiny_config(variant=variant, max_steps=1, data={"val_split": None}))
    (step,) = [e for e in events if e["type"] == "step"]
    assert set(step["losses"]) == {"mask", "dice", "cls", "total"} | ({"post"} if switches["post_mask"] else set())
    assert all(math.isfinite(v) and v >= 0 for v in step["losses"].values())
    state = checkpoint.load(tmp_path / "run" / "last.pt")
    text_keys = {k.split(".")[1] for k in state["model"] if k.startswith("text.")}
    assert text_keys == {"none": set(), "att": {"tokens", "attn", "norm"},
                         "vta": {"clip", "visual_mlp", "tokens", "bert", "out_mlp", "out_norm", "fuse_norm"}}[switches["text"]]
    assert {k: state["model_config"][k] for k in switches} == switches


def test_another_timm_backbone_is_selectable(tiny_config, train_events, tmp_path):
    """PVT-v2 (also used in the AVS literature) instead of Swin: 4 NCHW scales, channels 32..256."""
    events = train_events(tiny_config(variant="+pre+post", max_steps=1, data={"val_split": None},
                                      model={"backbone": "pvt_v2_b0", "backbone_kwargs": {}}))
    assert [e["type"] for e in events][-2:] == ["checkpoint", "done"]
    state = checkpoint.load(tmp_path / "run" / "last.pt")
    assert state["model"]["pixel_decoder.lateral.3.0.weight"].shape[1] == 256
