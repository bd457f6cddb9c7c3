"""User presets: named edit stacks in one folder, the app's and the command line's."""

from __future__ import annotations

import json

import numpy as np
import pytest

from ldie_desktop.document import Layer, Mask
from ldie_desktop.document.presets import PresetError, PresetLibrary, check_name, default_folder


def layers() -> list[Layer]:
    return [Layer.new("temperature", amount=0.4), Layer.new("crop", left=10.0),
            Layer.new("exposure", stops=0.5).replace(mask=Mask(np.eye(8, dtype=np.float32)), local=True)]


def test_saved_presets_come_back_by_name(presets_folder) -> None:
    lib = PresetLibrary()
    assert lib.folder == presets_folder == default_folder() and lib.presets() == []
    p = lib.save("  Warm   evening ", layers())
    assert p.name == "Warm evening" and p.path.name == "warm-evening.ldie.json" and p.masked == 1
    back = lib.get("WARM EVENING")
    assert [l.params for l in back.layers] == [l.params for l in layers()]
    assert (back.layers[2].mask.data == np.eye(8)).all()
    doc = json.loads(p.path.read_text())
    assert doc["format"] == "ldie-edits" and doc["preset"] == {"name": "Warm evening"}  # an edit file


def test_names_are_one_per_preset_and_checked(presets_folder) -> None:
    lib = PresetLibrary()
    lib.save("Golden", layers()[:1])
    with pytest.raises(PresetError, match="exists already"):
        lib.save("golden", layers())
    lib.save("golden", layers(), overwrite=True)
    assert lib.names() == ["golden"] and len(lib.get("Golden").layers) == 3
    for bad, says in [("", "needs a name"), ("a/b", "cannot hold"), ("x" * 61, "at most 60"), (".hidden", "dot")]:
        with pytest.raises(PresetError, match=says):
            check_name(bad)
    with pytest.raises(PresetError, match="at least one layer"):
        lib.save("Empty", [])
    with pytest.raises(PresetError, match="no preset called 'nope'; the presets are: golden"):
        lib.get("nope")


def test_rename_and_delete(presets_folder) -> None:
    lib = PresetLibrary()
    lib.save("Golden", layers()[:1])
    lib.save("Moody", layers()[:2])
    with pytest.raises(PresetError, match="'Moody' exists already"):
        lib.rename("Golden", "moody")
    lib.rename("Golden", "GOLDEN")  # only the case: the same file
    assert lib.names() == ["GOLDEN", "Moody"] and len(list(presets_folder.iterdir())) == 2
    lib.rename("golden", "Sunny")
    assert lib.names() == ["Moody", "Sunny"] and len(list(presets_folder.iterdir())) == 2
    lib.delete("sunny")
    assert lib.names() == ["Moody"]


def test_a_broken_file_is_left_out_and_named(presets_folder) -> None:
    lib = PresetLibrary()
    lib.save("Good", layers()[:1])
    (presets_folder / "bad.ldie.json").write_text("{not json")
    (presets_folder / "worse.ldie.json").write_text('{"format": "ldie-edits", "schema": 2, "layers": [{"op": "nope"}]}')
    assert lib.names() == ["Good"] and len(lib.problems) == 2
    assert "bad.ldie.json: not valid JSON" in lib.problems[0]


def test_a_folder_that_cannot_be_written_says_so(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(PresetError, match="could not save the preset"):
        PresetLibrary(blocker / "presets").save("X", layers())


def test_export_and_import_share_a_preset(presets_folder, tmp_path) -> None:
    """Export writes an edit file carrying the name; Import (on another machine: another folder)
    brings it back by that name; any photo's edit file imports under its file's name; a broken
    file or a taken name changes nothing."""
    lib = PresetLibrary()
    lib.save("Warm evening", layers())
    out = lib.export("warm EVENING", tmp_path / "shared.ldie.json")
    with pytest.raises(PresetError, match="exists already"):
        lib.export("Warm evening", out)
    other = PresetLibrary(tmp_path / "friend")
    got = other.import_file(out)
    assert got.name == "Warm evening" and [l.params for l in got.layers] == [l.params for l in layers()]
    assert (got.layers[2].mask.data == np.eye(8)).all()
    with pytest.raises(PresetError, match="exists already"):
        other.import_file(out)
    assert other.import_file(out, name="Copy").name == "Copy"
    sidecar = tmp_path / "beach.jpg.ldie.json"
    sidecar.write_text(out.read_text().replace('"preset"', '"note"'))
    assert other.import_file(sidecar).name == "beach.jpg"
    broken = tmp_path / "broken.ldie.json"
    broken.write_text('{"format": "ldie-edits", "layers": [{"op": "nope"}]}')
    before = other.names()
    with pytest.raises(PresetError):
        other.import_file(broken)
    with pytest.raises(PresetError):
        other.import_file(tmp_path / "missing.ldie.json")
    assert other.names() == before
