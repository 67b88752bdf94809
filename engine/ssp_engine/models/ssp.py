"""The AAVS baseline with the SSP switches (pre-mask gating, text branch, stepping-stone prior)."""
import torch
import torch.nn.functional as F
from torch import nn

from ssp_engine.models.audio import VGGishLike
from ssp_engine.models.backbone import Backbone
from ssp_engine.models.decoder import AudioAwareDecoder
from ssp_engine.models.pixel_decoder import FPNPixelDecoder
from ssp_engine.models.text import VTA, TextCrossAttention


class SSPModel(nn.Module):
    def __init__(self, cfg, image_size):
        super().__init__()
        self.cfg = cfg
        self.backbone = Backbone(cfg.backbone, cfg.backbone_kwargs, cfg.pretrained, image_size)
        self.audio = VGGishLike(cfg.audio_channels, cfg.audio_fc, cfg.audio_embed)
        if cfg.pretrained:
            self.audio.load_vggish()
        self.audio_proj = nn.Linear(cfg.audio_embed, cfg.hidden_dim)
        c4 = self.backbone.channels[-1]
        self.text = {"none": None, "vta": VTA, "att": TextCrossAttention}[cfg.text]
        self.text = self.text(cfg, c4) if self.text is not None else None
        # Stepping stone (AAVS stage 2): the binary prior enters every FPN level through a 1x1 conv.
        self.prior_proj = nn.ModuleList(nn.Conv2d(1, cfg.hidden_dim, 1) for _ in range(4)) if cfg.stepping_stone else None
        self.pixel_decoder = FPNPixelDecoder(self.backbone.channels, cfg.hidden_dim)
        self.decoder = AudioAwareDecoder(cfg.hidden_dim, cfg.num_queries, cfg.num_classes, cfg.dec_layers, cfg.nheads, cfg.dim_feedforward)

    def forward(self, frames, mel, text_ids=None, text_mask=None, gate=None, prior=None):
        """All inputs are per frame (leading dim BT). gate: M_Pre [BT,H,W] (training only).
        Returns the decoder outputs: list of (class logits [BT,N,K+1], mask logits [BT,N,H/4,W/4])."""
        if gate is not None:
            frames = frames * gate[:, None]
        feats = self.backbone(frames)
        if self.text is not None:
            feats[-1] = self.text(feats[-1], frames, text_ids, text_mask)
        prior_maps = None
        if self.prior_proj is not None:
            prior_maps = [proj(F.interpolate(prior, size=f.shape[-2:], mode="bilinear", align_corners=False))
                          for proj, f in zip(self.prior_proj, feats)]
        memories, mask_features = self.pixel_decoder(feats, prior_maps)
        audio = self.audio_proj(self.audio(mel))
        return self.decoder(memories, mask_features, audio)


def semantic_scores(class_logits, mask_logits, size):
    """Mask2Former semantic inference: p[k] = sum_q softmax(cls_q)[k] * sigmoid(mask_q); -> [BT, K, H, W]."""
    probs = class_logits.softmax(-1)[..., :-1]
    masks = F.interpolate(mask_logits, size=size, mode="bilinear", align_corners=False).sigmoid()
    return torch.einsum("bqk,bqhw->bkhw", probs, masks)


def log_background(class_logits, mask_logits, size, num_classes):
    """log P(no sounding object at a pixel) [BT, H, W], noisy-OR over queries: each query q claims the pixel with
    s_q = P(q has a sounding class) * sigmoid(mask_q); sounding = every class for binary AVS, all but background (0)
    for AVSS. Unlike the summed semantic scores this stays a probability, so BCE on it keeps its gradient."""
    first = 0 if num_classes == 1 else 1
    sounding = class_logits.softmax(-1)[..., first:-1].sum(-1)
    masks = F.interpolate(mask_logits, size=size, mode="bilinear", align_corners=False)
    # log(1 - p * sigmoid(m)) = log(1 - p + p * sigmoid(-m)), computed without cancelling 1 - 1.
    return torch.log1p(-sounding[..., None, None] * masks.sigmoid()).sum(1).clamp(max=-1e-7)


def foreground_prob(class_logits, mask_logits, size, num_classes):
    # 1 - exp rather than -expm1: ONNX has no expm1, and a probability needs no relative precision near 0.
    return 1 - torch.exp(log_background(class_logits, mask_logits, size, num_classes))
