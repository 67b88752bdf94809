"""VGGish-like audio encoder. At full size its module layout matches torchvggish, so vggish.pth loads."""
import torch
from torch import nn

from ssp_engine import weights


class VGGishLike(nn.Module):
    def __init__(self, channels=(64, 128, 256, 256, 512, 512), fc=4096, embed=128):
        super().__init__()
        layers, cin = [], 1
        # VGGish: conv64-pool, conv128-pool, conv256 x2-pool, conv512 x2-pool.
        for i, cout in enumerate(channels):
            layers += [nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(inplace=True)]
            if i in (0, 1, 3, 5):
                layers.append(nn.MaxPool2d(2, 2))
            cin = cout
        self.features = nn.Sequential(*layers)
        # After four 2x pools, 96x64 becomes 6x4.
        self.embeddings = nn.Sequential(
            nn.Linear(cin * 6 * 4, fc), nn.ReLU(inplace=True), nn.Linear(fc, fc), nn.ReLU(inplace=True),
            nn.Linear(fc, embed), nn.ReLU(inplace=True))

    def forward(self, mel):  # [B, 1, 96, 64] -> [B, embed]
        x = self.features(mel)
        # torchvggish flattens in NHWC order.
        return self.embeddings(x.permute(0, 2, 3, 1).reshape(x.shape[0], -1))

    def load_vggish(self):
        state = weights.load_state_dict(weights.require("vggish"))
        self.load_state_dict({k: v for k, v in state.items() if not k.startswith("pproc")})
