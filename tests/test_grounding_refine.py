"""Mask refinement, mask shaping per operation, and removal on a grounded mask."""

from __future__ import annotations

import numpy as np

from ldie_desktop.document.layer import Layer
from ldie_desktop.document.mask import Mask
from ldie_desktop.grounding.refine import guided_filter, refine_to_edges, shape_for_op
from ldie_desktop.render import Renderer


def square(h: int = 64, w: int = 64, r: tuple[int, int, int, int] = (20, 20, 44, 44)) -> np.ndarray:
    m = np.zeros((h, w), np.float32)
    m[r[1]:r[3], r[0]:r[2]] = 1.0
    return m


def test_guided_filter_keeps_a_constant() -> None:
    g = np.random.default_rng(0).random((32, 32)).astype(np.float32)
    out = guided_filter(g, np.full((32, 32), 0.25, np.float32), 3, 1e-3)
    np.testing.assert_allclose(out, 0.25, atol=1e-5)
    np.testing.assert_array_equal(guided_filter(g, g, 0, 1e-3), g)


def test_refinement_snaps_a_coarse_mask_to_the_edge() -> None:
    img = np.zeros((128, 128, 3), np.uint8)
    img[:, 64:] = 255  # an edge at x = 64
    coarse = np.zeros((16, 16), np.float32)
    coarse[:, 8:] = 1.0  # the same edge, 8x coarser and blurred by upsampling
    fine = refine_to_edges(coarse, img)
    assert fine.shape == (128, 128)
    assert fine[:, :60].max() < 0.2 and fine[:, 68:].min() > 0.8
    assert fine[:, 62].mean() < fine[:, 66].mean()


def test_removal_mask_covers_and_exceeds_the_object() -> None:
    m = square()
    grown = shape_for_op(m, "inpaint_obj")
    assert set(np.unique(grown)) <= {0.0, 1.0}
    assert (grown[m > 0.5] == 1.0).all() and grown.sum() > m.sum()


def test_tonal_mask_is_feathered_and_matte_is_crisp() -> None:
    m = square()
    soft = shape_for_op(m, "brightness")
    assert 0.1 < soft[32, 20] < 0.9 and soft[32, 32] > 0.95
    crisp = shape_for_op(m * 0.9 + 0.05, "color_bg")
    assert crisp[32, 32] == 1.0 and crisp[2, 2] == 0.0


def test_removal_leaves_pixels_outside_the_dilated_mask_unchanged(sample_rgb: np.ndarray) -> None:
    img = np.ascontiguousarray(sample_rgb[::4, ::4])  # 128x128
    hole = shape_for_op(square(128, 128, (70, 60, 100, 90)), "inpaint_obj")
    for method in (0, 1):
        layer = Layer(op="inpaint_obj", params={"method": method}, mask=Mask(hole))
        out = Renderer("cpu").render(img, [layer], quality="preview").rgb
        src = img.astype(np.float32) / 255.0
        outside = hole < 0.5
        np.testing.assert_allclose(out[outside], src[outside], atol=1e-6)
        assert np.abs(out[~outside] - src[~outside]).mean() > 0.01  # the hole did change


def _portrait() -> tuple[np.ndarray, np.ndarray]:
    """A person (rows 10-89, columns 30-69): a skin-coloured face on top, an orange suit below,
    on a grey background."""
    rgb = np.full((100, 100, 3), 120, np.uint8)
    rgb[10:90, 30:70] = (255, 100, 30)  # suit
    rgb[12:34, 38:62] = (224, 172, 140)  # face
    rgb[60:75, 32:40] = (224, 172, 140)  # a hand, low down
    person = np.zeros((100, 100), np.float32)
    person[10:90, 30:70] = 1.0
    return rgb, person


def test_face_is_the_skin_at_the_top_of_the_person() -> None:
    from ldie_desktop.grounding.refine import skin_part

    rgb, person = _portrait()
    face = skin_part(person, rgb, head=True)
    assert face is not None
    assert face[20, 50] == 1.0 and face[50, 50] == 0.0  # the face, not the suit
    assert face[65, 35] == 0.0  # nor the hand below the head
    skin = skin_part(person, rgb, head=False)
    assert skin[20, 50] == 1.0 and skin[65, 35] == 1.0 and skin[50, 50] == 0.0
    assert (skin <= person).all()  # never outside the person


