"""Configs as small dataclasses: model switches (the paper's Table 2 rows), data, schedule, training."""
from dataclasses import dataclass, field, fields, asdict
import json


@dataclass
class ModelConfig:
    # Visual encoder: any timm model with features_only; the paper uses Swin-Base.
    backbone: str = "swin_base_patch4_window7_224"
    backbone_kwargs: dict = field(default_factory=dict)
    pretrained: bool = False  # load local weights (see weights.py) when True
    hidden_dim: int = 256
    num_queries: int = 100
    dec_layers: int = 9
    nheads: int = 8
    dim_feedforward: int = 2048
    # VGGish-like audio encoder (full size = VGGish layout, so its weights load).
    audio_channels: tuple = (64, 128, 256, 256, 512, 512)
    audio_fc: int = 4096
    audio_embed: int = 128
    # SSP switches.
    pre_mask: bool = False
    post_mask: bool = False
    text: str = "none"  # "none" | "att" | "vta"
    stepping_stone: bool = False  # AAVS stage 2: binary prior mask as extra input
    # Text branch (BLIP text encoder + CLIP vision encoder sizes).
    vocab_size: int = 30524
    max_text_len: int = 40
    text_hidden: int = 768
    text_layers: int = 12
    text_heads: int = 12
    clip_hidden: int = 768
    clip_layers: int = 12
    clip_heads: int = 12
    clip_image: int = 224
    clip_patch: int = 16
    num_classes: int = 1  # 1 = binary AVS; len(label2idx) for AVSS (background included)

    def __post_init__(self):
        if self.text not in ("none", "att", "vta"):
            raise ValueError(f"model.text must be none|att|vta, got {self.text!r}")
        self.audio_channels = tuple(self.audio_channels)


# Sizes: "swin-base" is the paper's; "tiny" is random and small enough for CPU tests.
MODEL_SIZES = {
    "swin-base": {},
    "tiny": dict(
        backbone="swin_tiny_patch4_window7_224",
        backbone_kwargs=dict(embed_dim=16, depths=(1, 1, 1, 1), num_heads=(1, 1, 1, 1), window_size=2),
        hidden_dim=32, num_queries=6, dec_layers=2, nheads=2, dim_feedforward=64,
        audio_channels=(4, 8, 8, 8, 16, 16), audio_fc=32, audio_embed=16,
        text_hidden=32, text_layers=1, text_heads=2, clip_hidden=32, clip_layers=1, clip_heads=2,
        clip_image=32, clip_patch=16, max_text_len=12,
    ),
}

# Table 2 of the SSP paper as named switch sets.
VARIANTS = {
    "aavs": dict(pre_mask=False, post_mask=False, text="none"),
    "+pre": dict(pre_mask=True, post_mask=False, text="none"),
    "+pre+post": dict(pre_mask=True, post_mask=True, text="none"),
    "+text_att": dict(pre_mask=False, post_mask=False, text="att"),
    "+text_vta": dict(pre_mask=False, post_mask=False, text="vta"),
    "full_no_post": dict(pre_mask=True, post_mask=False, text="vta"),
    "full": dict(pre_mask=True, post_mask=True, text="vta"),
}

# The paper's schedules (epochs, batch, lr -> lr_decay_to at lr_decay_epoch).
SCHEDULES = {
    "s4": dict(epochs=30, batch_size=2, lr=1e-3, lr_decay_to=1e-4, lr_decay_epoch=15),
    "ms3": dict(epochs=30, batch_size=2, lr=1e-3, lr_decay_to=1e-4, lr_decay_epoch=15),
    "avss": dict(epochs=60, batch_size=2, lr=1e-3, lr_decay_to=1e-4, lr_decay_epoch=20),
}


@dataclass
class DataConfig:
    root: str = ""
    layers_root: str | None = None  # exported mask_o/mask_pre/mask_post
    prompts_file: str | None = None  # answers.json: {"<subset>/<uid>": {"a1": ..., "a2": ...}}
    train_split: str = "train"
    val_split: str | None = "val"
    subsets: tuple = ("v1s", "v1m", "v2")
    task: str = "binary"  # "binary" (S4/MS3 AVS) | "semantic" (AVSS)
    image_size: tuple = (224, 224)
    clip_frames: int = 5  # videos are cut into clips of this many frames (v2: 10 -> 2 clips)
    limit: int | None = None  # first N clips only (smoke runs)

    def __post_init__(self):
        if self.task not in ("binary", "semantic"):
            raise ValueError(f"data.task must be binary|semantic, got {self.task!r}")
        self.subsets = tuple(self.subsets)
        self.image_size = tuple(self.image_size)


@dataclass
class LossWeights:
    mask: float = 5.0
    dice: float = 5.0
    cls: float = 2.0
    post: float = 10.0  # lambda'_mask
    no_object: float = 0.1  # Mask2Former's weight of the "no object" class


@dataclass
class TrainConfig:
    data: DataConfig = field(default_factory=DataConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    loss: LossWeights = field(default_factory=LossWeights)
    variant: str = "full"
    size: str = "swin-base"
    schedule: str | None = None
    epochs: int = 30
    batch_size: int = 2
    lr: float = 1e-3
    lr_decay_to: float = 1e-4
    lr_decay_epoch: int = 15
    weight_decay: float = 1e-4
    device: str = "cpu"
    out_dir: str = "runs/default"
    seed: int = 0
    deterministic: bool = False  # CUDA: deterministic kernels where they exist (slower); CPU runs repeat anyway
    max_steps: int | None = None  # stop (with a checkpoint) after this many steps in total
    checkpoint_every: int | None = None  # steps; the end of each epoch always checkpoints
    stage1_checkpoint: str | None = None  # AAVS stage 2: stage-1 model for inference priors
    resume: str | None = None


def _build(cls, values, where):
    known = {f.name for f in fields(cls)}
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"unknown {where} keys: {sorted(unknown)}")
    return cls(**values)


def train_config_from_dict(raw: dict) -> TrainConfig:
    """Layering: defaults < schedule preset < explicit keys; model: size < variant < explicit model keys."""
    raw = dict(raw)
    schedule = raw.get("schedule")
    if schedule is not None and schedule not in SCHEDULES:
        raise ValueError(f"unknown schedule {schedule!r}; choose from {sorted(SCHEDULES)}")
    variant = raw.get("variant", "full")
    size = raw.get("size", "swin-base")
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; choose from {sorted(VARIANTS)}")
    if size not in MODEL_SIZES:
        raise ValueError(f"unknown size {size!r}; choose from {sorted(MODEL_SIZES)}")
    data = _build(DataConfig, raw.pop("data", {}), "data")
    model_raw = {**MODEL_SIZES[size], **VARIANTS[variant], **raw.pop("model", {})}
    model = _build(ModelConfig, model_raw, "model")
    loss = _build(LossWeights, raw.pop("loss", {}), "loss")
    top = {**(SCHEDULES[schedule] if schedule else {}), **raw}
    return _build(TrainConfig, {**top, "data": data, "model": model, "loss": loss}, "config")


def load_train_config(path: str) -> TrainConfig:
    with open(path, encoding="utf-8") as f:
        return train_config_from_dict(json.load(f))


def config_to_dict(cfg) -> dict:
    return json.loads(json.dumps(asdict(cfg)))


def model_config_from_dict(raw: dict) -> ModelConfig:
    return _build(ModelConfig, raw, "model")

