"""Audio-aware Mask2Former-style transformer decoder.

Object queries Q_obj (N x C) become per-frame queries through the audio: their cosine similarity with the
frame's audio feature Z_A weights an einsum that injects Z_A into each query (AAVS). Each layer: masked
cross-attention to one memory level (round robin 1/32, 1/16, 1/8), self-attention, FFN; heads after every
layer give class logits (K + 1, last = no object) and mask logits at 1/4 resolution.
"""
import math

import torch
import torch.nn.functional as F
from torch import nn


def sine_position(h, w, dim, device):
    """2-D sine embedding [h*w, dim] (DETR style, normalised coordinates)."""
    quarter = dim // 4
    freq = 1.0 / (10000 ** (torch.arange(quarter, device=device, dtype=torch.float32) / quarter))
    ys = (torch.arange(h, device=device, dtype=torch.float32) + 0.5) / h * 2 * math.pi
    xs = (torch.arange(w, device=device, dtype=torch.float32) + 0.5) / w * 2 * math.pi
    y = ys[:, None] * freq[None]
    x = xs[:, None] * freq[None]
    y = torch.cat([y.sin(), y.cos()], -1)[:, None, :].expand(h, w, 2 * quarter)
    x = torch.cat([x.sin(), x.cos()], -1)[None, :, :].expand(h, w, 2 * quarter)
    return torch.cat([y, x], -1).reshape(h * w, 4 * quarter)


class MLP(nn.Module):
    def __init__(self, cin, hidden, cout, layers):
        super().__init__()
        dims = [cin] + [hidden] * (layers - 1) + [cout]
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(dims[:-1], dims[1:]))

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < len(self.layers) - 1:
                x = F.relu(x)
        return x


class DecoderLayer(nn.Module):
    def __init__(self, dim, heads, ffn):
        super().__init__()
        self.cross = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.self_attn = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.ffn = nn.Sequential(nn.Linear(dim, ffn), nn.ReLU(inplace=True), nn.Linear(ffn, dim))
        self.norms = nn.ModuleList(nn.LayerNorm(dim) for _ in range(3))

    def forward(self, q, qpos, memory, mpos, attn_mask):
        q = self.norms[0](q + self.cross(q + qpos, memory + mpos, memory, attn_mask=attn_mask, need_weights=False)[0])
        k = q + qpos
        q = self.norms[1](q + self.self_attn(k, k, q, need_weights=False)[0])
        return self.norms[2](q + self.ffn(q))


class AudioAwareDecoder(nn.Module):
    def __init__(self, dim, num_queries, num_classes, layers, heads, ffn):
        super().__init__()
        self.heads = heads
        self.query_feat = nn.Parameter(torch.randn(num_queries, dim) * 0.02)
        self.query_pos = nn.Parameter(torch.randn(num_queries, dim) * 0.02)
        self.level_embed = nn.Parameter(torch.zeros(3, dim))
        self.layers = nn.ModuleList(DecoderLayer(dim, heads, ffn) for _ in range(layers))
        self.norm = nn.LayerNorm(dim)
        self.class_embed = nn.Linear(dim, num_classes + 1)
        self.mask_embed = MLP(dim, dim, dim, 3)

    def audio_queries(self, audio):
        """[BT, C] audio -> [BT, N, C] queries: Q_obj + cos(Q_obj, Z_A) * Z_A."""
        sim = F.normalize(audio, dim=-1) @ F.normalize(self.query_feat, dim=-1).t()
        return self.query_feat[None] + torch.einsum("bn,bc->bnc", sim, audio)

    def predict(self, q, mask_features, level_size):
        q = self.norm(q)
        masks = torch.einsum("bqc,bchw->bqhw", self.mask_embed(q), mask_features)
        # Next layer attends only where this prediction says "object" (sigmoid >= 0.5).
        small = F.interpolate(masks, size=level_size, mode="bilinear", align_corners=False)
        blocked = (small.sigmoid() < 0.5).flatten(2)
        blocked = blocked & ~blocked.all(-1, keepdim=True)  # a query blocked everywhere sees everything
        blocked = blocked.repeat_interleave(self.heads, dim=0)
        return self.class_embed(q), masks, blocked

    def forward(self, memories, mask_features, audio):
        bt = audio.shape[0]
        flat, pos, sizes = [], [], []
        for i, m in enumerate(memories):
            h, w = m.shape[-2:]
            sizes.append((h, w))
            flat.append(m.flatten(2).transpose(1, 2) + self.level_embed[i])
            pos.append(sine_position(h, w, m.shape[1], m.device)[None])
        q = self.audio_queries(audio)
        qpos = self.query_pos[None].expand(bt, -1, -1)
        outputs = []
        logits, masks, blocked = self.predict(q, mask_features, sizes[0])
        outputs.append((logits, masks))
        for i, layer in enumerate(self.layers):
            lvl = i % 3
            q = layer(q, qpos, flat[lvl], pos[lvl], blocked)
            logits, masks, blocked = self.predict(q, mask_features, sizes[(i + 1) % 3])
            outputs.append((logits, masks))
        return outputs  # last entry = final prediction, the rest = deep supervision
