"""Text branch: VTA (visual-textual alignment, SSP) and the plain cross-attention ("att") alternative.

Both fuse the two answers A1/A2 into the last encoder feature Z'_V [BT, C4, h, w]:
  VTA:  Z'_V <- Normalize(Z'_V + Align_1 + Align_2)  (Eq. 3), Align_i = VTA(A_i, CLIP(V)).
  att:  Z'_V <- Normalize(Z'_V + CrossAttn(Z'_V, tokens(A1, A2))).
Normalize is a per-pixel LayerNorm over channels.
"""
import torch
import torch.nn.functional as F
from torch import nn
from transformers import CLIPVisionConfig, CLIPVisionModel

from ssp_engine import weights
from ssp_engine.data.dataset import PIXEL_MEAN, PIXEL_STD
from ssp_engine.models.bert import BlipTextEncoder
from ssp_engine.models.decoder import MLP

CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)


class ChannelNorm(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.norm = nn.LayerNorm(dim)

    def forward(self, x):  # [B, C, h, w]
        return self.norm(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)


class TokenEncoder(nn.Module):
    """(Z_A, attmask_A) = MLP(embedding(tokenizer(A)))."""

    def __init__(self, vocab, dim):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.mlp = MLP(dim, dim, dim, 2)

    def forward(self, ids):
        return self.mlp(self.embed(ids))


class VTA(nn.Module):
    def __init__(self, cfg, out_channels):
        super().__init__()
        self.clip_image = cfg.clip_image
        self.grid = cfg.clip_image // cfg.clip_patch
        self.clip = self._clip(cfg)
        # Only the patch tokens are used; the pooled CLS head would be a parameter without gradient (DDP refuses it).
        self.clip.post_layernorm = nn.Identity()
        self.visual_mlp = MLP(cfg.clip_hidden, cfg.text_hidden, cfg.text_hidden, 2)
        self.tokens = TokenEncoder(cfg.vocab_size, cfg.text_hidden)
        self.bert = self._bert(cfg)
        self.out_mlp = MLP(cfg.text_hidden, cfg.text_hidden, out_channels, 2)
        self.out_norm = ChannelNorm(out_channels)
        self.fuse_norm = ChannelNorm(out_channels)
        self.register_buffer("renorm_scale", torch.tensor(PIXEL_STD).div(255.0).div(torch.tensor(CLIP_STD))[None, :, None, None], persistent=False)
        self.register_buffer("renorm_shift", (torch.tensor(PIXEL_MEAN).div(255.0) - torch.tensor(CLIP_MEAN)).div(torch.tensor(CLIP_STD))[None, :, None, None], persistent=False)

    @staticmethod
    def _clip(cfg):
        if cfg.pretrained:
            return CLIPVisionModel.from_pretrained(str(weights.require("clip-vision")), local_files_only=True)
        return CLIPVisionModel(CLIPVisionConfig(
            hidden_size=cfg.clip_hidden, intermediate_size=4 * cfg.clip_hidden, num_hidden_layers=cfg.clip_layers,
            num_attention_heads=cfg.clip_heads, image_size=cfg.clip_image, patch_size=cfg.clip_patch))

    @staticmethod
    def _bert(cfg):
        model = BlipTextEncoder(cfg.text_hidden, cfg.text_heads, cfg.text_layers)
        if cfg.pretrained:
            state = weights.load_state_dict(weights.require("blip-text") / "model.safetensors")
            wanted = set(model.state_dict())
            found = {k.removeprefix("text_encoder."): v for k, v in state.items() if k.startswith("text_encoder.")}
            missing = wanted - set(found)
            if missing:
                raise ValueError(f"blip-text/model.safetensors lacks text encoder weights {sorted(missing)[:5]}...")
            model.load_state_dict({k: found[k] for k in wanted})
        return model

    def visual_tokens(self, frames):
        """Mask2Former-normalised frames -> CLIP-normalised -> Z_V [BT, P, D] (CLS token dropped)."""
        x = frames * self.renorm_scale + self.renorm_shift
        x = F.interpolate(x, size=(self.clip_image, self.clip_image), mode="bilinear", align_corners=False)
        return self.visual_mlp(self.clip(pixel_values=x).last_hidden_state[:, 1:])

    def encode(self, seq, mask, cross, cross_mask):
        return self.bert(seq, mask, cross, cross_mask)

    def align(self, ids, mask, z_v):
        """One answer: two BERT passes with the unified mask; returns the visual part as a map [BT, C4, g, g]."""
        z_a = self.tokens(ids)
        mask_v = torch.ones(z_v.shape[:2], dtype=mask.dtype, device=mask.device)
        unified = torch.cat([mask, mask_v], 1)
        seq = torch.cat([z_a, z_v], 1)
        first = self.encode(seq, unified, z_v, mask_v)
        second = self.encode(seq, unified, first, unified)
        out = self.out_mlp(second[:, ids.shape[1]:])
        out = out.transpose(1, 2).reshape(out.shape[0], out.shape[2], self.grid, self.grid)
        return self.out_norm(out)

    def forward(self, z, frames, ids, mask):
        """z: [BT, C4, h, w]; ids/mask: [BT, 2, L] for (A1, A2)."""
        z_v = self.visual_tokens(frames)
        fused = z
        for a in range(2):
            fused = fused + F.interpolate(self.align(ids[:, a], mask[:, a], z_v), size=z.shape[-2:], mode="bilinear", align_corners=False)
        return self.fuse_norm(fused)


class TextCrossAttention(nn.Module):
    """The 'att' ablation: pixels of Z'_V attend to the token features of both answers."""

    def __init__(self, cfg, out_channels):
        super().__init__()
        self.tokens = TokenEncoder(cfg.vocab_size, cfg.text_hidden)
        heads = max(h for h in (8, 4, 2, 1) if out_channels % h == 0)
        self.attn = nn.MultiheadAttention(out_channels, heads, kdim=cfg.text_hidden, vdim=cfg.text_hidden, batch_first=True)
        self.norm = ChannelNorm(out_channels)

    def forward(self, z, frames, ids, mask):
        b, c, h, w = z.shape
        tokens = self.tokens(ids.flatten(1))
        q = z.flatten(2).transpose(1, 2)
        att = self.attn(q, tokens, tokens, key_padding_mask=mask.flatten(1) == 0, need_weights=False)[0]
        return self.norm(z + att.transpose(1, 2).reshape(b, c, h, w))