def test_no_skin_keeps_nothing() -> None:
    from ldie_desktop.grounding.refine import skin_part

    rgb, person = _portrait()
    rgb[:] = (40, 60, 200)  # a person in blue light: nothing reads as skin
    assert skin_part(person, rgb, head=True) is None


def test_body_part_words() -> None:
    from ldie_desktop.grounding.grounder import _body_part
    from ldie_desktop.grounding.proposal import Cues, Proposal

    person = Proposal("person", "person", np.ones((4, 4), np.float32), 0.9, Cues(0.5, 0.5, (0, 0, 1, 1), 1.0))
    dog = Proposal("dog", "object", np.ones((4, 4), np.float32), 0.9, Cues(0.5, 0.5, (0, 0, 1, 1), 1.0))
    assert _body_part("the woman's face", [person]) == "face"
    assert _body_part("her skin", [person]) == "skin"
    assert _body_part("her hair", [person]) == "hair" and _body_part("his haircut", [person]) == "hair"
    assert _body_part("the woman", [person]) is None
    assert _body_part("the dog's face", [dog]) is None


def test_the_face_detector_finds_the_samples_face(sample_rgb: np.ndarray) -> None:
    """MediaPipe's short-range face detector (vendored, sha256-checked): one face, its box from
    the brows to the chin; none in a photo of fruit or of grey."""
    from ldie_desktop.grounding.models import FaceDetector

    detect = FaceDetector()
    faces = detect(sample_rgb)
    assert len(faces) == 1
    x0, y0, x1, y1, score = faces[0]
    assert score > 0.9 and abs((x0 + x1) / 2 - 227) < 12 and abs((y0 + y1) / 2 - 129) < 12 and 70 < x1 - x0 < 120
    assert detect(np.full((300, 400, 3), 128, np.uint8)) == []


def test_hair_is_round_the_face_less_its_skin() -> None:
    """A drawn head: brown hair over and beside a skin-coloured face on a suit; the hair is found
    round the face box, the face (and its forehead, which has the cheeks' colour) left out."""
    from ldie_desktop.grounding.refine import hair_part

    rgb = np.full((200, 200, 3), (40, 60, 120), np.uint8)  # a blue backdrop
    person = np.zeros((200, 200), np.float32)
    yy, xx = np.mgrid[0:200, 0:200]
    head = (xx - 100) ** 2 / 45 ** 2 + (yy - 80) ** 2 / 55 ** 2 <= 1
    rgb[head] = (90, 60, 30)  # hair
    face = (xx - 100) ** 2 / 30 ** 2 + (yy - 95) ** 2 / 38 ** 2 <= 1
    rgb[face] = (225, 180, 150)  # skin
    rgb[140:] = (200, 80, 40)  # a suit
    person[head | face] = 1.0
    person[140:, 40:160] = 1.0
    hair = hair_part(person, [(72.0, 70.0, 128.0, 130.0, 0.95)], (200, 200), rgb)
    assert hair is not None
    assert hair[35, 100] > 0.9 and hair[80, 58] > 0.9  # the crown, the side
    assert hair[95, 100] < 0.1 and hair[62, 100] < 0.1  # the face, its forehead
    assert hair[170, 100] < 0.1 and hair[20, 20] < 0.1  # the suit, the backdrop
    assert hair_part(person, [], (200, 200), rgb) is None


def test_make_her_hair_red_recolours_her_hair(real_planner, sample_rgb: np.ndarray) -> None:
    """"her hair" was a salient region, half her face and body with it; it is now her hair round
    the face the detector finds: the crown, the side, the fringe, not her face or the suit."""
    layer = real_planner.plan("make her hair red", sample_rgb).layers[0]
    assert layer.op == "recolor" and layer.enabled
    m = layer.mask.resized(*sample_rgb.shape[:2])
    assert min(m[35, 230], m[100, 165], m[70, 215]) > 0.5
    assert max(m[92, 230], m[140, 210], m[175, 230], m[40, 100], m[400, 100]) < 0.1
    assert m[152:188, 132:184].mean() < 0.1  # her suit's collar beside her jaw (half of it was hair before)


