"""`python -m ssp_engine {train,eval,export}`: config in, JSON lines out (protocol v1, docs/engine.md)."""
import argparse
import json
import sys
import traceback

from ssp_engine.protocol import Emitter


def _train(args, emit):
    from ssp_engine.config import load_train_config
    from ssp_engine.train import train

    cfg = load_train_config(args.config)
    if args.resume:
        cfg.resume = args.resume
    train(cfg, emit)


def _eval(args, emit):
    import torch

    from ssp_engine.build import build_dataset
    from ssp_engine.config import train_config_from_dict
    from ssp_engine.data.tokenizer import tokenizer_from_state
    from ssp_engine.evaluate import CONTROLS, drops, evaluate, load_model, load_stage1

    device = torch.device(args.device)
    model, model_cfg, state = load_model(args.checkpoint, device)
    raw = dict(state["config"])
    if args.config:
        with open(args.config, encoding="utf-8") as f:
            raw["data"] = json.load(f)["data"]
    raw.pop("model", None)  # the checkpoint's resolved model config is authoritative
    cfg = train_config_from_dict({**raw, "model": {}})
    cfg.model = model_cfg
    tokenizer = tokenizer_from_state(state["tokenizer"]) if state["tokenizer"] else None
    stage1 = load_stage1(args.stage1, device) if args.stage1 else None
    controls = [c for c in (args.audio_control or "").split(",") if c]
    if controls == ["all"]:
        controls = list(CONTROLS)
    results = {}
    for control in ["none"] + controls:
        dataset = build_dataset(cfg, args.split, tokenizer, training=False, audio_mode=control)
        videos = []
        on_clip = lambda clip, m: videos.append({"id": clip, **m})  # noqa: E731
        save_to = f"{args.save_predictions}/{control}" if args.save_predictions else None
        results[control] = evaluate(model, model_cfg, dataset, device, stage1=stage1, on_clip=on_clip, save_to=save_to)
        extra = {"drop": drops(results["none"], results[control])} if control != "none" else {}
        emit.emit("eval", split=args.split, control=control, epoch=state["epoch"], step=state["step"],
                  metrics=results[control], **extra, videos=videos)
    emit.emit("done", command="eval", checkpoint=args.checkpoint, controls=list(results), predictions=args.save_predictions)


def _export(args, emit):
    import torch

    from ssp_engine.evaluate import load_model
    from ssp_engine.export import export_onnx, manifest_path

    model, model_cfg, state = load_model(args.checkpoint, torch.device("cpu"))
    name = args.name or state["config"]["variant"].replace("+", "plus_")
    _, diff = export_onnx(model, model_cfg, state["config"]["data"]["image_size"], args.out, name,
                                 {"config": state["config"], "checkpoint": args.checkpoint, "step": state["step"]},
                                 opset=args.opset, tokenizer=state["tokenizer"])
    if diff > args.tolerance:
        raise RuntimeError(f"ONNX parity failed: max abs diff {diff:.3g} > {args.tolerance}")
    emit.emit("done", command="export", path=args.out, manifest=str(manifest_path(args.out, name)), max_abs_diff=diff)


def _info(args, emit):
    """What a launcher checks before training: versions, accelerators, which pretrained files are present."""
    import platform

    import torch

    from ssp_engine import PROTOCOL_VERSION, weights
    from ssp_engine.config import MODEL_SIZES, ModelConfig

    names = [ModelConfig(**MODEL_SIZES["swin-base"]).backbone, "vggish", "clip-vision", "blip-text"]
    found = {name: (str(path) if (path := weights.find(name)) else None) for name in names}
    emit.emit("done", command="info", protocol=PROTOCOL_VERSION, python=platform.python_version(),
              torch=torch.__version__, cuda=torch.cuda.is_available(), gpus=torch.cuda.device_count(),
              weights_dir=str(weights.weights_dir()), weights=found)


def parser():
    p = argparse.ArgumentParser(prog="ssp_engine")
    sub = p.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="train from a JSON config")
    t.add_argument("--config", required=True)
    t.add_argument("--resume", help="checkpoint to continue from")
    t.set_defaults(run=_train)
    e = sub.add_parser("eval", help="evaluate a checkpoint, optionally under audio controls")
    e.add_argument("--checkpoint", required=True)
    e.add_argument("--config", help="JSON config whose 'data' section replaces the checkpoint's")
    e.add_argument("--split", default="test")
    e.add_argument("--audio-control", help="comma list of muted,noise10,noise40, or 'all'")
    e.add_argument("--stage1", help="stage-1 checkpoint giving the stepping-stone prior (AAVS stage 2)")
    e.add_argument("--save-predictions", metavar="DIR",
                   help="write prediction PNGs to DIR/<control>/<subset>/<uid>/<t>.png (the app's import layout)")
    e.add_argument("--device", default="cpu")
    e.set_defaults(run=_eval)
    x = sub.add_parser("export", help="export the inference graph + manifest")
    x.add_argument("--checkpoint", required=True)
    x.add_argument("--out", required=True)
    x.add_argument("--name")
    x.add_argument("--opset", type=int, default=17)
    x.add_argument("--tolerance", type=float, default=1e-4)
    x.set_defaults(run=_export)
    i = sub.add_parser("info", help="versions, GPUs and local pretrained weights, as one 'done' event")
    i.set_defaults(run=_info)
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    emit = Emitter()
    try:
        args.run(args, emit)
        return 0
    except Exception as exc:  # reported on the protocol stream; details on stderr
        traceback.print_exc(file=sys.stderr)
        emit.enabled = True
        emit.emit("error", message=f"{type(exc).__name__}: {exc}")
        return 1
