"""Training loop (nanoGPT-style, no framework): deterministic order, atomic checkpoints, bit-identical resume."""
import os
import random
import signal
import threading
import time
from pathlib import Path

import numpy as np
import torch
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DistributedSampler

from ssp_engine import checkpoint, distributed
from ssp_engine.build import (build_dataset, build_model, build_tokenizer, flatten_batch, model_inputs,
                              resolve_model_config)
from ssp_engine.config import config_to_dict
from ssp_engine.data.dataset import load_batch
from ssp_engine.evaluate import evaluate, load_stage1
from ssp_engine.losses import total_loss


def lr_at(cfg, epoch):
    return cfg.lr if epoch < cfg.lr_decay_epoch else cfg.lr_decay_to


def rng_state():
    return {"torch": torch.get_rng_state(), "numpy": np.random.get_state(), "python": random.getstate()}


def set_rng_state(state):
    torch.set_rng_state(state["torch"])
    np.random.set_state(state["numpy"])
    random.setstate(state["python"])


def seed_all(seed, deterministic=False):
    if deterministic:
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
        torch.backends.cudnn.benchmark = False
        torch.use_deterministic_algorithms(True, warn_only=True)  # warn where an op has no deterministic kernel
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def epoch_batches(sampler, epoch, batch_size):
    sampler.set_epoch(epoch)
    order = list(sampler)
    return [order[i:i + batch_size] for i in range(0, len(order), batch_size)]


class CancelRequest:
    """SIGTERM/SIGINT ask for a graceful stop: the current step finishes, a checkpoint is written, `done` says
    reason "cancelled". A second signal gets the default behaviour (the app's forced cancel)."""

    def __init__(self):
        self.requested = False
        self.previous = {}

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                self.previous[sig] = signal.signal(sig, self.handle)
        return self

    def handle(self, signum, _frame):
        self.requested = True
        signal.signal(signum, self.previous[signum])

    def __exit__(self, *exc):
        for sig, handler in self.previous.items():
            signal.signal(sig, handler)


def train(cfg, emit):
    rank, world, device = distributed.setup(cfg.device)
    emit.enabled = emit.enabled and rank == 0
    try:
        with CancelRequest() as cancel:
            return _train(cfg, emit, rank, world, device, cancel)
    finally:
        distributed.teardown()


def _train(cfg, emit, rank, world, device, cancel):
    seed_all(cfg.seed, cfg.deterministic)
    tokenizer = build_tokenizer(cfg)
    train_set = build_dataset(cfg, cfg.data.train_split, tokenizer, training=True)
    model_cfg = resolve_model_config(cfg, train_set, tokenizer)
    model = build_model(model_cfg, cfg.data.image_size, cfg.seed).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    step, start_epoch, skip, epoch_loss, best = 0, 0, 0, (0.0, 0), None
    if cfg.resume:
        state = checkpoint.load(cfg.resume)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        step, start_epoch, skip = state["step"], state["epoch"], state["epoch_step"]
        epoch_loss, best = tuple(state["epoch_loss"]), state["best_mIoU"]
        set_rng_state(state["rng"])
    net = DistributedDataParallel(model) if world > 1 else model
    sampler = DistributedSampler(train_set, num_replicas=world, rank=rank, shuffle=True, seed=cfg.seed)
    out_dir = Path(cfg.out_dir)
    stage1 = load_stage1(cfg.stage1_checkpoint, device) if cfg.stage1_checkpoint else None
    val_set = build_dataset(cfg, cfg.data.val_split, tokenizer, training=False) if cfg.data.val_split else None
    steps_per_epoch = len(epoch_batches(sampler, 0, cfg.batch_size))
    total_steps = steps_per_epoch * cfg.epochs if cfg.max_steps is None else min(cfg.max_steps, steps_per_epoch * cfg.epochs)
    emit.log("start", world_size=world, device=str(device), train_clips=len(train_set),
             val_clips=len(val_set) if val_set else 0, num_params=sum(p.numel() for p in model.parameters()),
             resumed_from=cfg.resume, step=step, epoch=start_epoch, steps_per_epoch=steps_per_epoch,
             total_steps=total_steps, config=config_to_dict(cfg))

    def save(epoch, epoch_step, name):
        if rank != 0:
            return
        path = checkpoint.save_atomic({
            "protocol": 1, "model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step,
            "epoch": epoch, "epoch_step": epoch_step,
            "epoch_loss": list(epoch_loss) if epoch_step else [0.0, 0], "rng": rng_state(), "config": config_to_dict(cfg),
            "model_config": config_to_dict(model_cfg), "tokenizer": tokenizer.state() if tokenizer else None,
            "best_mIoU": best,
        }, out_dir / f"{name}.pt")
        emit.emit("checkpoint", path=str(path), step=step, epoch=epoch, name=name)

    for epoch in range(start_epoch, cfg.epochs):
        lr = lr_at(cfg, epoch)
        for group in optimizer.param_groups:
            group["lr"] = lr
        batches = epoch_batches(sampler, epoch, cfg.batch_size)
        done_here = skip if epoch == start_epoch else 0
        net.train()
        losses_sum, count = epoch_loss if epoch == start_epoch else (0.0, 0)
        for i in range(done_here, len(batches)):
            tick = time.perf_counter()
            batch = flatten_batch({k: v.to(device) for k, v in load_batch(train_set, batches[i]).items()})
            outputs = net(**model_inputs(model_cfg, batch, training=True))
            loss, terms = total_loss(outputs, batch, model_cfg.num_classes, cfg.loss, model_cfg.post_mask)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            step += 1
            total = distributed.mean_across(loss.item(), device)
            losses_sum, count = losses_sum + total, count + 1
            epoch_loss = (losses_sum, count)
            seconds = time.perf_counter() - tick
            emit.emit("step", step=step, total_steps=total_steps, epoch=epoch, epochs=cfg.epochs, lr=lr,
                      losses={**{k: v.item() for k, v in terms.items()}, "total": total},
                      samples_per_s=len(batches[i]) * world / seconds, step_time_s=seconds)
            stop = "cancelled" if distributed.any_across(cancel.requested, device) else None
            stop = stop or ("max_steps" if cfg.max_steps is not None and step >= cfg.max_steps else None)
            if stop or (cfg.checkpoint_every and step % cfg.checkpoint_every == 0):
                save(epoch, i + 1, "last")
            if stop:
                emit.emit("done", command="train", step=step, epoch=epoch, out_dir=str(out_dir), reason=stop)
                return step
        emit.emit("epoch", epoch=epoch, step=step, mean_loss=losses_sum / max(count, 1))
        summary = run_eval(cfg, model, model_cfg, val_set, stage1, device, emit, epoch, step) if val_set and rank == 0 else None
        if summary is not None and (best is None or summary["mIoU"] > best):
            best = summary["mIoU"]
            save(epoch + 1, 0, "best")
        save(epoch + 1, 0, "last")
    emit.emit("done", command="train", step=step, epoch=cfg.epochs, out_dir=str(out_dir), reason="epochs")
    return step


def run_eval(cfg, model, model_cfg, val_set, stage1, device, emit, epoch, step):
    if model_cfg.stepping_stone and stage1 is None:
        emit.log("validation skipped: stage-2 (stepping stone) eval needs stage1_checkpoint", level="warning")
        return None
    summary = evaluate(model, model_cfg, val_set, device, stage1=stage1)
    emit.emit("eval", epoch=epoch, step=step, split=cfg.data.val_split, control="none", metrics=summary)
    return summary