def test_hair_without_a_face_found_is_no_place(real_planner, sample_rgb: np.ndarray, monkeypatch) -> None:
    """No face close enough to find the hair round: the layer waits off for a painted mask (it
    is never the whole person)."""
    from ldie_desktop.grounding.models import FaceDetector

    monkeypatch.setattr(FaceDetector, "detect", lambda self, rgb: [])
    monkeypatch.setattr(real_planner.grounder, "_face_cache", None)  # the sample's faces, kept from before
    plan = real_planner.plan("make her hair red", sample_rgb)
    assert [l.op for l in plan.layers] == ["recolor"] and not plan.layers[0].enabled
    assert "paint a mask" in plan.message


def test_her_face_is_within_the_face_found_not_her_fair_hair(real_planner, sample_rgb: np.ndarray) -> None:
    """Fair hair passes a skin test: "brighten her face" took the crown of her hair too; the face
    is now its landmarks' outline, its skin by its own colour with its eyes, brows and mouth (the
    crown and the side of her hair, and her neck below the chin, left out)."""
    layer = real_planner.plan("brighten her face", sample_rgb).layers[0]
    m = layer.mask.resized(*sample_rgb.shape[:2])
    assert min(m[140, 210], m[168, 230], m[92, 230], m[104, 205], m[145, 230]) > 0.85  # cheek, chin, brows, eye, lips
    assert max(m[35, 230], m[100, 165], m[200, 230], m[400, 100]) < 0.1  # crown, side hair, neck, suit


def test_the_face_mesh_outlines_the_samples_eyes_lips_and_teeth(sample_rgb: np.ndarray) -> None:
    """MediaPipe's Face Mesh (vendored, sha256-checked) on the face the detector finds: its eyes
    where the detector put them; the teeth the light, little-coloured pixels between the lips,
    the lips round them; no landmarks for a crop with no face in it."""
    import cv2

    from ldie_desktop.grounding.models import FaceDetector, FaceMesh
    from ldie_desktop.grounding.refine import LEFT_EYE, RIGHT_EYE, face_part

    face = FaceDetector().detect(sample_rgb)[0]
    points = FaceMesh()(sample_rgb, face)
    assert points.shape == (468, 2)
    for eye, outline in zip(face.eyes, (RIGHT_EYE, LEFT_EYE)):
        assert np.hypot(*(points[list(outline)].mean(axis=0) - eye)) < 10
    size = sample_rgb.shape[:2]
    teeth = face_part("teeth", [points], size, size, sample_rgb) > 0.5
    lips = face_part("lips", [points], size, size, sample_rgb) > 0.5
    eyes = face_part("eyes", [points], size, size) > 0.5
    assert 100 < teeth.sum() < 600 and 150 < lips.sum() < 800 and 80 < eyes.sum() < 400
    assert (teeth & lips).sum() < 0.05 * teeth.sum() and not (teeth & eyes).any()
    saturation = cv2.cvtColor(sample_rgb, cv2.COLOR_RGB2HSV)[..., 1].astype(np.float32)
    assert saturation[teeth].mean() + 10 < saturation[lips].mean()
    ys, _ = np.nonzero(eyes)
    assert ys.max() < np.nonzero(lips)[0].min()  # eyes above the mouth
    irises = face_part("irises", [points], size, size, sample_rgb) > 0.5
    grey = sample_rgb.mean(axis=2)
    assert 10 < irises.sum() < 0.7 * eyes.sum() and (irises & ~eyes).sum() <= 2  # in the eyes, not their whites
    assert grey[irises].mean() + 30 < grey[eyes & ~irises].mean()
    assert FaceMesh()(np.full((300, 300, 3), 128, np.uint8), face) is None


def test_a_closed_mouth_shows_no_teeth(sample_rgb: np.ndarray) -> None:
    from ldie_desktop.grounding.models import FaceDetector, FaceMesh
    from ldie_desktop.grounding.refine import LIPS_INNER, face_part

    points = FaceMesh()(sample_rgb, FaceDetector().detect(sample_rgb)[0])
    shut = points.copy()
    shut[list(LIPS_INNER), 1] = points[list(LIPS_INNER), 1].mean()  # the lips' opening closed to a line
    size = sample_rgb.shape[:2]
    assert face_part("teeth", [shut], size, size, sample_rgb) is None
    assert face_part("lips", [shut], size, size, sample_rgb) is not None


