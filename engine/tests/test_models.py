import torch

from ssp_engine.build import model_inputs
from ssp_engine.config import MODEL_SIZES, ModelConfig
from ssp_engine.models.decoder import AudioAwareDecoder
from ssp_engine.models.ssp import SSPModel, semantic_scores
from ssp_engine.models.text import VTA, TextCrossAttention

SIZE = (64, 64)


def tiny(**switches):
    return ModelConfig(**{**MODEL_SIZES["tiny"], "vocab_size": 20, **switches})


def inputs(t=2, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randn(t, 3, *SIZE, generator=g), torch.randn(t, 1, 96, 64, generator=g)


def text(t=2, length=12, valid=5, seed=0):
    g = torch.Generator().manual_seed(seed)
    ids = torch.randint(1, 20, (t, 2, length), generator=g)
    mask = (torch.arange(length) < valid).long().expand(t, 2, length).clone()
    return ids, mask


def final(outputs):
    return outputs[-1]


def test_pre_mask_gates_the_input_image_and_only_in_training():
    torch.manual_seed(0)
    model = SSPModel(tiny(pre_mask=True), SIZE).eval()
    frames, mel = inputs()
    gate = torch.randint(0, 3, (2, *SIZE)).float() / 2  # {0, 0.5, 1}
    with torch.no_grad():
        gated = final(model(frames, mel, gate=gate))
        by_hand = final(model(frames * gate[:, None], mel))
    assert all(torch.equal(a, b) for a, b in zip(gated, by_hand))
    batch = {"frames": frames, "mel": mel, "m_pre": gate, "labels": torch.zeros(2, *SIZE, dtype=torch.long)}
    assert torch.equal(model_inputs(model.cfg, batch, training=True)["gate"], gate)
    assert "gate" not in model_inputs(model.cfg, batch, training=False)  # inference never sees GT


def test_audio_conditioned_queries_by_hand():
    dec = AudioAwareDecoder(dim=4, num_queries=3, num_classes=1, layers=1, heads=1, ffn=8)
    audio = torch.tensor([[1.0, 0.0, 2.0, 0.0]])
    q = dec.audio_queries(audio)
    for n in range(3):
        obj = dec.query_feat[n]
        cos = torch.dot(obj, audio[0]) / (obj.norm() * audio[0].norm())
        assert torch.allclose(q[0, n], obj + cos * audio[0], atol=1e-6)


def test_vta_ignores_padding_and_normalises_the_fused_feature():
    torch.manual_seed(0)
    cfg = tiny(text="vta")
    vta = VTA(cfg, out_channels=128).eval()
    z = torch.randn(2, 128, 2, 2)
    frames, _ = inputs()
    ids, mask = text()
    other = ids.clone()
    other[..., 5:] = 7  # only padded positions change
    with torch.no_grad():
        out = vta(z, frames, ids, mask)
        assert torch.allclose(out, vta(z, frames, other, mask), atol=1e-5)
        assert not torch.allclose(out, vta(z, frames, other, torch.ones_like(mask)), atol=1e-3)
    # Eq. 3: Normalize(Z'_V + Align_1 + Align_2) -> zero mean, unit variance over channels per pixel.
    assert torch.allclose(out.mean(1), torch.zeros(2, 2, 2), atol=1e-5)
    assert torch.allclose(out.var(1, unbiased=False), torch.ones(2, 2, 2), atol=1e-3)


def test_vta_runs_two_bert_passes_the_second_over_the_first():
    torch.manual_seed(0)
    vta = VTA(tiny(text="vta"), out_channels=16).eval()
    calls = []
    original = vta.encode
    vta.encode = lambda *a: calls.append(a) or original(*a)
    frames, _ = inputs()
    ids, mask = text()
    with torch.no_grad():
        vta.align(ids[:, 0], mask[:, 0], vta.visual_tokens(frames))
    assert len(calls) == 2
    (seq1, unified1, cross1, _), (seq2, unified2, cross2, cross_mask2) = calls
    assert torch.equal(unified1, unified2) and unified1.shape[1] == 12 + cross1.shape[1]
    assert torch.equal(unified1[:, :12], mask[:, 0])  # unified = concat(attmask_A, attmask_V)
    with torch.no_grad():
        assert torch.equal(cross2, original(seq1, unified1, cross1, torch.ones(cross1.shape[:2], dtype=torch.long)))
    assert torch.equal(cross_mask2, unified1)


def test_att_alternative_ignores_padding():
    torch.manual_seed(0)
    att = TextCrossAttention(tiny(text="att"), out_channels=16).eval()
    z = torch.randn(2, 16, 2, 2)
    ids, mask = text()
    other = ids.clone()
    other[..., 5:] = 3
    with torch.no_grad():
        assert torch.allclose(att(z, None, ids, mask), att(z, None, other, mask), atol=1e-6)


def test_semantic_scores_by_hand():
    cls = torch.tensor([[[1.0, 0.0, -1.0], [0.0, 2.0, 0.0]]])  # 2 queries, K = 2 (+ no object)
    masks = torch.tensor([[[[0.0]], [[1.0]]]])
    scores = semantic_scores(cls, masks, (1, 1))
    p = cls.softmax(-1)[0]
    s = torch.tensor([0.5, torch.sigmoid(torch.tensor(1.0))])
    assert torch.allclose(scores[0, :, 0, 0], p[0, :2] * s[0] + p[1, :2] * s[1], atol=1e-6)


def test_blip_text_encoder_equals_transformers_blip_where_its_cross_mask_is_all_ones():
    """Same weights in transformers' BlipTextModel (whose cross-attention ignores its mask, hence all-ones here)."""
    from transformers import BlipTextConfig, BlipTextModel

    from ssp_engine.models.bert import BlipTextEncoder

    torch.manual_seed(0)
    ours = BlipTextEncoder(dim=32, heads=2, layers=2, cross_dim=24).eval()
    ref = BlipTextModel(BlipTextConfig(vocab_size=5, hidden_size=32, encoder_hidden_size=24, intermediate_size=128,
                                       num_hidden_layers=2, num_attention_heads=2, max_position_embeddings=512),
                        add_pooling_layer=False).eval()
    missing, unexpected = ref.load_state_dict(ours.state_dict(), strict=False)
    assert not unexpected and set(missing) <= {"embeddings.word_embeddings.weight", "embeddings.position_ids"}
    x, cross = torch.randn(2, 7, 32), torch.randn(2, 5, 24)
    mask = torch.tensor([[1] * 7, [1] * 4 + [0] * 3])
    with torch.no_grad():
        got = ours(x, mask, cross, torch.ones(2, 5, dtype=torch.long))
        want = ref(inputs_embeds=x.clone(), attention_mask=mask, encoder_hidden_states=cross).last_hidden_state
    assert torch.allclose(got, want, atol=1e-5)
