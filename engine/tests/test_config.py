import pytest

from ssp_engine.config import SCHEDULES, VARIANTS, train_config_from_dict


def test_layering_defaults_schedule_size_variant_explicit():
    cfg = train_config_from_dict({"schedule": "avss", "size": "tiny", "variant": "+pre", "lr": 5e-4,
                                  "model": {"num_queries": 9}, "loss": {"post": 2.0}})
    assert (cfg.epochs, cfg.batch_size, cfg.lr, cfg.lr_decay_to, cfg.lr_decay_epoch) == (60, 2, 5e-4, 1e-4, 20)
    assert cfg.model.backbone == "swin_tiny_patch4_window7_224" and cfg.model.num_queries == 9
    assert (cfg.model.pre_mask, cfg.model.post_mask, cfg.model.text) == (True, False, "none")
    assert (cfg.loss.mask, cfg.loss.dice, cfg.loss.cls, cfg.loss.post) == (5.0, 5.0, 2.0, 2.0)


def test_paper_presets():
    assert SCHEDULES["s4"] == SCHEDULES["ms3"] == dict(epochs=30, batch_size=2, lr=1e-3, lr_decay_to=1e-4, lr_decay_epoch=15)
    # Table 2 rows: AAVS, +pre, +pre+post, +text (att), +text (VTA), full without post, full.
    rows = [(v["pre_mask"], v["post_mask"], v["text"]) for v in VARIANTS.values()]
    assert rows == [(False, False, "none"), (True, False, "none"), (True, True, "none"), (False, False, "att"),
                    (False, False, "vta"), (True, False, "vta"), (True, True, "vta")]
    assert train_config_from_dict({}).model.backbone == "swin_base_patch4_window7_224"


@pytest.mark.parametrize("raw, message", [
    ({"epochz": 3}, "unknown config keys"),
    ({"model": {"txt": "vta"}}, "unknown model keys"),
    ({"model": {"text": "clip"}}, "none|att|vta"),
    ({"schedule": "coco"}, "unknown schedule"),
    ({"data": {"task": "panoptic"}}, "binary|semantic"),
])
def test_bad_configs_are_refused(raw, message):
    with pytest.raises(ValueError, match=message):
        train_config_from_dict(raw)
