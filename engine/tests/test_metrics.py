import numpy as np
import pytest
import torch

from ssp_engine.metrics import BinaryMeter, SemanticMeter, binary_iou


def test_binary_iou_by_hand_including_empty_gt():
    prob = torch.tensor([[[0.9, 0.9], [0.1, 0.6]], [[0.2, 0.7], [0.1, 0.1]]])
    gt = torch.tensor([[[1, 0], [0, 1]], [[0, 0], [0, 0]]])
    iou = binary_iou(prob, gt)
    assert iou[0].item() == pytest.approx(2 / 3, rel=1e-6)
    assert iou[1].item() == pytest.approx(3 / 4)  # empty GT: share of pixels empty in both


def test_fscore_matches_a_plain_loop():
    rng = np.random.default_rng(1)
    prob = rng.random((3, 6, 6)).astype(np.float32)
    gt = (rng.random((3, 6, 6)) > 0.6).astype(np.int64)
    gt[2] = 0  # skipped frame
    meter = BinaryMeter()
    meter.update(torch.from_numpy(prob), torch.from_numpy(gt))
    best = 0.0
    for th in np.linspace(0, 1 - 1e-10, 255):
        fs = []
        for f in range(2):
            pred = prob[f] >= th
            tp = (pred & (gt[f] > 0)).sum()
            p, r = tp / (pred.sum() + 1e-20), tp / (gt[f].sum() + 1e-20)
            fs.append(0.0 if p + r == 0 else 1.3 * p * r / (0.3 * p + r))
        best = max(best, float(np.mean(fs)))
    assert meter.result()["fscore"] == pytest.approx(best, rel=1e-5)


def test_semantic_meter_accumulates_per_class():
    m = SemanticMeter(3)
    m.update(torch.tensor([[0, 1], [1, 1]]), torch.tensor([[0, 1], [2, 255]]))
    r = m.result()
    # class 0: tp1 -> iou 1; class 1: tp1 fp1 -> 0.5; class 2: fn1 -> 0.
    assert r["mIoU"] == pytest.approx(0.5)
    # F: class0 1, class1 p=.5 r=1 -> 1.3*.5/(.15+1), class2 0.
    assert r["fscore"] == pytest.approx((1 + 0.65 / 1.15) / 3, rel=1e-5)