def test_a_face_a_few_metres_off_is_found_in_the_detectors_squares(sample_rgb: np.ndarray) -> None:
    """The short-range model sees faces that fill a fair part of its input: the sample shrunk to
    a 42 px face in a 1536 px frame was not found whole, and is in the quarter squares, once."""
    import cv2

    from ldie_desktop.grounding.models import FaceDetector

    small = cv2.resize(sample_rgb, None, fx=0.4, fy=0.4, interpolation=cv2.INTER_AREA)
    frame = np.full((1024, 1536, 3), 128, np.uint8)
    frame[300:300 + small.shape[0], 500:500 + small.shape[1]] = small
    detect = FaceDetector()
    assert detect._window(frame, 0, 0, 1024, 1536, cut=False) == []
    faces = detect.detect(frame)
    assert len(faces) == 1
    x0, y0, x1, y1 = faces[0].box
    assert abs((x0 + x1) / 2 - (500 + 227 * 0.4)) < 8 and abs((y0 + y1) / 2 - (300 + 129 * 0.4)) < 8


def test_the_nose_cheeks_forehead_and_chin_lie_where_a_face_has_them(sample_rgb: np.ndarray) -> None:
    """Parts drawn from the landmarks: the forehead above the brows and only its skin (not the
    fringe over it), the nose between the eyes and the mouth, a cheek each side of it, the chin
    below the mouth; all in the face's outline."""
    import cv2

    from ldie_desktop.grounding.models import FaceDetector, FaceMesh
    from ldie_desktop.grounding.refine import LIPS_OUTER, RIGHT_BROW, face_part

    points = FaceMesh()(sample_rgb, FaceDetector().detect(sample_rgb)[0])
    size = sample_rgb.shape[:2]
    part = {name: face_part(name, [points], size, size, sample_rgb) > 0.5
            for name in ("forehead", "nose", "cheeks", "chin", "face", "eyes")}
    middle = lambda name: np.nonzero(part[name])[0].mean()  # noqa: E731 - its mean row
    assert middle("forehead") < points[list(RIGHT_BROW), 1].min() < middle("eyes") < middle("nose")
    assert middle("nose") < points[list(LIPS_OUTER), 1].min() < points[list(LIPS_OUTER), 1].max() < middle("chin")
    nose_x = np.nonzero(part["nose"])[1].mean()
    cheek_xs = np.nonzero(part["cheeks"])[1]
    assert (cheek_xs < nose_x - 15).sum() > 200 and (cheek_xs > nose_x + 15).sum() > 200
    assert not (part["cheeks"] & part["nose"]).sum() > 0.1 * part["nose"].sum()
    for name in ("forehead", "nose", "cheeks", "chin"):
        assert 100 < part[name].sum() and (part[name] & ~part["face"]).sum() < 0.05 * part[name].sum(), name
    # the fair fringe is yellower and, in its shadows, darker than her skin (8 % of which is this yellow)
    lab = cv2.cvtColor(sample_rgb, cv2.COLOR_RGB2LAB).astype(np.float32)
    hair = (lab[..., 2] > 150) | (lab[..., 0] < 0.75 * np.median(lab[..., 0][part["face"]]))
    assert (part["forehead"] & hair).sum() < 0.15 * part["forehead"].sum()


