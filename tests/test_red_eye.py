"""Red eye: the operation, finding red pupils in a photo, and "remove the red eye".

The face is drawn here: skin, two eyes (white, brown iris, a flash-red pupil, a catchlight),
red lips, on a wall with a red stripe, a red ball and a small red button, the things a red-eye
finder must leave alone."""

from __future__ import annotations

import cv2
import numpy as np

from ldie_desktop.document import Layer, Mask
from ldie_desktop.model.autofix import red_eyes
from ldie_desktop.render import Renderer

EYES = ((340, 280), (460, 280))


def face(red: bool = True) -> np.ndarray:
    img = np.full((600, 800, 3), (70, 110, 160), np.uint8)
    cv2.ellipse(img, (400, 320), (150, 200), 0, 0, 360, (225, 175, 145), -1)
    for x, y in EYES:
        cv2.ellipse(img, (x, y), (32, 16), 0, 0, 360, (245, 245, 240), -1)
        cv2.circle(img, (x, y), 14, (90, 60, 40), -1)
        cv2.circle(img, (x, y), 8, (200, 30, 30) if red else (15, 15, 15), -1)
        cv2.circle(img, (x + 3, y - 3), 2, (255, 255, 255), -1)
    cv2.ellipse(img, (400, 430), (50, 18), 0, 0, 180, (170, 60, 70), -1)
    img[40:80, 20:300] = (200, 30, 40)
    cv2.circle(img, (700, 520), 9, (210, 25, 25), -1)
    cv2.circle(img, (650, 100), 60, (210, 25, 25), -1)
    return img


def test_the_operation_takes_red_out_and_leaves_the_rest() -> None:
    colours = np.array([[[200, 30, 30], [180, 60, 70], [225, 175, 145], [245, 245, 240], [90, 60, 40],
                         [255, 255, 255]]], np.float32) / 255
    everywhere = Mask(np.ones(colours.shape[:2], np.float32))
    out = Renderer().render(colours, [Layer.new("red_eye", amount=1.0).replace(mask=everywhere)]).rgb * 255
    assert abs(out[0, 0, 0] - 30) < 2 and abs(out[0, 1, 0] - 65) < 2  # pupils: red down to green/blue's mean
    assert np.abs(out[0, 2:] - colours[0, 2:] * 255).max() < 1  # skin, the white, the iris, a catchlight
    half = Renderer().render(colours, [Layer.new("red_eye", amount=0.5).replace(mask=everywhere)]).rgb * 255
    assert abs(half[0, 0, 0] - 115) < 2
    assert Layer.new("red_eye").operation.is_identity({})
    # without a mask it does nothing: over a whole photo it would grey every strong red
    assert not Layer.new("red_eye", amount=1.0).is_active()


def test_red_pupils_are_found_and_nothing_else() -> None:
    found = red_eyes(face())
    assert len(found) == 2
    for (x, y, r), (ex, ey) in zip(sorted(found), EYES):
        assert abs(x - ex) < 2 and abs(y - ey) < 2 and 8 < r < 20  # covers the pupil, not the eye
    assert red_eyes(face(red=False)) == []  # the stripe, the ball, the button and the lips stay
    no_face = np.zeros((600, 800), np.float32)
    no_face[:, 600:] = 1.0
    assert red_eyes(face(), within=no_face) == []  # only inside the faces given
    small = cv2.resize(face(), (400, 300), interpolation=cv2.INTER_AREA)
    assert len(red_eyes(small)) == 2


def test_remove_the_red_eye_masks_the_pupils(real_planner) -> None:
    from ldie_desktop.model.planner import NO_RED_EYES

    img = face()
    for request in ("remove the red eye", "her eyes are red from the flash", "fix the red eyes and brighten it",
                    "take out the red eye"):  # "take out" erased the eyes (session 20)
        plan = real_planner.plan(request, img)
        layer = next(l for l in plan.layers if l.op == "red_eye")
        assert not any(l.op == "inpaint_obj" for l in plan.layers), request
        assert layer.params["amount"] == 1.0 and layer.local and layer.place == (("replace", "the red eyes"),)
        out = (Renderer().render(img, [layer]).rgb * 255).round()
        for x, y in EYES:
            assert out[y, x, 0] < 40 and abs(out[y, x, 0] - out[y, x, 1]) < 12  # the pupil dark and neutral
        assert np.abs(out[40:80, 20:300] - img[40:80, 20:300]).max() < 1  # the red stripe untouched
        assert np.abs(out[425:445, 380:420] - img[425:445, 380:420]).max() < 1  # so are the lips
    plain = real_planner.plan("remove the red eye", face(red=False))
    assert plain.layers == [] and NO_RED_EYES in plain.message
    assert real_planner.select("the red eyes", img).mask is not None


def test_red_pupils_in_a_real_face_are_found_in_its_eyes_one_alone_too(real_planner, sample_rgb) -> None:
    """With the face's landmarks the red pupils are looked for in its eyes: a flash-red pupil in
    one eye alone is found (the pair rule left it, since a lip's red corner can look like one)."""
    from ldie_desktop.grounding.models import FaceDetector, FaceMesh
    from ldie_desktop.grounding.refine import LEFT_EYE, RIGHT_EYE, face_part

    h, w = sample_rgb.shape[:2]
    points = FaceMesh()(sample_rgb, FaceDetector().detect(sample_rgb)[0])
    irises = face_part("irises", [points], (h, w), (h, w), sample_rgb) > 0.5
    red = sample_rgb.copy()
    right = np.zeros((h, w), bool)
    right[:, : int(points[list(RIGHT_EYE), 0].max()) + 1] = True  # the image's left: her right eye
    for pupil in (irises & right, irises):
        img = sample_rgb.copy()
        img[pupil] = (200, 30, 30)
        layers = real_planner.plan("remove the red eye", img).layers
        assert [l.op for l in layers] == ["red_eye"] and layers[0].enabled
        m = layers[0].mask.resized(h, w) > 0.5
        assert m[pupil].mean() > 0.9 and m.sum() < 6 * pupil.sum()
        out = np.round(Renderer().render(img, layers, quality="export").rgb * 255)
        assert out[pupil][:, 0].mean() < 120  # the red taken out
        red = img
    assert red is not None and points[list(LEFT_EYE), 0].mean() > points[list(RIGHT_EYE), 0].mean()
