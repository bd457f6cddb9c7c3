"""Kinds of things, as data: which ImageNet classes and which COCO labels belong to a kind
("bird", "food", "tool"), and the everyday nouns of each kind (WordNet-like hyponym lists).

They let a noun neither model names ("the magpie", "the wrench", "the yam") still prefer the
regions the classifier sees as its kind, and keep a sure detection of another kind ("a car"
for "the tomato") out of its candidates. The ImageNet indices follow the standard 1000-class
order (torchvision's ``_IMAGENET_CATEGORIES``), which groups classes by WordNet branch.
"""

from __future__ import annotations

import numpy as np


def _idx(*spans: int | tuple[int, int]) -> tuple[int, ...]:
    """Class indices from single indices and inclusive (first, last) spans."""
    out: list[int] = []
    for s in spans:
        out.extend(range(s[0], s[1] + 1) if isinstance(s, tuple) else [s])
    return tuple(out)


#: kind -> ImageNet-1k class indices
IMAGENET_KINDS: dict[str, tuple[int, ...]] = {
    "fish": _idx((0, 6), (389, 397)),
    "bird": _idx((7, 24), (80, 100), (127, 146)),
    "reptile": _idx((25, 68)),
    "invertebrate": _idx((69, 79), (107, 126), (300, 329)),
    "mammal": _idx((101, 106), (147, 299), (330, 388)),
    "food": _idx((924, 969), 987, 988, 990, 998),
    "plant": _idx(738, 984, 985, 986, 989, (991, 997)),
    "instrument": _idx(401, 402, 420, 432, 486, 494, 513, 541, 542, 546, 558, 566, 577, 579, 593, 594,
                       641, 642, 683, 684, 687, 699, 776, 822, 875, 881, 889),
    "tool": _idx(462, 473, 477, 491, 499, 512, 553, 587, 596, 600, 623, 677, 696, 714, 726, 730, 731,
                 740, 769, 772, 783, 784, 792, 813),
    "vehicle": _idx(403, 404, 405, 407, 408, 417, 436, 444, 450, 466, 468, 472, 479, 484, 510, 511, 547,
                    554, 555, 561, 565, 569, 573, 575, 576, 586, 595, 603, 609, 612, 625, 627, 628, 654,
                    656, 661, 665, 670, 671, 675, 690, 705, 717, 734, 751, 757, 779, 780, 802, 803, 812,
                    814, 817, 820, 829, 833, 847, 864, 866, 867, 870, 871, 874, 880, 895, 908, 913, 914),
    "container": _idx(412, 427, 438, 440, 441, 463, 469, 503, 504, 505, 521, 544, 550, 567, 572, 618,
                      647, 653, 659, 720, 725, 737, 756, 773, 809, 828, 849, 859, 868, 876, 883, 898,
                      899, 901, 907, 909, 923),
    "ball": _idx(429, 430, 522, 574, 722, 746, 752, 768, 805, 852, 890),
}

#: COCO label -> kind (labels of no kind here are left out)
COCO_KINDS: dict[str, str] = {
    "bird": "bird",
    **dict.fromkeys(("cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe"), "mammal"),
    **dict.fromkeys(("banana", "apple", "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza",
                     "donut", "cake"), "food"),
    **dict.fromkeys(("bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat"), "vehicle"),
    **dict.fromkeys(("bottle", "wine glass", "cup", "bowl", "vase"), "container"),
    **dict.fromkeys(("fork", "knife", "spoon", "scissors"), "tool"),
    "sports ball": "ball", "tennis racket": "ball", "potted plant": "plant",
}