def test_long_hair_is_followed_below_the_chin_and_a_collar_is_not_hair() -> None:
    """A drawn head with long brown hair falling past the chin on both sides, a grey collar
    beside the jaw and a neck of the face's skin: the hair is followed down to the shoulders by
    its colour (it was cut at the chin), the collar (taken as hair before: "make her hair red"
    reddened the sample's suit collar) and the neck are not."""
    from ldie_desktop.grounding.refine import hair_part

    rgb = np.full((260, 200, 3), (40, 60, 120), np.uint8)  # a blue backdrop
    yy, xx = np.mgrid[0:260, 0:200]
    head = (xx - 100) ** 2 / 45 ** 2 + (yy - 80) ** 2 / 55 ** 2 <= 1
    rgb[head] = (90, 60, 30)
    long_hair = ((np.abs(xx - 100) > 28) & (np.abs(xx - 100) < 48) & (yy > 80) & (yy < 200))
    rgb[long_hair] = (88, 58, 32)
    face = (xx - 100) ** 2 / 30 ** 2 + (yy - 95) ** 2 / 38 ** 2 <= 1
    rgb[face] = (225, 180, 150)
    neck = (np.abs(xx - 100) <= 16) & (yy > 125) & (yy < 200)
    rgb[neck] = (215, 170, 140)
    rgb[200:] = (200, 80, 40)  # a suit
    collar = (np.abs(xx - 100) > 16) & (np.abs(xx - 100) <= 28) & (yy > 120) & (yy < 200)
    rgb[collar] = (150, 150, 160)
    person = (head | long_hair | face | neck | collar).astype(np.float32)
    person[200:, 30:170] = 1.0
    hair = hair_part(person, [(72.0, 70.0, 128.0, 130.0, 0.95)], (260, 200), rgb)
    assert hair is not None
    assert hair[35, 100] > 0.9 and hair[80, 60] > 0.85  # the crown, the side
    assert hair[170, 62] > 0.8 and hair[170, 138] > 0.8  # long hair well below the chin (cut at 133 before)
    assert hair[160, 78] < 0.2 and hair[160, 122] < 0.2  # the collar
    assert hair[165, 100] < 0.1 and hair[95, 100] < 0.1 and hair[230, 100] < 0.1  # the neck, the face, the suit


