"""BLIP's text encoder: BERT layers with cross-attention, written out so the masks are ours to apply.

transformers' BlipTextModel (5.x) drops encoder_attention_mask inside its cross-attention, and VTA's second pass
must not attend to padded answer tokens. Module names follow BLIP's `text_encoder.*` state dict, so the
pretrained weights load unchanged (word embeddings excepted: VTA feeds token features, not ids).
"""
import math

import torch
import torch.nn.functional as F
from torch import nn

MASKED = -1e4  # additive score for masked keys (BERT's value); exp() underflows to exactly 0 in float32


class SelfAttention(nn.Module):
    def __init__(self, dim, heads, kv_dim):
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(dim, dim)
        self.key = nn.Linear(kv_dim, dim)
        self.value = nn.Linear(kv_dim, dim)

    def forward(self, x, kv, mask):
        """x [B, L, D], kv [B, S, Dkv], mask [B, S] (1 = attend)."""
        b = x.shape[0]
        split = lambda t: t.reshape(b, t.shape[1], self.heads, -1).transpose(1, 2)  # noqa: E731
        q, k, v = split(self.query(x)), split(self.key(kv)), split(self.value(kv))
        scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1]) + (1.0 - mask[:, None, None, :].to(q.dtype)) * MASKED
        return (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, x.shape[1], -1)


class Output(nn.Module):
    def __init__(self, cin, dim, eps):
        super().__init__()
        self.dense = nn.Linear(cin, dim)
        self.LayerNorm = nn.LayerNorm(dim, eps=eps)

    def forward(self, x, residual):
        return self.LayerNorm(self.dense(x) + residual)


class Attention(nn.Module):
    def __init__(self, dim, heads, kv_dim, eps):
        super().__init__()
        self.self = SelfAttention(dim, heads, kv_dim)
        self.output = Output(dim, dim, eps)

    def forward(self, x, kv, mask):
        return self.output(self.self(x, kv, mask), x)


class Intermediate(nn.Module):
    def __init__(self, dim, ffn):
        super().__init__()
        self.dense = nn.Linear(dim, ffn)

    def forward(self, x):
        return F.gelu(self.dense(x))


class Layer(nn.Module):
    def __init__(self, dim, heads, ffn, cross_dim, eps):
        super().__init__()
        self.attention = Attention(dim, heads, dim, eps)
        self.crossattention = Attention(dim, heads, cross_dim, eps)
        self.intermediate = Intermediate(dim, ffn)
        self.output = Output(ffn, dim, eps)

    def forward(self, x, mask, cross, cross_mask):
        x = self.attention(x, x, mask)
        x = self.crossattention(x, cross, cross_mask)
        return self.output(self.intermediate(x), x)


class Embeddings(nn.Module):
    def __init__(self, dim, max_positions, eps):
        super().__init__()
        self.position_embeddings = nn.Embedding(max_positions, dim)
        self.LayerNorm = nn.LayerNorm(dim, eps=eps)

    def forward(self, x):
        positions = torch.arange(x.shape[1], device=x.device)
        return self.LayerNorm(x + self.position_embeddings(positions)[None])


class Encoder(nn.Module):
    def __init__(self, dim, heads, ffn, layers, cross_dim, eps):
        super().__init__()
        self.layer = nn.ModuleList(Layer(dim, heads, ffn, cross_dim, eps) for _ in range(layers))


class BlipTextEncoder(nn.Module):
    def __init__(self, dim, heads, layers, ffn=None, cross_dim=None, max_positions=512, eps=1e-12):
        super().__init__()
        self.embeddings = Embeddings(dim, max_positions, eps)
        self.encoder = Encoder(dim, heads, ffn or 4 * dim, layers, cross_dim or dim, eps)

    def forward(self, embeds, mask, cross, cross_mask):
        """embeds [B, L, D] with mask [B, L]; cross [B, S, Dc] with cross_mask [B, S] -> [B, L, D]."""
        x = self.embeddings(embeds)
        for layer in self.encoder.layer:
            x = layer(x, mask, cross, cross_mask)
        return x
