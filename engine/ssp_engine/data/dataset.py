"""Clips of AVSBench-semantic videos with audio patches, optional derived layers and prompt tokens."""
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from ssp_engine.data import layout
from ssp_engine.data.audio import audio_control, mel_patches, read_wav

# Mask2Former preprocessing (ImageNet statistics on 0..255 RGB).
PIXEL_MEAN = (123.675, 116.28, 103.53)
PIXEL_STD = (58.395, 57.12, 57.375)
IGNORE = 255


def load_image(path, size) -> torch.Tensor:
    img = Image.open(path).convert("RGB").resize((size[1], size[0]), Image.BILINEAR)
    x = torch.from_numpy(np.asarray(img, dtype=np.float32)).permute(2, 0, 1)
    return (x - torch.tensor(PIXEL_MEAN)[:, None, None]) / torch.tensor(PIXEL_STD)[:, None, None]


def load_index_png(path, size) -> torch.Tensor:
    img = Image.open(path)
    if img.mode not in ("L", "P"):
        img = img.convert("L")
    img = img.resize((size[1], size[0]), Image.NEAREST)
    return torch.from_numpy(np.asarray(img, dtype=np.uint8).astype(np.int64))


def load_layer(path, size) -> torch.Tensor:
    """0/255 binary or 0/128/255 pre-mask PNG -> float in {0, 0.5, 1}."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"{path}: missing derived layer; export M_O/M_Pre/M_Post from the app first")
    v = load_index_png(path, size).float() / 255.0
    return torch.round(v * 2.0) / 2.0


def load_labels(path, size, task, binary_mask=False) -> torch.Tensor:
    """Index PNG (AVSS) or binary mask PNG (S4/MS3: object = non-zero) -> [H, W] int64; binary task: 1 = sounding
    object. An unannotated frame (no PNG, e.g. S4 / AVSS v1s train frames after the first) is all IGNORE and drops
    out of losses and metrics."""
    if not Path(path).is_file():
        return torch.full(size, IGNORE, dtype=torch.int64)
    labels = load_index_png(path, size)
    if binary_mask:
        return (labels > 0).long()
    if task == "binary":
        labels = torch.where(labels == IGNORE, IGNORE, (labels > 0).long())
    return labels


class AVSClips(torch.utils.data.Dataset):
    def __init__(self, cfg, split, tokenizer=None, max_text_len=40, need_layers=False, audio_mode=None):
        self.cfg = cfg
        self.size = tuple(cfg.image_size)
        self.tokenizer = tokenizer
        self.max_text_len = max_text_len
        self.need_layers = need_layers
        self.audio_mode = audio_mode
        self.label2idx = layout.read_label2idx(Path(cfg.root))
        self.prompts = layout.read_prompts(cfg.prompts_file) if tokenizer is not None else {}
        if need_layers and not cfg.layers_root:
            raise ValueError("data.layers_root is required by the pre-/post-mask switches; export the layers from the app")
        videos = layout.list_videos(cfg.root, split, cfg.subsets)
        if cfg.task == "semantic" and videos and videos[0].binary_masks:
            raise ValueError(f"{cfg.root}: S4/MS3 masks are binary; set data.task to binary")
        n = cfg.clip_frames
        self.clips = [(v, s) for v in videos for s in range(0, v.num_frames - n + 1, n)]
        if cfg.limit is not None:
            self.clips = self.clips[: cfg.limit]
        if not self.clips:
            raise ValueError(f"{cfg.root}: no {split} clips of {n} frames in subsets {list(cfg.subsets)}")

    @property
    def num_classes(self):
        return 1 if self.cfg.task == "binary" else len(self.label2idx)

    def __len__(self):
        return len(self.clips)

    def clip_id(self, i):
        video, start = self.clips[i]
        return f"{video.uid}@{start}"

    def __getitem__(self, i):
        video, start = self.clips[i]
        ts = range(start, start + self.cfg.clip_frames)
        labels = torch.stack([load_labels(video.labels[t], self.size, self.cfg.task, video.binary_masks) for t in ts])
        labeled = (labels != IGNORE).flatten(1).any(1)
        wav = read_wav(video.audio)
        wav = audio_control(wav, self.audio_mode, seed=i)
        mel = mel_patches(wav, start + self.cfg.clip_frames)[start:]
        item = {
            "index": torch.tensor(i),
            "frames": torch.stack([load_image(video.frames[t], self.size) for t in ts]),
            "labels": labels,
            "labeled": labeled,
            "mel": mel,
        }
        if self.need_layers:
            # The app exports M_Pre/M_Post only for annotated frames: unannotated ones are not gated (as at inference).
            for key, layer, blank in (("m_pre", "mask_pre", 1.0), ("m_post", "mask_post", 0.0)):
                item[key] = torch.stack([
                    load_layer(layout.layer_path(self.cfg.layers_root, video, layer, t), self.size) if has
                    else torch.full(self.size, blank) for t, has in zip(ts, labeled.tolist())])
        if self.tokenizer is not None:
            answers = self.prompts.get(layout.prompt_key(video))
            if answers is None:
                raise KeyError(f"{self.cfg.prompts_file}: no prompt answers for {layout.prompt_key(video)}; run the prompt job first")
            enc = [self.tokenizer.encode(answers[k], self.max_text_len) for k in ("a1", "a2")]
            item["text_ids"] = torch.stack([e[0] for e in enc])
            item["text_mask"] = torch.stack([e[1] for e in enc])
        return item


def load_batch(dataset, indices):
    """Stacks items; used instead of a DataLoader, whose iterator draws from the global RNG (breaking resume)."""
    return torch.utils.data.default_collate([dataset[i] for i in indices])