def _drawn_person(full_body: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A drawn person on a grey backdrop: brown hair round a skin-coloured face, a blue shirt with
    bare arms of the face's colour, and (``full_body``) dark trousers below the hips. Returns the
    photo, the person mask, the face (skin), its hair and the face box."""
    h = 400 if full_body else 200
    rgb = np.full((h, 200, 3), (128, 128, 128), np.uint8)
    yy, xx = np.mgrid[0:h, 0:200]
    head = (xx - 100) ** 2 / 26 ** 2 + (yy - 40) ** 2 / 32 ** 2 <= 1
    face = (xx - 100) ** 2 / 18 ** 2 + (yy - 46) ** 2 / 24 ** 2 <= 1
    rgb[head] = (90, 60, 30)
    rgb[face] = (225, 180, 150)
    person = (head | face).astype(np.float32)
    person[72:, 60:140] = 1.0  # the body
    rgb[72:, 60:140] = (40, 70, 170)  # a blue shirt
    person[80:h if not full_body else 200, 40:60] = person[80:h if not full_body else 200, 140:160] = 1.0
    rgb[80:h if not full_body else 200, 40:60] = rgb[80:h if not full_body else 200, 140:160] = (225, 180, 150)  # arms
    if full_body:
        rgb[215:, 60:140] = (30, 30, 35)  # trousers below the hips
    return rgb, person, face.astype(np.float32), (head & ~face).astype(np.float32), np.array([82, 22, 118, 70, 0.9])


def test_a_garment_is_the_persons_clothes_less_face_hair_and_skin() -> None:
    """"her shirt" is the person less her face, hair and bare arms (of her face's colour), above
    the hips; "his trousers" below them on a whole body, and nothing on a portrait."""
    from ldie_desktop.grounding.refine import clothes_part

    rgb, person, face, hair, box = _drawn_person(full_body=True)
    faces = [tuple(float(v) for v in box)]
    shirt = clothes_part(person, rgb, "upper", faces, rgb.shape[:2], face=face, face_skin=face, hair=hair)
    assert shirt is not None
    assert shirt[120, 100] > 0.9 and shirt[180, 80] > 0.9  # the chest, the belly
    assert max(shirt[46, 100], shirt[14, 100], shirt[120, 50], shirt[120, 150], shirt[300, 100], shirt[120, 10]) < 0.1
    trousers = clothes_part(person, rgb, "lower", faces, rgb.shape[:2], face=face, face_skin=face, hair=hair)
    assert trousers is not None and trousers[300, 100] > 0.9 and trousers[120, 100] < 0.1
    everything = clothes_part(person, rgb, "all", faces, rgb.shape[:2], face=face, face_skin=face, hair=hair)
    assert everything is not None and min(everything[120, 100], everything[300, 100]) > 0.9
    rgb, person, face, hair, box = _drawn_person(full_body=False)
    faces = [tuple(float(v) for v in box)]
    assert clothes_part(person, rgb, "lower", faces, rgb.shape[:2], face=face, face_skin=face, hair=hair) is None
    top = clothes_part(person, rgb, "upper", faces, rgb.shape[:2], face=face, face_skin=face, hair=hair)
    assert top is not None and top[190, 100] > 0.9  # a portrait's clothes are all upper


def test_garment_words_and_filled_holes() -> None:
    from ldie_desktop.grounding.refine import filled, garment_kind

    assert garment_kind("her jacket") == "upper" and garment_kind("the man's jeans") == "lower"
    assert garment_kind("the bride's dress") == "all" and garment_kind("her red top") == "upper"
    assert garment_kind("the top") is None and garment_kind("the top of the photo") is None
    assert garment_kind("the dog") is None
    assert garment_kind("the man in the red shirt") is None and garment_kind("the girl wearing a blue dress") is None
    ring = square(64, 64, (10, 10, 54, 54))
    ring[25:35, 25:35] = 0.0  # a patch on a suit
    ring[0:64, 58:60] = 1.0  # something apart, with the open background round it
    out = filled(ring)
    assert out[30, 30] == 1.0 and out[5, 5] == 0.0 and out[30, 56] == 0.0


def test_her_jacket_is_her_whole_suit_and_a_colour_splash_keeps_it(real_planner, sample_rgb: np.ndarray) -> None:
    """"her jacket" found nothing (no ImageNet class is a jacket) and "her suit" missed the
    sleeve beside the helmet; a garment is now the clothes of the person wearing it, one colour
    taken whole with its patch, and "everything except her suit" is the rest of the photo."""
    pts = {"sleeve": (299, 334), "chest": (330, 80), "patch": (384, 171), "face": (107, 220), "helmet": (427, 398),
           "hair": (43, 213), "backdrop": (60, 420), "neck": (170, 230)}
    for request in ("darken her jacket", "darken her suit"):
        layer = real_planner.plan(request, sample_rgb).layers[0]
        m = layer.mask.resized(*sample_rgb.shape[:2])
        at = {k: float(m[y, x]) for k, (y, x) in pts.items()}
        assert layer.enabled and min(at["sleeve"], at["chest"], at["patch"]) > 0.9, (request, at)
        assert max(at["face"], at["helmet"], at["hair"], at["backdrop"], at["neck"]) < 0.1, (request, at)
        assert m[150:400, 0:12].mean() < 0.05, request  # the flag's red stripes beside her sleeve
    layer = real_planner.plan("black and white but keep her suit in colour", sample_rgb).layers[0]
    m = layer.mask.resized(*sample_rgb.shape[:2])
    assert layer.op == "black_and_white" and max(m[299, 334], m[330, 80], m[384, 171]) < 0.1
    assert min(m[107, 220], m[427, 398], m[60, 420]) > 0.9
    top = real_planner.plan("brighten the top", sample_rgb).layers[0].mask.resized(*sample_rgb.shape[:2])
    assert top[60, 420] > 0.9 and top[330, 80] < 0.1  # "the top" is still the frame's
    picked = real_planner.place_mask((("replace", "clothes"),), sample_rgb, "brightness")  # the mask box's Select
    m = picked.mask.resized(*sample_rgb.shape[:2])
    assert m[299, 334] > 0.9 and m[107, 220] < 0.1


def test_one_part_of_someone_less_another(real_planner, sample_rgb: np.ndarray) -> None:
    """"brighten her face but not her hair" waited off for a painted mask; a part of someone with
    another part excepted is now the one less the other."""
    plan = real_planner.plan("brighten her face but not her hair", sample_rgb)
    layer = plan.layers[0]
    m = layer.mask.resized(*sample_rgb.shape[:2])
    assert layer.enabled and min(m[140, 210], m[168, 230]) > 0.85  # cheek, chin
    assert max(m[35, 230], m[100, 165], m[400, 100]) < 0.1  # crown, side hair, suit



def test_the_foreground_of_a_landscape_is_the_bottom_of_the_frame(real_planner) -> None:
    """"the foreground is too dark" on a landscape (no subject stands out) waited off for a painted
    mask; the foreground is then the bottom of the frame, as a graduated filter gives it."""
    yy, xx = np.mgrid[0:240, 0:360].astype(np.float32)
    noise = np.random.default_rng(3).normal(0, 4, (240, 360, 1))
    sky = np.stack([120 + 0 * yy, 150 + 0 * yy, 200 - 0.2 * yy], -1)
    ground = np.stack([40 + 0 * yy, 55 + 0.02 * xx, 30 + 0 * yy], -1)
    rgb = np.clip(np.where((yy > 130)[..., None], ground, sky) + noise, 0, 255).astype(np.uint8)
    layer = real_planner.plan("the foreground is too dark", rgb).layers[0]
    assert layer.op in ("brightness", "exposure", "tone") and layer.enabled
    m = layer.mask.resized(240, 360)
    assert m[230, 180] > 0.9 and m[10, 180] < 0.1


def test_a_box_through_the_photo_becomes_a_radial_filter() -> None:
    """A detector's box the segmentation could not shape (a flower filling a macro shot) made a
    hard-edged rectangle of a tonal edit; a box whose outline follows no edge of the photo is now a
    soft oval in it, while a thing that is a rectangle (a sign, a window) keeps its outline."""
    from ldie_desktop.grounding.refine import soft_oval, unsupported_box

    rng = np.random.default_rng(0)
    texture = np.clip(rng.normal(150, 25, (120, 160, 3)), 0, 255).astype(np.uint8)
    box = np.zeros((120, 160), np.float32)
    box[30:90, 40:120] = 1.0
    assert unsupported_box(box, texture)
    sign = texture.copy()
    sign[30:90, 40:120] = 30  # a dark rectangle: its outline is on the photo's edges
    assert not unsupported_box(box, sign)
    assert not unsupported_box(np.ones((120, 160), np.float32), texture)  # the whole frame
    oval = soft_oval(box)
    assert oval[60, 80] == 1.0 and oval[30, 40] < 0.05 and oval[5, 5] == 0.0
    assert np.abs(np.diff(oval, axis=1)).max() < 0.1  # no hard edge


def test_the_crowd_is_behind_the_player(real_planner, sample_rgb: np.ndarray) -> None:
    """"blur the crowd" on messi5 blurred the player (every person found, he the largest); a crowd,
    an audience or the fans are now the background behind the subject for any edit but a removal,
    and a removal of them leaves out a person four times larger than the rest."""
    from ldie_desktop.grounding.grounder import _CROWD_RE

    assert _CROWD_RE.search("the crowd") and _CROWD_RE.search("the fans in the stands")
    assert not _CROWD_RE.search("the man in the crowd") and not _CROWD_RE.search("the crowd on the left")
    layer = real_planner.plan("blur the crowd", sample_rgb).layers[0]
    m = layer.mask.resized(*sample_rgb.shape[:2])
    assert layer.op == "blur" and m[107, 220] < 0.1 and m[330, 80] < 0.1 and m[60, 420] > 0.9  # face, suit, backdrop


def test_a_house_no_class_names_is_guessed_as_all_but_the_sky(real_planner) -> None:
    """"brighten the house" on a palace against a blue sky waited off (no detector or classifier
    class is a house); all but the sky is now offered, and the planner says it is not sure."""
    rng = np.random.default_rng(5)
    rgb = np.zeros((240, 360, 3), np.float32)
    rgb[:] = (70, 130, 215)  # a blue sky
    yy, xx = np.mgrid[0:240, 0:360]
    wall = yy > 220 - 0.5 * xx  # a facade rising to the right
    rgb[wall] = (215, 190, 110)
    rgb[wall & ((xx // 24 + yy // 30) % 2 == 0)] = (170, 145, 80)  # its windows and mouldings
    img = np.clip(rgb + rng.normal(0, 3, rgb.shape), 0, 255).astype(np.uint8)
    plan = real_planner.plan("brighten the house", img)
    layer = plan.layers[0]
    m = layer.mask.resized(240, 360)
    sky = m[:60, :60]  # the sky above the facade's low end
    assert layer.enabled and m[200, 300] > 0.9 and sky.mean() < 0.2, (sky.mean(), plan.message)
    assert "not sure" in plan.message


def test_an_animals_fur_is_found_as_the_animal(real_planner, monkeypatch) -> None:
    """"make the fur warmer" on a squirrel waited off for a painted mask (no class is a fur); a coat
    named (fur, feathers, a mane) is looked for as the animal wearing it."""
    from ldie_desktop.grounding import grounder as grounder_mod
    from ldie_desktop.grounding.matcher import Selection

    asked: list[str] = []

    def fake_select(phrase, proposals, shape=None, min_score=0.3, namer=None):  # noqa: ANN001, ANN202
        asked.append(phrase)
        found = "animal" in phrase
        return Selection(np.ones((8, 8), np.float32) if found else None, [], [], 0.8 if found else 0.0, phrase)

    monkeypatch.setattr(grounder_mod, "select", fake_select)
    got = real_planner.grounder.ground("the fur", "temperature", [])
    assert got.mask is not None and asked == ["the fur", "the animal"]
    asked.clear()
    assert real_planner.grounder.ground("its feathers", "brightness", []).mask is not None and asked[-1] == "its animal"


def test_a_removal_on_an_unsure_place_waits_off(real_planner, sample_rgb: np.ndarray, monkeypatch) -> None:
    """"remove the flower" on a butterfly with no flower took the middle of the butterfly (found
    unsure, and removed anyway); a removal on a place found unsure now waits off, as a recolour
    does, with the guess kept on the layer."""
    from ldie_desktop.grounding.grounder import Grounding

    guess = np.zeros((64, 64), np.float32)
    guess[20:40, 20:40] = 1.0
    monkeypatch.setattr(real_planner, "_ground", lambda phrase, op, image, step=None: Grounding(Mask(guess), [], phrase, 0.3))
    plan = real_planner.plan("remove the flower", sample_rgb)
    [layer] = plan.layers
    assert layer.op == "inpaint_obj" and not layer.enabled and layer.mask is not None
    monkeypatch.setattr(real_planner, "_ground", lambda phrase, op, image, step=None: Grounding(Mask(guess), [], phrase, 0.9))
    assert real_planner.plan("remove the flower", sample_rgb).layers[0].enabled  # found sure: removed


def test_a_removal_of_a_part_of_the_frame_waits_off(real_planner, sample_rgb: np.ndarray) -> None:
    """"remove the logo in the bottom right corner" on messi5 erased the whole corner, his leg and the
    ball with it ("logo" was no place word, so the corner was the place); a mark on a photo (a logo, a
    watermark, a caption) is now the place, and a removal of a part of the frame waits off and says
    that cropping cuts it away."""
    from ldie_desktop.model.where import region_phrase

    assert region_phrase("remove the logo in the bottom right corner") == "the logo in the bottom right corner"
    plan = real_planner.plan("remove the bottom right corner", sample_rgb)
    assert [l.op for l in plan.layers] == ["inpaint_obj"] and not plan.layers[0].enabled
    assert "crop" in plan.message


def test_removing_the_crowd_leaves_the_player() -> None:
    from types import SimpleNamespace

    from ldie_desktop.grounding.grounder import _without_the_player
    from ldie_desktop.grounding.matcher import Selection

    def person(y0: int, y1: int, x0: int, x1: int) -> SimpleNamespace:
        m = np.zeros((64, 64), np.float32)
        m[y0:y1, x0:x1] = 1.0
        return SimpleNamespace(mask=m, kind="person")

    player, fans = person(20, 64, 20, 44), [person(2, 6, 2, 6), person(2, 7, 50, 54), person(3, 7, 30, 33)]
    sel = Selection(np.ones((64, 64), np.float32), [player, *fans], [], 0.8, "crowd")
    out = _without_the_player(sel)
    assert out.chosen == fans and out.excluded == [player] and out.mask[40, 30] == 0.0 and out.mask[4, 4] == 1.0
    alike = Selection(np.ones((64, 64), np.float32), fans, [], 0.8, "crowd")
    assert _without_the_player(alike) is alike  # no one stands out: all of them go
