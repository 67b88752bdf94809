import math

import pytest
import torch

from ssp_engine.config import LossWeights
from ssp_engine.losses import dice_loss, frame_targets, match, pairwise_costs, post_mask_loss, set_loss, total_loss


def sig(x):
    return 1 / (1 + math.exp(-x))


def bce(x, t):
    return -(t * math.log(sig(x)) + (1 - t) * math.log(1 - sig(x)))


def test_dice_by_hand():
    logits = torch.tensor([[0.0, 2.0, -1.0, 3.0]])
    target = torch.tensor([[1.0, 1.0, 0.0, 0.0]])
    p = [sig(v) for v in (0.0, 2.0, -1.0, 3.0)]
    expected = 1 - (2 * (p[0] + p[1]) + 1) / (sum(p) + 2 + 1)
    assert dice_loss(logits, target).item() == pytest.approx(expected, rel=1e-6)


def test_pairwise_costs_equal_per_pair_losses():
    torch.manual_seed(0)
    logits, targets = torch.randn(3, 10), (torch.rand(2, 10) > 0.5).float()
    bce_m, dice_m = pairwise_costs(logits, targets)
    for q in range(3):
        for t in range(2):
            direct = sum(bce(logits[q, i].item(), targets[t, i].item()) for i in range(10)) / 10
            assert bce_m[q, t].item() == pytest.approx(direct, rel=1e-5)
            assert dice_m[q, t].item() == pytest.approx(dice_loss(logits[q:q + 1], targets[t:t + 1]).item(), rel=1e-5)


def test_matching_assigns_the_obvious_queries():
    w = LossWeights()
    masks = torch.zeros(2, 4, 4)
    masks[0, :2] = 1
    masks[1, 2:] = 1
    mask_logits = torch.stack([masks[1] * 20 - 10, -10 * torch.ones(4, 4), masks[0] * 20 - 10])
    class_logits = torch.zeros(3, 4)
    q, t = match(class_logits, mask_logits, torch.tensor([1, 2]), masks, w)
    assert dict(zip(t.tolist(), q.tolist())) == {0: 2, 1: 0}


def test_set_loss_by_hand_for_one_frame():
    """Binary task, 2 queries; query 1 matches the object. Every term recomputed from scalars."""
    w = LossWeights()
    labels = torch.tensor([[[0, 1], [1, 0]]])
    mask_logits = torch.tensor([[[[-1.0, -1.0], [-1.0, -1.0]], [[-2.0, 3.0], [1.0, -0.5]]]])
    class_logits = torch.tensor([[[0.2, 0.1], [1.0, -1.0]]])
    out = set_loss(class_logits, mask_logits, labels, 1, w)
    tgt = [0, 1, 1, 0]
    vals = [-2.0, 3.0, 1.0, -0.5]
    assert out["mask"].item() == pytest.approx(sum(bce(v, t) for v, t in zip(vals, tgt)) / 4, rel=1e-5)
    p = [sig(v) for v in vals]
    assert out["dice"].item() == pytest.approx(1 - (2 * (p[1] + p[2]) + 1) / (sum(p) + 2 + 1), rel=1e-5)
    # CE: query 0 -> no-object (weight 0.1), query 1 -> class 0 (weight 1); weighted mean.
    ce0 = -math.log(math.exp(0.1) / (math.exp(0.2) + math.exp(0.1)))
    ce1 = -math.log(math.exp(1.0) / (math.exp(1.0) + math.exp(-1.0)))
    assert out["cls"].item() == pytest.approx((0.1 * ce0 + ce1) / 1.1, rel=1e-5)


def test_post_mask_loss_and_total_weights():
    """Two queries; a pixel is foreground unless no query claims it: fg = 1 - prod_q (1 - P(sounding_q) sigmoid(m_q))."""
    class_logits = torch.tensor([[[2.0, 0.0], [-1.0, 0.5]]])
    mask_logits = torch.tensor([[[[1.0, -1.0], [0.5, 0.0]], [[3.0, 0.0], [-2.0, 1.0]]]])
    m_post = torch.tensor([[[1.0, 0.0], [0.0, 1.0]]])
    pc = [math.exp(2) / (math.exp(2) + 1), math.exp(-1) / (math.exp(-1) + math.exp(0.5))]
    flat = [(1.0, -1.0, 0.5, 0.0), (3.0, 0.0, -2.0, 1.0)]
    fg = [1 - (1 - pc[0] * sig(a)) * (1 - pc[1] * sig(b)) for a, b in zip(*flat)]
    expected = -sum(t * math.log(f) + (1 - t) * math.log(1 - f) for f, t in zip(fg, (1, 0, 0, 1))) / 4
    assert post_mask_loss(class_logits, mask_logits, m_post, 1).item() == pytest.approx(expected, rel=1e-5)
    # AVSS: class 0 is background and does not claim the pixel as a sounding object.
    sem = torch.tensor([[[0.0, 1.0, 2.0, -1.0]]])
    p_sounding = (math.exp(1) + math.exp(2)) / (1 + math.exp(1) + math.exp(2) + math.exp(-1))
    fg1 = p_sounding * sig(1.0)
    got = post_mask_loss(sem, torch.ones(1, 1, 1, 1), torch.ones(1, 1, 1), 3).item()
    assert got == pytest.approx(-math.log(fg1), rel=1e-5)
    batch = {"labels": m_post.long(), "m_post": m_post, "labeled": torch.tensor([True])}
    w = LossWeights()
    total, terms = total_loss([(class_logits, mask_logits)], batch, 1, w, use_post=True)
    want = 5 * terms["mask"] + 5 * terms["dice"] + 2 * terms["cls"] + 10 * terms["post"]
    assert total.item() == pytest.approx(want.item(), rel=1e-6)
    total_np, terms_np = total_loss([(class_logits, mask_logits)], batch, 1, w, use_post=False)
    assert "post" not in terms_np and total_np.item() == pytest.approx((want - 10 * terms["post"]).item(), rel=1e-6)


def test_semantic_targets_skip_ignore_label():
    labels = torch.tensor([[0, 3], [255, 3]])
    classes, masks = frame_targets(labels, 5)
    assert classes.tolist() == [0, 3]
    assert masks[1].tolist() == [[0, 1], [0, 1]]


def test_unannotated_frames_do_not_count():
    """A second frame labelled all-255 (not annotated) leaves every term as for the annotated frame alone."""
    torch.manual_seed(0)
    class_logits, mask_logits = torch.randn(2, 3, 2), torch.randn(2, 3, 4, 4)
    labels = torch.stack([(torch.rand(4, 4) > 0.5).long(), torch.full((4, 4), 255)])
    m_post = torch.rand(2, 4, 4).round()
    both = {"labels": labels, "m_post": m_post, "labeled": torch.tensor([True, False])}
    one = {"labels": labels[:1], "m_post": m_post[:1], "labeled": torch.tensor([True])}
    w = LossWeights()
    total2, terms2 = total_loss([(class_logits, mask_logits)], both, 1, w, use_post=True)
    total1, terms1 = total_loss([(class_logits[:1], mask_logits[:1])], one, 1, w, use_post=True)
    assert total2.item() == pytest.approx(total1.item(), rel=1e-6)
    assert {k: v.item() for k, v in terms2.items()} == pytest.approx({k: v.item() for k, v in terms1.items()}, rel=1e-6)
    none = {**both, "labeled": torch.tensor([False, False])}
    assert total_loss([(class_logits, mask_logits)], none, 1, w, use_post=True)[0].item() == 0.0
