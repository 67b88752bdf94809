"""JSON-lines event stream on stdout (see PROTOCOL.md). One object per line, flushed at once."""
import json
import math
import sys

from ssp_engine import PROTOCOL_VERSION


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

    def emit(self, event, **fields):
        if not self.enabled:
            return
        record = {"protocol": PROTOCOL_VERSION, "event": event, **_finite(fields)}
        self.stream.write(json.dumps(record, separators=(",", ":")) + "\n")
        self.stream.flush()
