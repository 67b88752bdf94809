"""Pretrained loading from local files only (SSP_WEIGHTS): tiny stand-ins saved by the test, never a download."""
import re

import pytest
import timm
import torch
from safetensors.torch import save_file
from transformers import CLIPVisionConfig, CLIPVisionModel

from ssp_engine import weights
from ssp_engine.config import MODEL_SIZES, ModelConfig
from ssp_engine.models.backbone import Backbone
from ssp_engine.models.text import VTA

TINY = MODEL_SIZES["tiny"]


@pytest.fixture
def weights_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("SSP_WEIGHTS", str(tmp_path))
    return tmp_path


def test_backbone_loads_a_local_timm_checkpoint(weights_dir):
    torch.manual_seed(1)
    source = timm.create_model(TINY["backbone"], img_size=(64, 64), **TINY["backbone_kwargs"])
    save_file({k: v.contiguous() for k, v in source.state_dict().items()}, weights_dir / f"{TINY['backbone']}.safetensors")
    loaded = Backbone(TINY["backbone"], TINY["backbone_kwargs"], True, (64, 64)).body.state_dict()
    # features_only renames stages layers.N -> layers_N and drops the classifier head.
    source = {re.sub(r"^layers\.(\d)", r"layers_\1", k): v for k, v in source.state_dict().items()}
    assert set(loaded) <= set(source) and len(loaded) > 20
    assert all(torch.equal(loaded[k], source[k]) for k in loaded if not k.endswith("attn_mask"))


def test_vta_loads_local_clip_and_blip_text_weights(weights_dir):
    torch.manual_seed(2)
    cfg = ModelConfig(**{**TINY, "vocab_size": 20, "text": "vta"})
    clip = CLIPVisionModel(CLIPVisionConfig(hidden_size=32, intermediate_size=128, num_hidden_layers=1,
                                            num_attention_heads=2, image_size=32, patch_size=16))
    clip.save_pretrained(weights_dir / "clip-vision")
    donor = VTA(cfg, 16).bert.state_dict()
    (weights_dir / "blip-text").mkdir()
    save_file({f"text_encoder.{k}": v for k, v in donor.items()} | {"vision_model.x": torch.zeros(1)},
              weights_dir / "blip-text" / "model.safetensors")
    vta = VTA(ModelConfig(**{**TINY, "vocab_size": 20, "text": "vta", "pretrained": True}), 16)
    assert all(torch.equal(vta.bert.state_dict()[k], v) for k, v in donor.items())
    assert all(torch.equal(vta.clip.state_dict()[k], v) for k, v in clip.state_dict().items() if "post_layernorm" not in k)


def test_missing_weights_say_where_to_put_them(weights_dir):
    with pytest.raises(FileNotFoundError, match=str(weights_dir)):
        weights.require("vggish")
    with pytest.raises(FileNotFoundError, match="docs/engine.md"):
        Backbone(TINY["backbone"], TINY["backbone_kwargs"], True, (64, 64))
