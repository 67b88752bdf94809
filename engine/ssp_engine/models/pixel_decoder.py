"""FPN pixel decoder: 4 backbone scales -> 3 memory levels for the decoder (1/32, 1/16, 1/8) + 1/4 mask features."""
import torch.nn.functional as F
from torch import nn


def conv_gn(cin, cout, k):
    return nn.Sequential(nn.Conv2d(cin, cout, k, padding=k // 2, bias=False), nn.GroupNorm(min(32, cout // 4), cout), nn.ReLU(inplace=True))


class FPNPixelDecoder(nn.Module):
    def __init__(self, in_channels, dim):
        super().__init__()
        self.lateral = nn.ModuleList(conv_gn(c, dim, 1) for c in in_channels)
        self.output = nn.ModuleList(conv_gn(dim, dim, 3) for _ in in_channels)
        self.mask_features = nn.Conv2d(dim, dim, 1)

    def forward(self, feats, prior=None):
        """feats: fine-to-coarse list; prior: optional per-level additive maps (stepping stone)."""
        outs, top = [], None
        for i in reversed(range(len(feats))):
            x = self.lateral[i](feats[i])
            if top is not None:
                x = x + F.interpolate(top, size=x.shape[-2:], mode="nearest")
            if prior is not None:
                x = x + prior[i]
            top = self.output[i](x)
            outs.append(top)
        # outs: coarse-to-fine; the three coarsest feed the decoder, the finest makes mask features.
        return outs[:3], self.mask_features(outs[3])
