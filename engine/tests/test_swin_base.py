"""The paper's configuration (Swin-Base, full SSP with VTA) builds from random weights and runs a forward pass."""
import torch

from ssp_engine.build import build_model
from ssp_engine.config import train_config_from_dict

SIZE = (64, 64)  # 1/32 of 64 = 2: timm shrinks Swin's 7x7 windows to the feature map


def test_swin_base_full_builds_offline_and_runs_one_frame():
    cfg = train_config_from_dict({"size": "swin-base", "variant": "full", "data": {"image_size": list(SIZE)}}).model
    assert (cfg.backbone, cfg.pretrained, cfg.text, cfg.pre_mask, cfg.post_mask) == ("swin_base_patch4_window7_224", False, "vta", True, True)
    model = build_model(cfg, SIZE, seed=0).eval()
    assert model.backbone.channels == [128, 256, 512, 1024]  # Swin-Base widths, not the tiny preset's
    assert sum(p.numel() for p in model.backbone.parameters()) > 80e6
    g = torch.Generator().manual_seed(0)
    frames, mel = torch.randn(1, 3, *SIZE, generator=g), torch.randn(1, 1, 96, 64, generator=g)
    ids = torch.randint(1, cfg.vocab_size, (1, 2, cfg.max_text_len), generator=g)
    mask = torch.ones(1, 2, cfg.max_text_len, dtype=torch.long)
    with torch.no_grad():
        outputs = model(frames, mel, text_ids=ids, text_mask=mask)
    assert len(outputs) == cfg.dec_layers + 1  # deep supervision per layer + the final prediction
    class_logits, mask_logits = outputs[-1]
    assert class_logits.shape == (1, cfg.num_queries, cfg.num_classes + 1)
    assert mask_logits.shape == (1, cfg.num_queries, SIZE[0] // 4, SIZE[1] // 4)
    assert torch.isfinite(class_logits).all() and torch.isfinite(mask_logits).all()
