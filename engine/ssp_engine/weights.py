"""Local pretrained weights. Nothing here downloads: users fetch files on their own machine.

Folder: $SSP_WEIGHTS, else engine/weights/. Expected files (docs/engine.md, "Pretrained weights"):
  <timm backbone name>.safetensors|.pth|.bin   e.g. swin_base_patch4_window7_224.safetensors
                                               (hub id timm/swin_base_patch4_window7_224.ms_in22k_ft_in1k)
  vggish.pth                                   torchvggish state dict (harritaylor/torchvggish vggish-10086976.pth)
  clip-vision/                                 transformers folder of openai/clip-vit-base-patch16
  blip-text/                                   transformers folder of Salesforce/blip-itm-base-coco (text encoder + tokenizer)
"""
import os
from pathlib import Path

SUFFIXES = (".safetensors", ".pth", ".bin")


def weights_dir() -> Path:
    env = os.environ.get("SSP_WEIGHTS")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "weights"


def find(name: str) -> Path | None:
    """A file `name` + one of SUFFIXES, or a folder `name`, inside the weights dir; None when absent."""
    base = weights_dir()
    if (base / name).is_dir():
        return base / name
    for suffix in SUFFIXES:
        if (base / (name + suffix)).is_file():
            return base / (name + suffix)
    return None


def require(name: str) -> Path:
    path = find(name)
    if path is None:
        raise FileNotFoundError(
            f"pretrained weights '{name}' not found in {weights_dir()}; download them on a machine with network "
            f"access (see docs/engine.md, 'Pretrained weights') or set model.pretrained=false")
    return path


def load_state_dict(path: Path) -> dict:
    if path.suffix == ".safetensors":
        from safetensors.torch import load_file

        return load_file(str(path))
    import torch

    return torch.load(str(path), map_location="cpu", weights_only=True)
