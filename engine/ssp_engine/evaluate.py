"""Evaluation: per-clip and overall metrics, optionally under TeSO audio controls (muted / noise at 10, 40 dB)."""
from dataclasses import replace

import torch

from ssp_engine import checkpoint
from ssp_engine.build import build_model, flatten_batch, model_inputs
from ssp_engine.config import model_config_from_dict
from ssp_engine.data.dataset import load_batch
from ssp_engine.metrics import BinaryMeter, SemanticMeter
from ssp_engine.models.ssp import foreground_prob, semantic_scores
from ssp_engine.predictions import write_clip

CONTROLS = ("muted", "noise10", "noise40")


def load_model(path, device):
    """(model, model_config, checkpoint dict) from a training checkpoint."""
    state = checkpoint.load(path)
    model_cfg = model_config_from_dict(state["model_config"])
    # The checkpoint holds every weight: no need for the pretrained files on this machine.
    model = build_model(replace(model_cfg, pretrained=False), state["config"]["data"]["image_size"], 0)
    model.load_state_dict(state["model"])
    return model.to(device).eval(), model_cfg, state


def load_stage1(path, device):
    model, model_cfg, _ = load_model(path, device)
    return model, model_cfg


def predictions(class_logits, mask_logits, size, num_classes):
    """(per-class semantic scores [BT, K, H, W], sounding-object probability [BT, H, W])."""
    return (semantic_scores(class_logits, mask_logits, size),
            foreground_prob(class_logits, mask_logits, size, num_classes))


@torch.no_grad()
def predict(model, model_cfg, batch, stage1=None):
    """predictions() of the final decoder layer for a flattened batch (no GT used)."""
    size = batch["frames"].shape[-2:]
    prior = None
    if model_cfg.stepping_stone:
        s1_model, s1_cfg = stage1
        s1_fg = foreground_prob(*s1_model(**model_inputs(s1_cfg, batch, training=False))[-1], size, s1_cfg.num_classes)
        prior = (s1_fg > 0.5).float()[:, None]
    outputs = model(**model_inputs(model_cfg, batch, training=False, prior=prior))
    return predictions(*outputs[-1], size, model_cfg.num_classes)


def meter_for(model_cfg):
    return BinaryMeter() if model_cfg.num_classes == 1 else SemanticMeter(model_cfg.num_classes)


def update(meter, scores, fg, labels, labeled):
    if isinstance(meter, BinaryMeter):
        meter.update(fg[labeled], labels[labeled])
    else:
        meter.update(scores.argmax(1)[labeled], labels[labeled])


@torch.no_grad()
def evaluate(model, model_cfg, dataset, device, stage1=None, on_clip=None, save_to=None):
    """Overall metrics; on_clip(clip_id, metrics) is called for each clip; save_to: a folder for prediction PNGs."""
    model.eval()
    overall = meter_for(model_cfg)
    for index in range(len(dataset)):
        batch = flatten_batch({k: v.to(device) for k, v in load_batch(dataset, [index]).items()})
        scores, fg = (x.cpu() for x in predict(model, model_cfg, batch, stage1))
        if save_to is not None:
            write_clip(save_to, *dataset.clips[index], scores, fg, model_cfg.num_classes)
        labels, labeled = batch["labels"].cpu(), batch["labeled"].cpu()
        if not labeled.any():
            continue
        update(overall, scores, fg, labels, labeled)
        if on_clip is not None:
            clip = meter_for(model_cfg)
            update(clip, scores, fg, labels, labeled)
            on_clip(dataset.clip_id(index), clip.result())
    return overall.result()


def drops(clean, controlled):
    return {k: clean[k] - controlled[k] for k in ("mIoU", "fscore")}
