"""The GIER reader on a tiny hand-written fixture in the real layout, RLE decoding, and the metrics."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ldie_desktop.model import metrics
from ldie_desktop.model.gier import (
    GIER_TO_APP,
    Gier,
    _counts_from_string,
    _counts_to_string,
    clean_pairs,
    decode_rle,
    encode_rle,
    label_matrix,
    request_rows,
)

FIXTURE = Path(__file__).parent / "fixtures" / "gier_tiny"


@pytest.fixture(scope="module")
def gier() -> Gier:
    return Gier(FIXTURE)


class TestLoader:
    def test_split_sizes(self, gier: Gier) -> None:
        assert [len(gier.pairs(s)) for s in ("train", "val", "test")] == [3, 1, 2]

    def test_record_fields(self, gier: Gier) -> None:
        p = gier.pairs("train")[1]
        assert p.input == "bb02_bb02.jpg" and p.output == "bb02_y7.jpg"
        assert p.dataset == "zhopped"
        assert p.detailed_request == "the green one"
        assert p.expert_summary == ("remove the trash can on the right",)
        assert len(p.summaries) == 3
        op = p.operator("inpaint_obj")
        assert op is not None and op.local and op.mask_ids == (1,)
        assert p.operator("gaussain_blur").app_name == "blur"  # type: ignore[union-attr]

    def test_nan_detailed_request_is_none(self, gier: Gier) -> None:
        assert gier.pairs("train")[0].detailed_request is None

    def test_index_lists(self, gier: Gier) -> None:
        assert gier.split("test").index_lists == {"global": [0], "shapeAlign": [0, 1]}
        assert gier.split("val").index_lists == {}

    def test_rows_inherit_pair_labels(self, gier: Gier) -> None:
        rows = request_rows(gier.pairs("train"))
        assert len(rows) == 9
        assert all(r.labels == {"brightness": False, "contrast": False} for r in rows[:3])
        with_web = request_rows(gier.pairs("train"), web_request=True, detailed_request=True)
        assert len(with_web) == 9 + 3 + 1
        assert with_web[3].source == "request" and with_web[3].text.startswith("My holiday photo")

    def test_label_matrix_maps_to_app_names(self, gier: Gier) -> None:
        rows = request_rows(gier.pairs("train"))
        names = ["brightness", "inpaint_obj", "blur", "black_and_white", "lightness"]
        present, local = label_matrix(rows, names)
        assert present[:3].tolist() == [[1, 0, 0, 0, 0]] * 3
        assert present[3].tolist() == [0, 1, 1, 0, 0] and local[3].tolist() == [0, 1, 1, 0, 0]
        assert present[6].tolist() == [0, 0, 0, 1, 1]

    def test_clean_subset(self, gier: Gier) -> None:
        clean = clean_pairs(gier.pairs("test"), gier.pairs("train"))
        assert [p.input for p in clean] == ["ee05_ee05.jpg"]  # aa01 is also a train input

    def test_masks(self, gier: Gier) -> None:
        pair = gier.pairs("train")[1]
        rles = gier.masks(pair)
        assert len(rles) == 2
        blur = gier.operator_mask(pair, "gaussain_blur")
        assert blur is not None and blur.tolist() == [
            [True, False, False, False],
            [True, False, False, False],
            [False, False, False, True],
        ]
        inpaint = gier.operator_mask(pair, "inpaint_obj")
        assert inpaint is not None and inpaint.sum() == 4 and inpaint[1:, 1:3].all()
        assert gier.masks(gier.pairs("train")[0]) == []  # no mask file: empty, not an error

    def test_missing_folder(self, tmp_path: Path) -> None:
        with pytest.raises(FileNotFoundError, match="splits"):
            Gier(tmp_path)

    def test_app_names_exist(self) -> None:
        from ldie_desktop.ops.registry import BUILTIN

        assert set(GIER_TO_APP.values()) <= set(BUILTIN)


class TestRle:
    def test_hand_example(self) -> None:
        # column-major runs 0 zeros, 2 ones, 9 zeros, 1 one; the 4th count is a delta (-1 -> 'O')
        assert _counts_from_string("029O") == [0, 2, 9, 1]
        assert _counts_to_string([0, 2, 9, 1]) == "029O"

    def test_uncompressed_counts(self) -> None:
        m = decode_rle({"size": [2, 3], "counts": [1, 2, 3]})
        assert m.tolist() == [[False, True, False], [True, False, False]]

    @pytest.mark.parametrize("seed", range(5))
    def test_round_trip(self, seed: int) -> None:
        rng = np.random.default_rng(seed)
        h, w = rng.integers(1, 80, size=2)
        m = rng.random((h, w)) < rng.random()
        if seed == 0:
            m[:] = True  # starts with ones: a leading zero-length run
        rle = encode_rle(m)
        assert isinstance(rle["counts"], str)
        np.testing.assert_array_equal(decode_rle(rle), m)
        np.testing.assert_array_equal(decode_rle(encode_rle(m, compress=False)), m)

    def test_large_runs(self) -> None:
        counts = [5000, 37, 100000, 1, 3]
        assert _counts_from_string(_counts_to_string(counts)) == counts

    def test_size_mismatch(self) -> None:
        with pytest.raises(ValueError, match="pixels"):
            decode_rle({"size": [2, 2], "counts": [1, 2]})


class TestMetrics:
    def test_auc_hand(self) -> None:
        y = np.array([0, 0, 1, 1])
        assert metrics.roc_auc(y, np.array([0.1, 0.4, 0.35, 0.8])) == pytest.approx(0.75)
        assert metrics.roc_auc(y, np.array([0.1, 0.2, 0.3, 0.4])) == 1.0
        assert metrics.roc_auc(y, np.array([0.5, 0.5, 0.5, 0.5])) == 0.5  # ties count half
        assert np.isnan(metrics.roc_auc(np.ones(3), np.arange(3)))

    def test_auc_matches_pair_counting(self) -> None:
        rng = np.random.default_rng(0)
        y = rng.random(200) < 0.3
        s = np.round(rng.random(200), 1)  # many ties
        pos, neg = s[y], s[~y]
        expected = ((pos[:, None] > neg[None]).sum() + 0.5 * (pos[:, None] == neg[None]).sum()) / (len(pos) * len(neg))
        assert metrics.roc_auc(y, s) == pytest.approx(expected)

    def test_micro_macro(self) -> None:
        y = np.array([[1, 0], [1, 1], [0, 0]])
        s = np.array([[0.9, 0.2], [0.6, 0.1], [0.3, 0.4]])
        # pooled: positives 0.9, 0.6, 0.1; negatives 0.2, 0.3, 0.4 -> 6 of 9 pairs ordered right
        assert metrics.micro_auc(y, s) == pytest.approx(6 / 9)
        assert metrics.macro_auc(y, s) == pytest.approx((1.0 + 0.0) / 2)

    def test_f1(self) -> None:
        y = np.array([[1, 0], [1, 1], [0, 0]])
        p = np.array([[1, 1], [0, 1], [0, 0]])
        # tp 2, fp 1, fn 1
        assert metrics.micro_f1(y, p) == pytest.approx(2 * 2 / (4 + 1 + 1))
        assert metrics.macro_f1(y, p) == pytest.approx((2 / 3 + 2 / 3) / 2)

    def test_choose_thresholds_improves(self) -> None:
        rng = np.random.default_rng(1)
        y = rng.random((300, 3)) < 0.4
        s = np.clip(y * 0.3 + rng.random((300, 3)) * 0.7, 0, 1)
        t = metrics.choose_thresholds(y, s)
        assert metrics.micro_f1(y, s >= t) >= metrics.micro_f1(y, s >= 0.5)
        few = metrics.choose_thresholds(y[:10], s[:10], min_positives=20)
        assert few.tolist() == [0.5, 0.5, 0.5]

    def test_local_accuracy(self) -> None:
        present = np.array([[1, 0], [1, 1]])
        local = np.array([[1, 0], [0, 1]])
        prob = np.array([[0.9, 0.9], [0.7, 0.6]])
        assert metrics.local_accuracy(present, local, prob) == pytest.approx(2 / 3)
