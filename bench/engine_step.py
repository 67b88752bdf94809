"""Training step time of an engine config vs the bare backbone's forward+backward on the same frames, both
measured in this run. Used by bench/engine.bench.ts; runnable alone:
  .venv/bin/python bench/engine_step.py [--size tiny|swin-base] [--variant full] [--batch 2] [--image 64] [--steps 10]
                                       [--threads N] [--device cuda]
Random weights and random inputs (no dataset, no downloads); one clip = 5 frames, as in S4/MS3."""
import argparse
import json
import statistics
import time

import torch

from ssp_engine.build import model_inputs
from ssp_engine.config import train_config_from_dict
from ssp_engine.losses import total_loss
from ssp_engine.models.ssp import SSPModel

FRAMES = 5


def batch_of(cfg, clips, size, device, gen):
    bt = clips * FRAMES
    labels = (torch.rand(bt, *size, generator=gen) > 0.7).long()
    batch = {"frames": torch.randn(bt, 3, *size, generator=gen), "mel": torch.randn(bt, 1, 96, 64, generator=gen) - 3,
             "labels": labels, "labeled": torch.ones(bt, dtype=torch.bool),
             "m_pre": torch.randint(0, 3, (bt, *size), generator=gen).float() / 2, "m_post": (labels > 0).float()}
    if cfg.model.text != "none":
        batch["text_ids"] = torch.randint(1, cfg.model.vocab_size, (bt, 2, cfg.model.max_text_len), generator=gen)
        batch["text_mask"] = torch.ones(bt, 2, cfg.model.max_text_len, dtype=torch.long)
    return {k: v.to(device) for k, v in batch.items()}


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def interleaved_medians(fns, steps, device):
    """Median ms per call of each fn, calls alternating so that load from other processes hits both alike."""
    for fn in fns:
        fn()  # warm-up (allocations, cuDNN autotune)
    times = [[] for _ in fns]
    for _ in range(steps):
        for fn, out in zip(fns, times):
            sync(device)
            start = time.perf_counter()
            fn()
            sync(device)
            out.append((time.perf_counter() - start) * 1000)
    return [statistics.median(t) for t in times]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--size", default="tiny")
    p.add_argument("--variant", default="full")
    p.add_argument("--batch", type=int, default=2, help="clips per step (5 frames each)")
    p.add_argument("--image", type=int, default=64)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--threads", type=int, help="CPU threads (default: torch's choice)")
    args = p.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    device = torch.device(args.device)
    cfg = train_config_from_dict({"size": args.size, "variant": args.variant, "model": {"vocab_size": 64}})
    size = (args.image, args.image)
    model = SSPModel(cfg.model, size).to(device).train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4)
    batch = batch_of(cfg, args.batch, size, device, torch.Generator().manual_seed(0))

    def train_step():
        outputs = model(**model_inputs(cfg.model, batch, training=True))
        loss, _ = total_loss(outputs, batch, cfg.model.num_classes, cfg.loss, cfg.model.post_mask)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()

    def backbone_step():
        feats = model.backbone(batch["frames"])
        sum(f.float().mean() for f in feats).backward()
        model.zero_grad(set_to_none=True)

    step_ms, ref_ms = interleaved_medians([train_step, backbone_step], args.steps, device)
    result = {"size": args.size, "variant": args.variant, "clips": args.batch, "frames": args.batch * FRAMES,
              "image": args.image, "device": str(device), "threads": torch.get_num_threads(),
              "step_ms": round(step_ms, 1), "backbone_fwd_bwd_ms": round(ref_ms, 1), "ratio": round(step_ms / ref_ms, 2)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
