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


def foreground(scores, num_classes):
    """Sounding-object probability: all classes for binary AVS, every class but background (0) for AVSS."""
    first = 0 if num_classes == 1 else 1
    return scores[:, first:].sum(1).clamp(1e-6, 1 - 1e-6)


def scores_to_logits(scores):
    p = scores.clamp(1e-6, 1 - 1e-6)
    return torch.log(p) - torch.log1p(-p)
