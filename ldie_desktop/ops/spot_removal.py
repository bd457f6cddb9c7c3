"""Spot removal: dust on the sensor, a blemish, a hair or a scratch healed from what is round it
(Lightroom's Spot Removal, darktable's retouch, GIMP's heal tool).

Its mask is a list of spots, each a radius and a path (a click's point, a drag's line) kept in
the layer's place as fractions of the photo (``document.mask.spots_words``), so they land on the
same part of the photo at any size, and of another photo they are synced to, where sensor dust
sits too. Each spot is filled on a crop of its own at full resolution (PatchMatch, the object
removal's fill) and blends into the photo over a soft edge; pixels outside the spots are never
touched. "remove the dust spots" finds them (``autofix.dust_spots``); the Spot removal tool (Q)
adds and removes them by hand.
"""

from __future__ import annotations

from .inpaint_obj import InpaintObj


class SpotRemoval(InpaintObj):
    name = "spot_removal"
    label = "Spot removal"
    description = ("Heal dust spots, blemishes and scratches from their surroundings: click a spot with the "
                   "Spot removal tool (Q), drag along a scratch.")
    own_place = "the dust spots"  # found by their look (``Planner.select``) when a request asks
