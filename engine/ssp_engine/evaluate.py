"""Evaluation: per-clip and overall metrics, optionally under TeSO audio controls (muted / noise at 10, 40 dB)."""
import torch
from torch.utils.data import DataLoader

from ssp_engine import checkpoint
from ssp_engine.build import build_model, flatten_batch, model_inputs
from ssp_engine.config import model_config_from_dict
from ssp_engine.metrics import BinaryMeter, SemanticMeter
from ssp_engine.models.ssp import semantic_scores

CONTROLS = ("muted", "noise10", "noise40")


def load_model(path, device):
    """(model, model_config, checkpoint dict) from a training checkpoint."""
    state = checkpoint.load(path)
    model_cfg = model_config_from_dict(state["model_config"])
    model = build_model(model_cfg, state["config"]["data"]["image_size"], 0)
    model.load_state_dict(state["model"])
    return model.to(device).eval(), model_cfg, state


def load_stage1(path, device):
    model, model_cfg, _ = load_model(path, device)
    return model, model_cfg


@torch.no_grad()
def predict_scores(model, model_cfg, batch, stage1=None):
    """Per-class scores [BT, K, H, W] for a flattened batch (no GT used)."""
    prior = None
    if model_cfg.stepping_stone:
        s1_model, s1_cfg = stage1
        s1 = semantic_scores(*s1_model(**model_inputs(s1_cfg, batch, training=False))[-1], batch["frames"].shape[-2:])
        prior = (s1[:, :1] > 0.5).float()
    outputs = model(**model_inputs(model_cfg, batch, training=False, prior=prior))
    return semantic_scores(*outputs[-1], batch["frames"].shape[-2:])


def meter_for(model_cfg):
    return BinaryMeter() if model_cfg.num_classes == 1 else SemanticMeter(model_cfg.num_classes)


def update(meter, scores, labels):
    if isinstance(meter, BinaryMeter):
        meter.update(scores[:, 0], labels)
    else:
        meter.update(scores.argmax(1), labels)


@torch.no_grad()
def evaluate(model, model_cfg, dataset, device, stage1=None, on_clip=None):
    """Overall metrics; on_clip(clip_id, metrics) is called for each clip."""
    model.eval()
    overall = meter_for(model_cfg)
    for batch in DataLoader(dataset, batch_size=1, num_workers=0):
        index = int(batch["index"][0])
        batch = flatten_batch({k: v.to(device) for k, v in batch.items()})
        scores = predict_scores(model, model_cfg, batch, stage1).cpu()
        labels = batch["labels"].cpu()
        update(overall, scores, labels)
        if on_clip is not None:
            clip = meter_for(model_cfg)
            update(clip, scores, labels)
            on_clip(dataset.clip_id(index), clip.result())
    return overall.result()


def drops(clean, controlled):
    return {k: clean[k] - controlled[k] for k in ("mIoU", "fscore")}
