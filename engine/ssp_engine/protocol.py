"""Protocol v1: one JSON object per stdout line, flushed at once (docs/engine.md, "Protocol").

Every line is {"v": 1, "type": <TYPES>, "time": <unix seconds>, ...fields}. The app's training panel parses
this stream, so field names are a contract: add fields, never rename or remove them within v1.
"""
import json
import math
import sys
import time

from ssp_engine import PROTOCOL_VERSION

TYPES = ("step", "epoch", "eval", "checkpoint", "log", "done", "error")


def _finite(value):
    # JSON has no NaN/Infinity; the app's zod schemas expect numbers or null.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


class Emitter:
    """Writes protocol events; silent on non-zero DDP ranks so each event appears once."""

    def __init__(self, stream=None, enabled=True):
        self.stream = stream or sys.stdout
        self.enabled = enabled

    def emit(self, type_, **fields):
        if type_ not in TYPES:
            raise ValueError(f"protocol v{PROTOCOL_VERSION} has no event type {type_!r}")
        if not self.enabled:
            return
        record = {"v": PROTOCOL_VERSION, "type": type_, "time": round(time.time(), 3), **_finite(fields)}
        self.stream.write(json.dumps(record, separators=(",", ":")) + "\n")
        self.stream.flush()

    def log(self, message, level="info", **data):
        self.emit("log", level=level, message=message, **({"data": data} if data else {}))