#: kind -> everyday nouns of that kind (singular)
_KIND_NOUNS: dict[str, str] = {
    "fish": "fish goldfish trout salmon tuna cod carp pike shark ray stingray eel "
            "clownfish lionfish seahorse perch herring sardine mackerel "
            "piranha guppy minnow catfish swordfish marlin angelfish flounder halibut barracuda",
    "bird": "magpie gull seagull hen rooster cock chicken fowl crow raven blackbird sparrow robin finch "
            "lark cuckoo pigeon dove duck drake gander goose swan heron stork flamingo pelican "
            "penguin ostrich emu owl eagle hawk falcon vulture parrot macaw cockatoo "
            "budgie toucan hummingbird woodpecker kingfisher turkey peacock pheasant "
            "quail partridge grouse jay starling thrush wren chickadee albatross puffin",
    "reptile": "lizard iguana gecko chameleon snake python cobra viper turtle tortoise terrapin crocodile "
               "alligator dinosaur frog toad newt salamander axolotl",
    "invertebrate": "insect bug beetle ladybird ladybug fly bee wasp hornet ant butterfly moth caterpillar "
                    "grasshopper cricket locust dragonfly mosquito cockroach mantis spider scorpion tick "
                    "centipede millipede worm snail slug crab lobster shrimp prawn "
                    "crayfish mussel oyster clam abalone scallop octopus squid jellyfish starfish",
    "mammal": "animal mammal cat kitten dog puppy wolf fox dingo coyote horse pony donkey mule zebra cow "
              "bull ox calf cattle bison buffalo yak sheep ram lamb goat ibex deer doe "
              "stag elk moose caribou reindeer antelope gazelle impala gnu wildebeest "
              "giraffe camel dromedary llama alpaca pig hog boar warthog hippopotamus hippo rhinoceros "
              "rhino elephant bear panda koala wombat kangaroo wallaby lion tiger leopard cheetah jaguar "
              "cougar lynx monkey ape chimpanzee gorilla orangutan baboon lemur rabbit hare "
              "squirrel marmot beaver rat hamster hedgehog porcupine otter badger ferret weasel "
              "skunk raccoon mole whale dolphin orca walrus echidna platypus armadillo sloth",
    "food": "food fruit vegetable apple pear banana orange mandarin lemon lime grapefruit mango peach "
            "apricot plum cherry grape strawberry raspberry blueberry kiwi pineapple melon "
            "watermelon pomegranate fig avocado coconut tomato potato yam carrot "
            "onion garlic pepper chili eggplant aubergine cucumber zucchini courgette squash "
            "pumpkin lettuce cabbage broccoli cauliflower celery corn bean pea mushroom ginger "
            "radish beet turnip almond walnut pecan hazelnut peanut chestnut nut acorn bread loaf bagel "
            "pretzel cake pie pizza burger sandwich hotdog icecream cheese egg",
    "plant": "plant flower rose tulip daisy sunflower lily iris orchid daffodil marigold petunia "
             "hibiscus poppy lavender dandelion bouquet blossom bloom "
             "tree oak birch pine palm fir maple willow bush shrub cactus fern leaf pinecone "
             "fungus toadstool thyme herb",
    "instrument": "instrument guitar violin viola cello bassoon oboe clarinet flute trumpet trombone "
                  " tuba saxophone sax drum cymbal piano harp banjo accordion harmonica "
                  "xylophone marimba tambourine",
    "tool": "tool wrench spanner hammer mallet screwdriver saw axe hatchet drill pliers chisel "
            "shovel spade rake hoe trowel paintbrush brush broom scissors knife nail screw "
            "corkscrew opener grinder",
    "vehicle": "vehicle car automobile truck lorry pickup van bus tractor bicycle bike tricycle "
               "motorcycle scooter train tram locomotive airplane plane jet helicopter balloon boat "
               "ship sailboat yacht canoe kayak submarine wheel",
    "container": "container cup mug bottle jar jug pitcher kettle teapot coffeepot pot pan bowl "
                 "plate vase bucket bin barrel basket box toolbox",
    "ball": "ball football soccerball basketball baseball volleyball tennisball racket racquet",
}
NOUN_KINDS: dict[str, str] = {noun: kind for kind, nouns in _KIND_NOUNS.items() for noun in nouns.split()}


def kind_of(noun: str, labels: tuple[str, ...] = ()) -> str | None:
    """The kind of a noun: from the word itself, else from the COCO labels it maps to."""
    if noun in NOUN_KINDS:
        return NOUN_KINDS[noun]
    kinds = {COCO_KINDS.get(lab) for lab in labels} - {None}
    return kinds.pop() if len(kinds) == 1 else None


def kind_mass(probs: np.ndarray, kind: str) -> np.ndarray:
    """Per region, the ImageNet probability mass of ``kind``'s classes (``probs`` ``(n, 1000)``)."""
    return probs[:, list(IMAGENET_KINDS[kind])].sum(axis=1).astype(np.float32)
