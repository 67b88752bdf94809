"""Visual encoder: any timm model with features_only, giving 4 scales (1/4 .. 1/32) as NCHW."""
import timm
import torch
from torch import nn

from ssp_engine import weights


class Backbone(nn.Module):
    def __init__(self, name: str, kwargs: dict, pretrained: bool, image_size):
        super().__init__()
        extra = dict(kwargs)
        if name.startswith("swin"):
            extra.setdefault("img_size", tuple(image_size))
        if pretrained:
            extra["pretrained_cfg_overlay"] = dict(file=str(weights.require(name)))
        self.body = timm.create_model(name, pretrained=pretrained, features_only=True, out_indices=(0, 1, 2, 3), **extra)
        self.channels = list(self.body.feature_info.channels())
        # Swin reports NHWC features; decide once so the traced graph has no shape test.
        with torch.no_grad():
            probe = self.body(torch.zeros(1, 3, *image_size))
        self.channels_last = [p.shape[1] != c and p.shape[-1] == c for p, c in zip(probe, self.channels)]

    def forward(self, x):
        feats = self.body(x)
        return [f.permute(0, 3, 1, 2).contiguous() if last else f for f, last in zip(feats, self.channels_last)]
