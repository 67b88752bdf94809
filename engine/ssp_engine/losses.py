"""Mask2Former set loss (Hungarian matching) + SSP post-mask loss.

L = w_mask * BCE + w_dice * Dice + w_cls * CE(class, no-object weighted) [each over every decoder layer]
    + w_post * BCE(foreground, M_Post) [final layer]  (paper: 5, 5, 2, 10).
"""
import torch
import torch.nn.functional as F
from scipy.optimize import linear_sum_assignment

from ssp_engine.models.ssp import log_background


def dice_loss(logits, targets):
    """Per pair: 1 - (2 sum(p t) + 1) / (sum p + sum t + 1); logits/targets [M, P]."""
    p = logits.sigmoid()
    return 1 - (2 * (p * targets).sum(-1) + 1) / (p.sum(-1) + targets.sum(-1) + 1)


def pairwise_costs(logits, targets):
    """[Q, P] x [M, P] -> BCE and Dice cost matrices [Q, M]."""
    pos = F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits), reduction="none")
    neg = F.binary_cross_entropy_with_logits(logits, torch.zeros_like(logits), reduction="none")
    bce = (pos @ targets.t() + neg @ (1 - targets).t()) / logits.shape[1]
    p = logits.sigmoid()
    dice = 1 - (2 * p @ targets.t() + 1) / (p.sum(-1)[:, None] + targets.sum(-1)[None] + 1)
    return bce, dice


def frame_targets(labels, num_classes):
    """labels [H, W] -> (classes [M], masks [M, H, W]); binary AVS: class 0 = the sounding object."""
    if num_classes == 1:
        if (labels == 1).any():
            return torch.zeros(1, dtype=torch.long, device=labels.device), (labels == 1)[None].float()
        return torch.zeros(0, dtype=torch.long, device=labels.device), labels.new_zeros((0, *labels.shape)).float()
    classes = torch.unique(labels)
    classes = classes[classes < num_classes]  # drops 255 (ignore)
    return classes, (labels[None] == classes[:, None, None]).float()


@torch.no_grad()
def match(class_logits, mask_logits, classes, masks, w):
    """Hungarian matching for one frame; returns (query indices, target indices)."""
    if classes.numel() == 0:
        return torch.zeros(0, dtype=torch.long), torch.zeros(0, dtype=torch.long)
    cost_cls = -class_logits.softmax(-1)[:, classes]
    bce, dice = pairwise_costs(mask_logits.flatten(1), masks.flatten(1))
    cost = w.cls * cost_cls + w.mask * bce + w.dice * dice
    q, t = linear_sum_assignment(cost.cpu().numpy())
    return torch.as_tensor(q, dtype=torch.long), torch.as_tensor(t, dtype=torch.long)


def set_loss(class_logits, mask_logits, labels, num_classes, w):
    """One decoder layer. class_logits [BT,N,K+1], mask_logits [BT,N,h,w], labels [BT,H,W]."""
    size = labels.shape[-2:]
    mask_logits = F.interpolate(mask_logits, size=size, mode="bilinear", align_corners=False)
    cls_target = torch.full(class_logits.shape[:2], num_classes, dtype=torch.long, device=labels.device)
    pred, gold = [], []
    for b in range(labels.shape[0]):
        classes, masks = frame_targets(labels[b], num_classes)
        q, t = match(class_logits[b], mask_logits[b], classes, masks, w)
        cls_target[b, q] = classes[t]
        pred.append(mask_logits[b, q].flatten(1))
        gold.append(masks[t].flatten(1))
    pred, gold = torch.cat(pred), torch.cat(gold)
    weight = torch.ones(num_classes + 1, device=labels.device)
    weight[-1] = w.no_object
    loss_cls = F.cross_entropy(class_logits.transpose(1, 2), cls_target, weight=weight)
    if pred.shape[0] == 0:
        zero = mask_logits.sum() * 0.0
        return {"cls": loss_cls, "mask": zero, "dice": zero}
    bce = F.binary_cross_entropy_with_logits(pred, gold, reduction="none").mean(-1)
    return {"cls": loss_cls, "mask": bce.mean(), "dice": dice_loss(pred, gold).mean()}


def post_mask_loss(class_logits, mask_logits, m_post, num_classes):
    """BCE between the predicted sounding-object probability (noisy-OR over queries) and M_Post = M_O AND M_GT."""
    log_bg = log_background(class_logits, mask_logits, m_post.shape[-2:], num_classes)
    log_fg = torch.log(-torch.expm1(log_bg))
    return -(m_post * log_fg + (1 - m_post) * log_bg).mean()


def total_loss(outputs, batch, num_classes, w, use_post):
    """Returns (weighted total, unweighted terms summed over decoder layers). Only annotated frames count."""
    keep = batch["labeled"]
    if not keep.any():  # a batch of unannotated frames: zero loss that still reaches every output
        zero = sum(c.sum() + m.sum() for c, m in outputs) * 0.0
        return zero, {k: zero for k in ("mask", "dice", "cls", *(("post",) if use_post else ()))}
    outputs = [(c[keep], m[keep]) for c, m in outputs]
    terms = {"mask": 0.0, "dice": 0.0, "cls": 0.0}
    for class_logits, mask_logits in outputs:
        for k, v in set_loss(class_logits, mask_logits, batch["labels"][keep], num_classes, w).items():
            terms[k] = terms[k] + v
    total = w.mask * terms["mask"] + w.dice * terms["dice"] + w.cls * terms["cls"]
    if use_post:
        terms["post"] = post_mask_loss(*outputs[-1], batch["m_post"][keep], num_classes)
        total = total + w.post * terms["post"]
    return total, terms
