"""Builds tokenizer, datasets and the model from a TrainConfig (shared by train, eval and export)."""
from dataclasses import replace
from pathlib import Path

import torch

from ssp_engine import weights
from ssp_engine.data import layout
from ssp_engine.data.dataset import AVSClips
from ssp_engine.data.tokenizer import HFTokenizer, WordTokenizer
from ssp_engine.models.ssp import SSPModel


def build_tokenizer(cfg):
    """None without a text branch; a local BLIP tokenizer with pretrained weights; else a word vocabulary
    made from the prompt answers and the class names."""
    if cfg.model.text == "none":
        return None
    if not cfg.data.prompts_file:
        raise ValueError("data.prompts_file is required by the text branch; run the prompt job and export its answers")
    if cfg.model.pretrained:
        return HFTokenizer(weights.require("blip-text"))
    prompts = layout.read_prompts(cfg.data.prompts_file)
    classes = layout.read_label2idx(Path(cfg.data.root))
    return WordTokenizer.from_texts([a for v in prompts.values() for a in v.values()] + list(classes))


def needs_layers(model_cfg):
    return model_cfg.pre_mask or model_cfg.post_mask


def build_dataset(cfg, split, tokenizer, training, audio_mode=None):
    return AVSClips(cfg.data, split, tokenizer=tokenizer, max_text_len=cfg.model.max_text_len,
                    need_layers=training and needs_layers(cfg.model), audio_mode=audio_mode)


def resolve_model_config(cfg, dataset, tokenizer):
    """Fills what the data decides: number of classes and vocabulary size."""
    model = replace(cfg.model, num_classes=dataset.num_classes)
    if tokenizer is not None:
        model = replace(model, vocab_size=tokenizer.vocab_size)
    if model.stepping_stone and cfg.data.task != "semantic":
        raise ValueError("model.stepping_stone is AAVS stage 2 and needs data.task = semantic")
    return model


def build_model(model_cfg, image_size, seed):
    torch.manual_seed(seed)
    return SSPModel(model_cfg, tuple(image_size))


def flatten_batch(batch):
    """[B, T, ...] -> [B*T, ...]; per-video text is repeated for each frame."""
    b, t = batch["frames"].shape[:2]
    out = {}
    for k, v in batch.items():
        if k == "index":
            out[k] = v
        elif k.startswith("text_"):
            out[k] = v.repeat_interleave(t, dim=0)
        else:
            out[k] = v.flatten(0, 1)
    return out


def model_inputs(model_cfg, batch, training, prior=None):
    """Keyword inputs of SSPModel.forward for a flattened batch."""
    kw = {"frames": batch["frames"], "mel": batch["mel"]}
    if model_cfg.text != "none":
        kw["text_ids"], kw["text_mask"] = batch["text_ids"], batch["text_mask"]
    if training and model_cfg.pre_mask:
        kw["gate"] = batch["m_pre"]
    if model_cfg.stepping_stone:
        # Training: the GT stepping stone; inference: the stage-1 prediction passed in.
        kw["prior"] = ((batch["labels"] > 0) & (batch["labels"] < 255)).float()[:, None] if training else prior
    return kw
