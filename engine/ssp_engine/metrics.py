"""AVSBench metrics.

Binary (S4/MS3), per frame as the official evaluation: IoU of sigmoid > 0.5 with eps 1e-7 (an empty GT scores the
share of pixels where both are empty); F-score with beta^2 = 0.3 over 255 thresholds, frames with empty GT skipped,
F(t) averaged over frames, max over t.
Semantic (AVSS): per-class intersection/union and TP/FP/FN accumulated over the set; mIoU and F-score averaged over
the classes that occur (in GT or prediction).
"""
import torch

BETA2 = 0.3


def binary_iou(prob, gt):
    """prob, gt: [T, H, W]; -> per-frame IoU [T]."""
    pred = prob > 0.5
    gt = gt > 0
    inter = (pred & gt).flatten(1).sum(1).float()
    union = (pred | gt).flatten(1).sum(1).float()
    iou = inter / (union + 1e-7)
    empty = gt.flatten(1).sum(1) == 0
    both_empty = (~pred & ~gt).flatten(1).float().mean(1)
    return torch.where(empty, both_empty, iou)


def binary_fscore_curves(prob, gt, steps=255):
    """-> (F(t) per frame [T', steps] for frames with non-empty GT)."""
    gt = (gt > 0).flatten(1).float()
    keep = gt.sum(1) > 0
    prob, gt = prob.flatten(1)[keep], gt[keep]
    thresholds = torch.linspace(0, 1 - 1e-10, steps)
    pred = (prob[:, None, :] >= thresholds[None, :, None]).float()
    tp = (pred * gt[:, None]).sum(-1)
    precision = tp / (pred.sum(-1) + 1e-20)
    recall = tp / (gt.sum(-1)[:, None] + 1e-20)
    f = (1 + BETA2) * precision * recall / (BETA2 * precision + recall)
    return torch.nan_to_num(f, nan=0.0)


class BinaryMeter:
    def __init__(self):
        self.ious, self.curves = [], []

    def update(self, prob, gt):
        self.ious.append(binary_iou(prob, gt))
        self.curves.append(binary_fscore_curves(prob, gt))

    def result(self):
        ious = torch.cat(self.ious)
        curves = torch.cat(self.curves)
        f = curves.mean(0).max().item() if curves.shape[0] else float("nan")
        return {"mIoU": ious.mean().item(), "fscore": f, "frames": int(ious.numel())}


class SemanticMeter:
    def __init__(self, num_classes):
        self.k = num_classes
        self.tp = torch.zeros(num_classes)
        self.fp = torch.zeros(num_classes)
        self.fn = torch.zeros(num_classes)

    def update(self, pred, gt):
        """pred, gt: class indices [T, H, W]; gt 255 = ignore."""
        keep = gt < self.k
        pred, gt = pred[keep], gt[keep]
        self.tp += torch.bincount(gt[pred == gt], minlength=self.k).float()
        self.fp += torch.bincount(pred[pred != gt], minlength=self.k).float()
        self.fn += torch.bincount(gt[pred != gt], minlength=self.k).float()

    def result(self):
        present = (self.tp + self.fn + self.fp) > 0
        iou = self.tp / (self.tp + self.fp + self.fn).clamp_min(1e-7)
        precision = self.tp / (self.tp + self.fp).clamp_min(1e-7)
        recall = self.tp / (self.tp + self.fn).clamp_min(1e-7)
        f = torch.nan_to_num((1 + BETA2) * precision * recall / (BETA2 * precision + recall))
        return {"mIoU": iou[present].mean().item(), "fscore": f[present].mean().item(), "classes": int(present.sum())}
