"""What kind of request this is, read from its words, before and beside the trained models.

The operation predictor learnt GIER's habits, and GIER's requests are about retouching photos
people posted; some everyday requests to a desktop editor read wrongly through it:

* small talk and app commands ("hello", "thanks", "undo") are not edits at all
  (:func:`non_edit`);
* removing a *fault* is not removing a thing: "remove the noise" denoises, "remove the blur"
  sharpens, "remove the colour cast" neutralises the colours, "remove the vignetting" lifts the
  corners (:func:`rewrite` turns such idioms into the plain phrasing the planner reads right,
  and :func:`not_yet` names the retouching the app cannot do);
* geometry is said in numbers and names: "rotate it 5 degrees clockwise", "straighten the
  horizon" (:func:`rotation`), "crop it to a square", "crop to 16:9", "trim the edges"
  (:func:`crop_box`);
* numbers are exact: "exposure +1", "saturation -50" (:func:`amounts`);
* looks have names: "a vintage look", "moody", "noir" (:func:`look`);
* effects are said in words: "a subtle vignette", "coarse film grain", "teal and orange", "blue
  shadows and golden highlights" (:func:`effects`);
* "fix it" asks for nothing in particular (:func:`vague`): the photo decides (``autofix``).

Everything here is plain string work, no model, so it is exact and testable.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

from .directions import STEP_SCALE, direction, strength

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# ----------------------------------------------------------------------------- not an edit
#: Requests that are app commands: what the app does with them.
COMMANDS: dict[str, tuple[str, ...]] = {
    "undo": ("undo", "undo that", "undo it", "undo this", "undo the last edit", "undo the last change",
             "undo the last step", "undo last", "undo last edit", "undo last change", "go back", "step back",
             "revert that", "revert it", "revert the last edit", "take that back", "take it back", "i don't like it",
             "i dont like it", "not like that", "that's wrong", "thats wrong", "no not that",
             # the last step judged worse than before (GIER's bundle of brighter and more colourful before)
             "i liked it better before", "i liked it more before", "i preferred it before", "it was better before",
             "it looked better before", "that was better before", "that looked better before", "it's worse now",
             "its worse now", "that's worse", "thats worse", "that made it worse", "you made it worse",
             "that's worse than before", "thats worse than before", "the previous one was better",
             "the last one was better", "go back one step", "one step back", "back one step"),
    "redo": ("redo", "redo that", "redo it", "redo the last edit", "redo last"),
    "reset": ("reset", "reset it", "reset everything", "reset all", "start over", "start again", "revert",
              "revert everything", "revert all", "undo everything", "undo all", "undo all edits",
              "remove all edits", "clear all edits", "clear everything", "remove all the edits",
              "back to the original", "go back to the original", "restore the original", "restore it to the original",
              "restore it to original", "restore to the original", "restore to original", "restore the original photo",
              "revert to the original", "revert to original", "back to original", "go back to original",
              "reset to the original", "reset to original", "reset the photo", "reset the image", "reset the picture",
              "remove all layers", "remove all the layers", "delete all layers", "delete all the layers",
              "clear all layers", "clear the layers", "remove all", "clear", "clear all", "remove all adjustments",
              "remove all changes", "undo all changes", "delete all edits", "discard all edits", "discard the edits",
              "discard everything", "start from scratch", "remove every layer", "remove all my edits"),
    "original": ("show the original", "show me the original", "show original", "show the before",
                 "before and after", "compare", "compare with the original",
                 # (a contrast, and a crop, before)
                 "show me the before", "show before", "show me before", "show the before and after",
                 "show me the before and after", "show before and after", "show me before and after", "before after",
                 "before vs after", "let me see the before", "let me see the original", "compare it with the original",
                 "compare to the original", "compare it to the original", "side by side", "show me side by side",
                 "what did it look like before", "how did it look before", "show me how it was"),
    # what the app did, where a layer applies, the view: answered, not planned (GIER's bundles before)
    "explain": ("what did you change", "what did you do", "what have you done", "what have you changed",
                "what changed", "what did you edit", "explain", "explain what you did", "explain the changes",
                "what are the changes", "list the changes", "list the edits", "what edits did you make",
                "show me what you changed", "show me what you did"),
    "mask": ("show me the mask", "show the mask", "show mask", "show me the masks", "show the masks",
             "where is the mask", "where did you apply it", "where did it go", "show me where",
             "show me where you changed it", "which part did you change", "what part did you change"),
    "zoom_in": ("zoom in", "zoom in more", "zoom closer", "enlarge the view"),
    "zoom_out": ("zoom out", "zoom out more", "fit to screen", "fit to window", "show the whole photo",
                 "fit it on screen", "fit the photo"),
    "help": ("help", "help me", "what can you do", "what can i do", "what can i say", "what can i ask",
             "what can i type", "how does this work", "how do i use this", "how does it work", "commands",
             "what are the commands", "show me examples", "examples", "give me examples", "what do you do",
             "what can you edit", "what can this do", "what can it do", "instructions"),
    # follow-ups: the last request's layers, stronger or weaker (:func:`follow_up_factor`)
    "stronger": ("more", "a bit more", "a little more", "slightly more", "a tad more", "a touch more", "even more",
                 "more please", "some more", "stronger", "much more", "a lot more", "way more", "more of that",
                 "do that again", "do it again", "again", "again please", "keep going", "further", "go further",
                 "push it", "push it further", "double it", "not enough", "still not enough", "that's not enough",
                 "thats not enough", "more of it", "a bit stronger", "a little stronger", "much stronger", "more more",
                 "moar", "increase it", "a bit further", "twice as much"),
    "weaker": ("less", "a bit less", "a little less", "slightly less", "a tad less", "a touch less", "much less",
               "a lot less", "way less", "too much", "that's too much", "thats too much", "way too much",
               "a bit too much", "a little too much", "too strong", "that's too strong", "thats too strong",
               "tone it down", "tone that down", "dial it back", "dial it down", "not so much", "not that much",
               "weaker", "a bit weaker", "overdone", "it's overdone", "too far", "that's too far", "half as much",
               "less of that", "back off", "ease off", "gentler", "a bit gentler", "too intense", "way too strong",
               "that's overdone", "too extreme", "much weaker"),
}
_COMMAND_OF = {phrase: cmd for cmd, phrases in COMMANDS.items() for phrase in phrases}
COMMAND_MESSAGES = {
    "undo": "Undo is Edit > Undo (Ctrl+Z); typed in the app's request box, it undoes the last step.",
    "redo": "Redo is Edit > Redo (Ctrl+Shift+Z); typed in the app's request box, it redoes the last step.",
    "reset": "Typed in the app's request box, it removes every layer (Edit > Remove all layers, one undo step); "
             "the photo itself is never changed.",
    "original": "Hold \\ to see the original, or press Y for a before/after split.",
    "help": ("Say what to change, as you would to a person: 'brighten it a little', 'warmer and more vivid', "
             "'remove the man on the left', 'blur the background', 'make the blues deeper', 'crop it to 16:9', "
             "'recover the highlights', 'remove the haze', 'fix the perspective', 'fix the lens distortion', 'remove the dust spots', 'a vintage look', 'smooth her skin'. Then 'more' or 'less' adjusts it, 'only on the sky' or 'not on "
             "her face' moves it, 'remove the vignette' takes a layer out, 'undo' (or 'undo the last two changes') undoes, 'what did you change?' "
             "lists the layers, 'no, I meant warmer' replaces "
             "the last request, 'resize it to 1080 pixels wide' opens Export with that size, 'do the same to the other "
             "photos' syncs the edits to the rest of the folder, 'save this as a preset "
             "called Golden' keeps it for other photos; every layer can be changed by hand on the right, and its "
             "mask selected by words ('the sky', 'the shadows'). Examples has more."),
    "explain": ("'What did you change?' works in the app: it lists the layers, each with the words that asked "
                "for it (the Layers panel shows them too; untick one to see the photo without it)."),
    "mask": ("Select a layer in the Layers panel and tick Show under Mask to see where it applies; Select there "
             "picks a thing by name ('the sky', 'her face') and the brush paints the rest."),
    "zoom_in": "Zoom with the mouse wheel, or View > Zoom in (Ctrl++); 'zoom in on her face' crops to her.",
    "zoom_out": "Zoom out with the mouse wheel, or View > Zoom out (Ctrl+-).",
    **{f"undo_{n}": f"Typed in the app's request box, it undoes the last {n} steps (Edit > Undo, Ctrl+Z, {n} times)."
       for n in range(2, 10)},
    "stronger": "'More' works in the app: it makes the last request's layers stronger.",
    "weaker": "'Less' works in the app: it makes the last request's layers weaker.",
    "export": "Sizes, file sizes and file types are export settings: File > Export (Ctrl+E; 'Resize to fit', "
              "the JPEG quality and the format); on the command line, ldie render PHOTO -o OUT.jpg --long-side 2048 "
              "--quality 80.",
    "merge": "Merging works in the app: select the photos in the filmstrip and say 'stitch these into a panorama' "
             "or 'merge them into an HDR' (Photo > Merge); on the command line, ldie merge hdr|panorama PHOTO...",
    "snapshot": "Snapshots work in the app: 'take a snapshot called Colour' keeps the edits as they are, 'go back "
                "to the Colour snapshot' brings them back (the Snapshots panel, Ctrl+Alt+N).",
    "preset": "Presets work in the app (Presets menu, or 'apply my Golden preset') and on the command line "
              "(ldie render PHOTO --preset NAME).",
    "place": "'Only on the sky' works in the app: it moves the last request's edits there (or adds or takes out "
             "a place: 'on her face too', 'not on the sky').",
    "next_photo": "'Next photo' works in the app: it opens the next photo of the folder (Ctrl+Right).",
    "previous_photo": "'Previous photo' works in the app: it opens the previous photo of the folder (Ctrl+Left).",
    "sync_all": "'Do the same to the other photos' works in the app: it syncs this photo's edits to the rest of its "
                "folder (Edit > Sync edits); on the command line, ldie batch PHOTO... --edits EDITS.ldie.json.",
    "sync_selected": "'Do the same to the selected photos' works in the app: it syncs this photo's edits to the "
                     "photos selected in the filmstrip (Edit > Sync edits).",
    **{f"rate_{n}": f"'{n} stars' works in the app: it rates the photo (keys 0-5)." for n in range(6)},
    "pick": "'Pick it' works in the app: it flags the photo as a keeper (P).",
    "reject": "'Reject it' works in the app: it flags the photo as a reject (X).",
    "several": "One command at a time, please: send each on its own (e.g. 'undo', then 'show me the before').",
}
_NUMBERS = {"no": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
#: "give it 4 stars", "rate this photo five stars", "3 stars": a rating.
_RATE_RE = re.compile(r"^(?:(?:rate|give|mark)(?: it| this| this photo| the photo| this one| this picture)?"
                      r"(?: as| with| at)? )?(?:a )?([0-5]|no|zero|one|two|three|four|five) stars?$")
#: "pick it", "mark it as a keeper", "flag this as a pick": the pick flag; "reject it": the reject flag.
_PICK_RE = re.compile(r"^(?:(?:pick|keep) (?:it|this|this one|this photo)|(?:mark|flag)(?: it| this| this one| this photo)?"
                      r" as (?:a )?(?:pick|keeper)|it's a keeper|its a keeper)$")
_REJECT_RE = re.compile(r"^(?:reject (?:it|this|this one|this photo)|(?:mark|flag)(?: it| this| this one| this photo)?"
                        r" as (?:a )?reject(?:ed)?)$")

#: Moving through the folder: "next photo", "go to the previous one".
_PHOTO_STEP_RE = re.compile(r"^(?:(?:go|move|skip|switch)(?: on)? to |open |show(?: me)? |on to )?(?:the )?"
                            r"(next|previous|prev|last|prior) (?:photo|picture|pic|image|shot|one|file)$")
#: "do the same to the other photos", "apply these edits to all the pictures", "sync it to the
#: selected photos": this photo's edits on others.
_SYNC_RE = re.compile(
    r"^(?:(?:now |then )?(?:do|apply|copy|paste|sync|use|put)(?: (?:it|this|that|these|those|them|everything|"
    r"all that|all this|all of it|the same|same|the same thing|(?:the|these|those|my|this|that|the same) "
    r"(?:edits?|looks?|changes?|settings|adjustments?)))? (?:to|for|on|onto|with)|(?:the )?same (?:for|to|on)|"
    r"sync(?: it| them| this| these| the edits| my edits| everything)?(?: to| with| across)?)"
    r" (?:all (?:of )?)?(?:the |my |every |each |these )?(?:other |remaining |rest of the |selected |chosen )?"
    r"(?:rest|others|all|them|photos?|pictures?|pics|images?|shots?|ones?|files?)"
    r"(?: (?:too|as well|in (?:the|this) folder|in the strip|in the filmstrip))*$")


#: "... to all the photos", "... on every photo in the folder": the edit is for the folder.
_SCOPE_TAIL_RE = re.compile(
    r"\s*,?\s+(?:on|to|in|for|across|with)\s+(?:all|every|each)\s+(?:of\s+)?(?:the\s+|my\s+|these\s+|those\s+)?"
    r"(?:other\s+)?(?:photo|picture|pic|image|shot|photos|pictures|pics|images|shots|ones|of them)"
    r"(?:\s+(?:in|of)\s+(?:the|this)\s+(?:folder|shoot|set|series))?(?:\s+(?:too|as well))?\s*[.!]?$", re.IGNORECASE)
#: "brighten all the photos", "make every picture black and white": the folder is the object.
_SCOPE_OBJECT_RE = re.compile(
    r"\b(?:all|every|each)\s+(?:of\s+)?(?:the\s+|my\s+|these\s+|those\s+)?(?:other\s+)?"
    r"(?:photo|picture|pic|image|shot|photos|pictures|pics|images|shots)(?:\s+(?:in|of)\s+(?:the|this)\s+"
    r"(?:folder|shoot|set|series))?\b", re.IGNORECASE)


def batch_scope(text: str) -> str | None:
    """The request for one photo when ``text`` asks it of every photo of the folder ("add a
    vignette to all the photos" -> "add a vignette", "make all the pictures black and white" ->
    "make it black and white"), else None. The app does it to this photo, then offers it to the
    others (Sync)."""
    tail = _SCOPE_TAIL_RE.search(text)
    if tail and tail.start() > 0:
        return text[: tail.start()].strip() or None
    obj = _SCOPE_OBJECT_RE.search(text)
    if obj:
        rest = (text[: obj.start()] + "it" + text[obj.end():]).strip()
        return rest if _WORD.search(rest.replace("it", "")) else None
    return None


def photo_command(text: str) -> str | None:
    """An app command about the folder's photos: "next_photo", "previous_photo", "rate_0" to
    "rate_5" ("give it 4 stars"), "pick" ("mark it as a keeper"), "reject", "sync_selected" ("do
    the same to the selected photos"), "sync_all" ("apply this to all the other photos", "same
    for the rest"), or None. ``text`` is lower case, words only."""
    m = _PHOTO_STEP_RE.match(text)
    if m:
        return "next_photo" if m.group(1) == "next" else "previous_photo"
    m = _RATE_RE.match(text)
    if m:
        return f"rate_{_NUMBERS.get(m.group(1), m.group(1))}"
    if _PICK_RE.match(text):
        return "pick"
    if _REJECT_RE.match(text):
        return "reject"
    if _SYNC_RE.match(text):
        return "sync_selected" if re.search(r"\b(selected|chosen)\b", text) else "sync_all"
    return None


def follow_up_factor(text: str, command: str) -> float:
    """How much a follow-up ("more", "a bit less", "way too much", "double it") scales the last
    request's layers: 1.5 stronger or 0.6 weaker, nearer 1 for "a bit", further for "a lot"."""
    low = text.lower()
    if command == "stronger":
        if re.search(r"\b(double|twice)\b", low):
            return 2.0
        return 1.25 if re.search(r"\b(bit|little|slightly|tad|touch)\b", low) else \
            2.0 if re.search(r"\b(much|lot|way)\b", low) else 1.5
    if re.search(r"\bhalf\b", low):
        return 0.5
    if re.search(r"\b(way too|much less|a lot less|way less|too extreme|much weaker)\b", low):
        return 0.4
    return 0.8 if re.search(r"\b(bit|little|slightly|tad|touch)\b", low) else 0.6


#: Several steps undone: "undo the last two changes", "go back 3 steps", "undo the last 2".
_UNDO_SEVERAL_RE = re.compile(r"^(?:undo|revert|go\s+back|step\s+back|take\s+back)\s+(?:the\s+)?(?:last\s+)?"
                              r"(one|two|three|four|five|six|seven|eight|nine|[1-9])(?:\s+(?:changes|edits|steps|things|"
                              r"requests|times|layers|change|edit|step))?$")
#: Politeness around a command ("please undo that", "can you undo it?").
_POLITE = re.compile(r"^(please|pls|plz|ok|okay|hmm|hm|no|nope|oops|actually|can you|could you|would you|"
                     r"can u|could u|just)\s+|\s+(please|pls|plz|thanks|thank you|now)$")
#: Words of small talk and grammar: a request made only of these asks for no edit ("hello",
#: "thanks!", "how are you", "what is this"). Edit verbs and quality words are not here, so
#: "make it nice" or "better" still go to the models.
CHAT_WORDS = frozenset("""
hello hi hey hiya howdy yo greetings sup thanks thank thx ty cheers bye goodbye ok okay yes yeah yep yup no nope
looks look fine excellent brilliant fantastic wonderful superb exactly alright
sure cool nice great awesome wow good lovely perfect amazing beautiful gorgeous love like liked lol haha hahaha
hmm hm um uh test testing sorry welcome job work well done morning evening afternoon night there what who how why
when where which is are am was were be been do does did can could would will should shall may might you u i me we
us it this that these those the a an of to for and or but so my your our his her their its not just very really
what's how's it's that's i'm you're thats whats hows im youre doing going up much many lot there's here oh ah
bot ai robot app program computer help anything something doing fine alright right now then again one
mate buddy dude pal bro folks guys man friend
""".split())


def non_edit(text: str) -> tuple[str, str | None] | None:
    """``("command", name)`` for an app command ("undo", "start over"), ``("chat", None)`` for
    small talk ("hello", "thanks", "what is this"), else ``None`` (a request for an edit)."""
    low = " ".join(_WORD.findall(text.lower().replace("’", "'")))
    for _ in range(3):  # "please undo that, thanks"
        low = _POLITE.sub("", low).strip()
    if low in _COMMAND_OF:
        return "command", _COMMAND_OF[low]
    m = _UNDO_SEVERAL_RE.match(low)
    if m:  # "undo the last two changes"
        n = int({**_NUMBERS, "six": 6, "seven": 7, "eight": 8, "nine": 9}.get(m.group(1), m.group(1)))
        return "command", "undo" if n == 1 else f"undo_{min(n, 9)}"
    photos = photo_command(low)
    if photos is not None:
        return "command", photos
    words = low.split()
    if words and all(w in CHAT_WORDS for w in words):
        return "chat", None
    parts = [p for p in re.split(r"[,;.!?]+|\s+-\s+|\s+(?:and\s+)?then\s+", text) if p.strip()]
    parts = [re.sub(r"^\s*(?:and|then|also)\s+", "", p, flags=re.IGNORECASE) for p in parts]
    if len(parts) > 1:  # "that made it worse, undo": one command said twice, or with small talk round it
        said = [non_edit(p) for p in parts]
        commands = [s[1] for s in said if s is not None and s[0] == "command"]
        if len(set(commands)) == 1 and all(s is not None for s in said):
            return "command", commands[0]
        if len(set(commands)) > 1 and all(s is not None for s in said):
            return "command", "several"  # "show me the before, then undo": a contrast before
    return None


#: Words before a request that ask nothing: "ok", "great!", "that's good but ...", "perfect, now ...".
_PLEASANTRY_RE = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|great|nice|perfect|good|lovely|awesome|excellent|brilliant|thanks|thank\s+you|thx|"
    r"hmm+|hm+|um+|well|alright|all\s+right|yes|yeah|yep|wow)\b[\s,.!:;-]*)+(?:now\b|but\b|and\b)?\s*|"
    r"^\s*(?:(?:that|this|it)(?:'s|’s|\s+is|\s+looks)|looks)\s+(?:really\s+|much\s+|a\s+lot\s+|so\s+much\s+)?"
    r"(?:good|great|nice|better|perfect|fine|ok(?:ay)?|lovely|close)\b[\s,.!]*(?:but\b|and\b|now\b)?\s*",
    re.IGNORECASE)


def without_pleasantries(text: str) -> str:
    """``text`` without the words before it that ask nothing ("that's good but a little too
    bright" -> "a little too bright"; "perfect, now crop it" -> "crop it"); empty if that is all."""
    for _ in range(3):
        shorter = _PLEASANTRY_RE.sub("", text, count=1)
        if shorter == text:
            break
        text = shorter
    return text.strip()


#: "undo that and make it warmer", "no, I meant warmer", "make it cooler instead": this request
#: replaces the last one.
_REPLACE_LAST_RE = re.compile(
    r"^\s*(?:no[,.!]?\s+|oops[,.!]?\s+|sorry[,.!]?\s+)?(?:(?:undo|revert|scrap|cancel|drop|take\s+back)\s+"
    r"(?:that|it|this|the\s+last\s+(?:one|edit|step|change|request))(?:\s*[,;.]\s*|\s+and\s+|\s+then\s+)+|"
    r"i\s+meant\s+|i\s+wanted\s+(?=\w+er\b|it\b|more\b|less\b))", re.IGNORECASE)
_INSTEAD_RE = re.compile(r"[\s,]*\b(?:instead|rather)\b[\s.!]*$", re.IGNORECASE)


def replaces_last(text: str) -> str | None:
    """The request that takes the last one's place ("undo that and make it warmer instead" ->
    "make it warmer"; "no, I meant warmer" -> "warmer"), or None when ``text`` adds to it."""
    m = _REPLACE_LAST_RE.match(text)
    rest = text[m.end():] if m else text
    instead = _INSTEAD_RE.search(rest)
    if m is None and instead is None:
        return None
    rest = (rest[: instead.start()] if instead else rest).strip(" ,;.")
    return rest or None


# ----------------------------------------------------------------------------- layers by name
#: What people call the app's layers, for "remove the vignette", "turn off the grain", "undo the
#: crop": the operations each name stands for.
LAYER_NAMES: dict[str, tuple[str, ...]] = {
    "vignette": ("vignette",), "vignetting": ("vignette",), "grain": ("grain",), "film grain": ("grain",),
    "black and white": ("black_and_white",), "b&w": ("black_and_white",), "b & w": ("black_and_white",),
    "sepia": ("black_and_white",), "monochrome": ("black_and_white",), "grayscale": ("black_and_white",),
    "greyscale": ("black_and_white",), "crop": ("crop",), "cropping": ("crop",), "rotation": ("rotate",),
    "straightening": ("rotate",), "flip": ("flip",), "mirror": ("flip",), "blur": ("blur",), "blurring": ("blur",),
    "colour grade": ("split_tone",), "color grade": ("split_tone",), "grade": ("split_tone",),
    "split toning": ("split_tone",), "split tone": ("split_tone",), "teal and orange": ("split_tone",),
    "warmth": ("temperature",), "temperature": ("temperature",), "white balance": ("temperature", "hue"),
    "brightness": ("brightness",), "brightening": ("brightness",), "contrast": ("contrast",),
    "saturation": ("saturation",), "sharpening": ("sharpness",), "sharpness": ("sharpness",),
    "exposure": ("exposure",), "noise reduction": ("denoise",), "denoising": ("denoise",),
    "background colour": ("color_bg",), "background color": ("color_bg",), "white background": ("color_bg",),
    "tint": ("tint",), "curves": ("hue", "tint"), "colour curves": ("hue",), "color curves": ("hue",),
    "skin smoothing": ("blur",), "removal": ("inpaint_obj",), "perspective": ("perspective",),
    "keystone": ("perspective",), "perspective correction": ("perspective",),
    "lens correction": ("lens",), "lens corrections": ("lens",), "lens profile": ("lens",),
    "distortion correction": ("lens",),
}
_LAYER_ACTION = {
    "remove": "remove", "delete": "remove", "undo": "remove", "drop": "remove", "get rid of": "remove",
    "take off": "remove", "lose": "remove", "cancel": "remove", "kill": "remove", "scrap": "remove", "no": "remove",
    "turn off": "hide", "switch off": "hide", "hide": "hide", "disable": "hide", "reset": "remove",
    "turn on": "show", "switch on": "show", "show": "show", "enable": "show", "bring back": "show",
    "more": "stronger", "a bit more": "stronger", "a little more": "stronger", "a lot more": "stronger",
    "much more": "stronger", "stronger": "stronger", "a stronger": "stronger", "boost": "stronger",
    "boost the": "stronger", "intensify": "stronger", "increase": "stronger",
    "less": "weaker", "a bit less": "weaker", "a little less": "weaker", "a lot less": "weaker",
    "much less": "weaker", "weaker": "weaker", "a weaker": "weaker", "a subtler": "weaker", "softer": "weaker",
    "a softer": "weaker", "reduce": "weaker", "decrease": "weaker", "tone down": "weaker", "soften": "weaker",
    "bump up": "stronger", "turn up": "stronger", "crank up": "stronger", "more of": "stronger",
    "turn down": "weaker", "dial back": "weaker", "dial down": "weaker", "pull back": "weaker", "less of": "weaker",
    "too much": "weaker", "too much of": "weaker", "take away": "remove", "take out": "remove",
    "i don't want": "remove", "i dont want": "remove", "without": "remove", "no more": "remove",
}
#: Layers whose size says how much of the effect there is ("less grain" weakens the Grain layer).
#: A signed adjustment is not one: "less contrast" on a layer that lowered the contrast would
#: raise it again, so those words stay a request for the planner.
_STRENGTH_NAMES = [n for n, ops in LAYER_NAMES.items() if set(ops) <= {
    "vignette", "grain", "split_tone", "black_and_white", "blur", "sharpness", "denoise"}]
_NAMES = "|".join(re.escape(n) for n in sorted(_STRENGTH_NAMES, key=len, reverse=True))
#: "make the vignette stronger", "the grain is too strong": a layer's strength by its name.
_LAYER_STRENGTH_RE = re.compile(
    rf"^(?:please\s+|can you\s+|could you\s+)?(?:make\s+|turn\s+|dial\s+|crank\s+|bump\s+|tone\s+)?"
    rf"(?:the\s+|that\s+|this\s+|my\s+)?(?P<name>{_NAMES})"
    r"(?:\s+(?:layer|effect))?\s+(?:is\s+|a\s+bit\s+|a\s+little\s+|much\s+|a\s+lot\s+|way\s+)*"
    r"(?P<how>stronger|weaker|more\s+intense|less\s+intense|more\s+subtle|subtler|lighter|heavier|too\s+strong|"
    r"too\s+much|too\s+weak|too\s+subtle|too\s+faint|not\s+enough|too\s+heavy|too\s+dark|too\s+obvious|"
    r"too\s+visible|too\s+intense|too\s+coarse|up|down|back)(?:\s+(?:a\s+bit|a\s+little|a\s+lot))?(?:\s+please)?\W*$",
    re.IGNORECASE)
_STRONGER_HOW = ("stronger", "more intense", "heavier", "too weak", "too subtle", "too faint", "not enough", "up")
_LAYER_RE = re.compile(
    r"^(?:please\s+|can you\s+|could you\s+)?(?P<action>" + "|".join(sorted(_LAYER_ACTION, key=len, reverse=True))
    + r")\s+(?:the\s+|that\s+|this\s+|my\s+|your\s+|all\s+the\s+)?(?P<name>" + "|".join(
        re.escape(n) for n in sorted(LAYER_NAMES, key=len, reverse=True))
    + r")(?:\s+(?:layer|layers|effect|edit|again))?(?:\s+(?:please|again))?\W*$", re.IGNORECASE)


def layer_request(text: str) -> tuple[str, tuple[str, ...]] | None:
    """(action, the operations) when ``text`` is about layers by name: "remove" ("remove the
    vignette", "undo the crop"), "hide" ("turn off the grain"), "show", "stronger" ("more
    grain", "make the vignette stronger") or "weaker" ("less grain", "the grade is too strong").
    The app does it when such a layer is in the stack; else the request is read as an edit
    ("remove the grain" and "less grain" denoise, "more grain" adds grain)."""
    said = " ".join(text.strip().split())
    m = _LAYER_RE.match(said)
    if m is not None:
        action, name = _LAYER_ACTION[m.group("action").lower()], m.group("name").lower()
        if action in ("remove", "hide", "show") or name in _STRENGTH_NAMES:
            return action, LAYER_NAMES[name]
    m = _LAYER_STRENGTH_RE.match(said)
    if m is not None:
        how = " ".join(m.group("how").lower().split())
        return ("stronger" if how in _STRONGER_HOW else "weaker"), LAYER_NAMES[m.group("name").lower()]
    return None


# ----------------------------------------------------------------------------- idioms
#: How much, said of a white thing's fault ("a bit", "too", "kind of").
_DEGREE = r"(?:a\s+bit\s+|too\s+|very\s+|so\s+|kind\s+of\s+|slightly\s+|all\s+)?"
#: What a white thing looks like when it is not white any more: grey, dingy, yellowed (not plain "blue": "her dress
#: looks blue, make it white" may be a blue dress to recolour).
_GREYED = (rf"{_DEGREE}(?:grey|gray|greyish|grayish|dull|dingy|dirty|muddy|yellow|yellowish|yellowed|bluish|"
           r"off[- ]white)")
#: A thing said to show a colour cast ("her shirt looks blue"): group 1 is the thing, never one of its own colour.
_SHOWS_A_CAST = (r"((?:the|her|his|their|my|our)\s+(?:\w+(?:'s|’s)\s+)?(?!(?:skin|face|faces|sky|grass|trees?|leaves|lips|"
                 r"hair|eyes|water|sea|flowers?)\b)(?:\w+\s+)?(?!(?:skin|face|faces|sky|grass|trees?|leaves|lips|hair|eyes|water|"
                 r"sea|flowers?)\b)[\w-]+)\s+(?:looks?|is|are|seems?|has\s+gone|turned)\s+(?:a\s+bit\s+|too\s+|very\s+|so\s+|"
                 r"kind\s+of\s+|slightly\s+|all\s+)?(?:blue|bluish|yellow|yellowish|orange|green|greenish|pink|pinkish|purple|"
                 r"magenta|red|reddish|cyan)\b")
#: A thing to clean up: not a face or its parts, the sky, the background, the photo or a quality of it.
_CLEANED = (r"(?:the|her|his|their|my|our|this|that|these|those)\s+(?!(?:\w+\s+)?(?:skin|face|faces|complexion|teeth|eyes|"
            r"sky|background|backdrop|photo|picture|image|pic|shot|edges?|noise|colou?rs?|lines|hair|lips|scan|mask|"
            r"whites|highlights|shadows|"
            # faults named: what is wrong goes, not the thing's look ("clean up the jpeg artifacts", "... the spots")
            r"artifacts?|artefacts?|spots?|specks?|dust|noise|grain|blemish(?:es)?|marks?|scratch(?:es)?|banding|blocks|"
            r"blockiness|compression|fringes?|fringing|halos?|haze|glare|reflections?|mess|clutter|junk|wires?|cables?|"
            r"stains?|smudges?|fingerprints?|hairs?|flyaways|red\s+eyes?)\b)(?!(?:look|style|edit|grade)\b)(?:[\w-]+\s+)?[\w-]+")
#: Places that are cleaned up by taking away what lies on them ("clean up the table").
_SURFACES = (r"(?:table|desk|counter|countertop|worktop|floor|room|kitchen|bedroom|living\s+room|office|street|road|"
             r"pavement|sidewalk|car\s+park|parking\s+lot|yard|backyard|garden|lawn|beach|shelf|shelves|bed|sofa|couch|"
             r"ground|driveway|path|patio|deck|porch|workbench|bench|sand|grass)")
#: The plain phrasing of skin retouching ("smooth her skin", "remove the blemishes").
SKIN_PLAIN = "blur the skin"
#: Blemishes: each healed (spot removal on the spots found on the faces), the skin smoothed too.
BLEMISH_PLAIN = "heal the blemishes, " + SKIN_PLAIN
_REMOVE = (r"(?:remove|reduce|fix|correct|get rid of|clean(?: up)?|clear(?: up)?|eliminate|lessen|cut(?: down)?|kill|suppress|"
           r"take (?:out|away)|minimi[sz]e|less(?:en)?|lower|tame|neutrali[sz]e|counter(?:act)?)")
#: What identifies someone or something private: a face, a number plate, a name, an address.
_PRIVATE = (r"(?:(?:the|her|his|their|my|our|your|its|all\s+the|every|each|those|these|that|this)\s+)?"
            r"(?:(?:\w+(?:'s|’s|s'))\s+|(?:other\s+|kids?\s+|kid's\s+|children's\s+|people's\s+|car's\s+)?)?"
            r"(?:faces?|licen[cs]e\s+plates?|number\s+plates?|registration(?:\s+plates?)?|plates?|name\s*tags?|names?|"
            r"house\s+numbers?|address(?:es)?|phone\s+numbers?|card\s+numbers?|id\s+cards?|badges?|screens?)"
            r"(?:\s+(?:of|on)\s+(?:the|her|his|their|my|that|this)\s+\w+)?")
#: Teeth whitened, as Lightroom's Teeth Whitening brush does it.
TEETH_PLAIN = ", saturation -60 on the teeth, exposure +0.4 on the teeth"
#: What is done to dark circles under the eyes.
_UNDER_EYE_VERBS = (r"(?:remove|reduce|fix|hide|lighten|brighten|soften|get\s+rid\s+of|cover(?:\s+up)?|conceal|"
                    r"minimi[sz]e|lessen|erase|take\s+away|tone\s+down|retouch|correct)")
#: A thing named: "the kid's face", "the car on the left" (up to four words).
_THE_THING = r"(?:the|her|his|their|my|that|this|those|these|all\s+the)\s+(?:[\w'’]+\s+){0,3}?[\w'’]+(?=\s*(?:$|[,.;!?]|\b(?:and|please|so)\b))"
_DETS = r"(?:(?:the|some|all|any|that|this|its|of|a|an|bit|little|lot|those|these|my|it's|most)\s+)*"
_COLOUR = r"(?:yellow|yellowish|orange|orangey|red|reddish|blue|bluish|green|greenish|magenta|purple|purplish|pink|" \
          r"pinkish|warm|cool|cold|brown|brownish|cyan|teal|weird|strange|ugly|odd)"
#: The plain phrasings of haze removed ("remove the haze", "it's so hazy") and haze wished for
#: ("add some mist"), which name the Dehaze operation (:func:`sliders`).
HAZE_OFF = "dehaze it"
HAZE_ON = "add a haze veil"
#: A heavy edit taken back: the sliders a heavy hand pushes.
UNDO_LOOK = "less saturation, less contrast, less clarity"

#: A photo said to be dull or lifeless, with room for a strength word ({}); alone in its clause
#: ("it's so dull and dark" says more than this look).
_DULL = (r"^\s*(?:everything|it|this|the\s+(?:photo|picture|image|pic|shot|whole\s+thing|colou?rs)|(?:my|our|this|that|"
         r"\w+(?:'s|’s))\s+(?:old\s+)?(?:photo|picture|image|pic|shot|print|scan))\s*(?:'s|is|are|"
         r"looks?|seems?|feels?|came\s+out)\s+{}(?:dull|lifeless|lacklu?stre|lackluster|boring|bland|drab|dreary|"
         r"uninspiring|meh|washed[- ]out|faded|flat\s+and\s+(?:grey|gray|dull|lifeless|boring|muddy)|"
         r"(?:grey|gray|dull)\s+and\s+flat)\b"
         # when or where it looks so is no place to edit ("after editing", "on my phone", "to me")
         r"(?:\s+(?:now|after|since|because|when|to\s+me|on\s+(?:my|the|this)|in\s+(?:this|the|my)|compared|somehow)\b"
         r"[^,.;:!?]*?)?(?=\s*(?:$|[,.;:!?]|but\b|so\b|can\b|could\b|please\b|pls\b|plz\b|make\b|fix\b|give\b))")

#: (pattern, replacement): the idiom and the plain phrasing the planner reads right. Order matters.
#: A thing named after a determiner ("the red car", "her dress", "the background"), and what it is made:
#: a comparative, a colour, black and white, "more vivid", "pop".
_NP = r"(?:the|her|his|their|my|its|this|that|our|your)\s+(?:\w+\s+)?\w+"
#: The photo itself, or its light and colour, named as a noun phrase ("the selfie is too orange" is a cast).
_PHOTO_ITSELF = (r"(?:the|this|that|my|our|your|its)\s+(?:whole\s+|entire\s+)?(?:photo|picture|image|pic|shot|selfie|snapshot|scan|"
                 r"portrait|headshot|light|lighting|colou?rs?|tones?|white\s+balance|scene|room|sunset\s+light)\b")
#: A thing with whose it is and where it is ("the dragonfly's wings", "the water drops on the leaf").
_NP_AT = (r"(?:the|her|his|their|my|its|this|that|our|your)\s+(?:\w+(?:'s|’s)\s+)?(?:\w+\s+)?\w+(?:\s+(?:on|in|of|at|by|near)\s+"
          r"(?:the|her|his|their|my|its|our|your)\s+(?:\w+(?:'s|’s)\s+)?(?:\w+\s+)?\w+)?")
_ADJ = (r"(?:(?:a\s+(?:bit|little|touch)\s+|slightly\s+|much\s+|a\s+lot\s+|way\s+|even\s+)?(?:(?:more|less)\s+\w+|"
        r"black\s+(?:and|&)\s+white|b\s*&\s*w|monochrome|pop|stand\s+out|red|orange|yellow|green|blue|purple|pink|"
        r"white|black|grey|gray|brown|teal|turquoise|warm|cool|cold|bright|dark|sharp|soft|blurry|vivid|colou?rful|"
        r"(?:deep|deeper|darker|lighter|brighter)\s+(?:red|orange|yellow|green|blue|purple|pink)|\w{3,}er))")

#: Skin of a colour ({}: the colours) complained of, with a "tone that down" after it.
_SKIN_COLOURED = (r"\b((?:my|her|his|their|our|the\s+\w+(?:'s|’s))\s+(?:skin(?:\s+tones?)?|face|faces|cheeks|nose|neck|arms|hands))\s+"
                  r"(?:looks?|is|are|seems?|came\s+out|appears?)\s+(?:really\s+|very\s+|so\s+|too\s+|a\s+bit\s+|quite\s+|kind\s+of\s+|"
                  r"way\s+too\s+)*{}(?:dish|ish|y)?\b(?:\s+(?:in|on)\s+(?:it|this|this\s+one|the\s+(?:photo|picture|shot)))?"
                  r"(?:\s*[,.;]?\s*(?:and\s+)?(?:is\s+it\s+possible\s+to|can\s+you|could\s+you|please|would\s+you)?\s*(?:tone|turn|calm)\s+"
                  r"(?:that|it|this)\s+down(?:\s+a\s+(?:bit|little|touch))?\b\??)?")
#: A garment in a colour: "a red jacket", "a navy blue suit" (the colour, then the garment).
_GIVEN_GARMENT = (r"(?:a\s+|an\s+|some\s+)?((?:(?:dark|light|bright|pale|deep|navy|sky|royal|baby|hot|pastel|emerald|forest|lime|"
                  r"blood|wine)\s+)?(?:red|orange|yellow|green|blue|purple|pink|black|white|grey|gray|brown|teal|turquoise|navy|"
                  r"maroon|beige|gold|golden|silver|violet|magenta|cyan|lilac|lavender|burgundy|olive|mint|coral|cream))\s+"
                  r"((?:shirt|t-shirt|tshirt|top|blouse|sweater|jumper|hoodie|cardigan|blazer|jacket|coat|vest|dress|gown|suit|skirt|"
                  r"trousers|pants|jeans|shorts|outfit|uniform|scarf|tie)s?)\b")

#: Colours said of a cast ("less orange") and the wish for natural colours ("make the colours more natural").
_CAST_COLOUR = r"(?:orange|yellow|blue|green|magenta|purple|pink|red|cyan)"
_NATURAL_COLOURS = (r"\b(?:make\s+)?(?:the\s+)?colou?rs\s+(?:look\s+)?(?:more\s+)?(?:natural|realistic|true\s+to\s+life|"
                    r"lifelike)\b")
_COLOURS_WRONG = (r"\b(?:the\s+)?colou?rs\s+(?:are|look|seem)\s+(?:all\s+|totally\s+|completely\s+|a\s+bit\s+|so\s+)?(?:wrong|off|"
                  r"weird|strange|odd)\b")
#: A cast of the whole photo said: "less orange" (as the fault and its colour read), "it's too yellow", "this looks green".
_CAST_SAID = (rf"(?:(?:^|(?<=[,;.!?])|(?<=[,;.!?]\s)|(?<=\band\s)|(?<=\bso\s))\s*less\s+{_CAST_COLOUR}\b|\b(?:it'?s|it’s|it\s+is|it\s+looks|this\s+is|this\s+looks)\s+(?:\w+\s+){{0,2}}?"
              rf"{_CAST_COLOUR}(?:ish|y)?\b)")

REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.IGNORECASE), r) for p, r in (
    # a removal of some but not others: the others are its exception ("remove the tourists, not my friends" looked for
    # "the tourists and not my friends")
    (r"(\b(?:remove|erase|delete|get\s+rid\s+of|take\s+out|blur|pixelate)\s+(?:all\s+)?(?:the|those|these)\s+[\w' ]*?(?:s|people|"
     r"children|crowd))\s*,?\s+"
     r"(?:but\s+)?not\s+((?:the|my|her|his|their|our)\s+[\w' ]+?)(?=\s*(?:$|[,.;!?]))", r"\1 except \2"),
    # a can for rubbish is a bin ("the trash can on the right" was "the trash": "can" read as a verb)
    (r"\b(?:trash|garbage|rubbish|waste|litter)\s+cans?\b", "bin"),
    # texting shorthand ("colours r too strong tone them down" lost the colours)
    (r"\b([a-z]+)\s+r\s+(?=(?:too|so|very|way|a\s+bit|kinda|kind\s+of|all|really|rly|not|way)\b)", r"\1 are "),
    (r"\bu\b(?=\s+(?:make|fix|do|help|brighten|darken|crop|remove|sharpen|blur|add|please|pls|plz)\b)", "you"),
    (r"\bur\b(?=\s+\w)", "your"), (r"\b(?:rly|rlly)\b", "really"), (r"\babit\b", "a bit"), (r"\balot\b", "a lot"),
    (r"\b(?:lil|lil')(?=\s+(?:bit|brighter|darker|more|less|warmer|cooler|sharper))", "little"), (r"\ba\s+lil\b", "a little"),
    (r"\bkinda\b", "kind of"), (r"\bsorta\b", "sort of"),
    (r"(?:^|(?<=[,;.!?]\s)|(?<=\bbut\s)|(?<=\band\s))its\s+(?=(?:too|so|very|really|way|a\s+bit|kind\s+of|quite|super|all|"
     r"not|washed|blurry|dark|bright|noisy|grainy|crooked|tilted|wonky|yellow|blue|orange|green|faded|dull|flat|"
     r"overexposed|underexposed|hazy|soft|boring|fine|ok|okay|good|great)\b)", "it's "),
    # two faults of one thing said at once are each said of it ("her face is too shiny and too red" lost the red once
    # the shine was read)
    (r"\b((?:the|her|his|their|my)\s+(?:(?!(?:is|are|looks?|seems?)\b)\w+\s+)?\w+)\s+(is|are|looks?|seems?)\s+"
     r"((?:too|so|very|really|a\s+bit|kind\s+of|way\s+too)\s+\w+)\s+and\s+((?:too|so|very|really|a\s+bit|kind\s+of|way\s+too)\s+"
     r"\w+)\b", r"\1 \2 \3, \1 \2 \4"),
    # what is left of a place is that place ("crop in on her and blur what's left of the background")
    (r"\bwhat(?:'s|’s|\s+is)\s+(?:left|remaining)\s+of\s+(?=(?:the|her|his|their|my)\b)|\bwhat\s+remains\s+of\s+(?=(?:the|her|his|"
     r"their|my)\b)", ""),
    # one side said to be darker than the other is the fix; "even it out" asks nothing more (a darkening of it all)
    (r"\b((?:darker|brighter|lighter)\s+than\s+(?:the\s+)?\w+(?:\s+side)?)\s*[,;.]?\s*(?:so\s+|and\s+|please\s+|can\s+you\s+|"
     r"could\s+you\s+)*(?:even|balance|match)\s+(?:it|them|that|things|the\s+two|both\s+sides|the\s+sides)(?:\s+(?:out|up))?"
     r"(?:\s+please)?\b", r"\1"),
    # a document made to look scanned: its paper white, its ink dark ("make it look like a proper scan" was refused as
    # turning the photo into something else)
    (r"\b(?:make\s+(?:it|this)\s+)?(?:look\s+)?like\s+(?:a\s+|an\s+)?(?:proper|real|clean|flatbed|professional|good)?\s*"
     r"(?:scan|scanned\s+(?:document|page|copy))\b", "fix the white balance, more contrast, brighten the highlights"),
    # a cry for help after the request asks nothing more ("it's way too dark, help" lowered the contrast too)
    (r"\s*[,.!]*\s*\b(?:(?:please|pls|plz)\s+)?(?:help|send\s+help|help\s+me|help\s+pls|help\s+please)\s*[.!?]*\s*$", ""),
    # "it's giving X" (it looks like X), said before what to do about it: the complaint, not a look wished for ("it's
    # giving 2005 digicam, i want it cleaner" applied the digicam look)
    (r"^\s*(?:(?:ugh|omg|lol|ngl|tbh|honestly|okay|ok|so)\s*,?\s+)*it(?:'s|’s|\s+is)\s+giving\s+[^,;.!?]+[,;.!?]+\s*(?=\S)", ""),
    # a photo made cleaner: its noise down a little and crisper (GIER's bundle of curves before)
    (r"\b(?:(?:make|get)\s+(?:it|this|the\s+(?:photo|picture|image|shot))|i\s+want\s+it|want\s+it|it\s+needs\s+to\s+be|"
     r"it\s+should\s+be)\s+(?:a\s+bit\s+|a\s+little\s+|much\s+|slightly\s+)?(?:cleaner|more\s+clean|clean)\b(?!\s+(?:look|style|edit))",
     "denoise it a little, slightly more clarity"),
    # a colour asked about, or not wished so strong, is too much of it ("why is it so blue??", "can you not make it so
    # orange" were GIER's bundles of curves)
    (r"\bwhy\s+(?:is|does)\s+(?:it|this|everything|the\s+(?:photo|picture|image|whole\s+thing))\s+(?:look\s+)?(?:so\s+|this\s+|"
     r"that\s+|all\s+)?(blue|orange|yellow|green|magenta|purple|pink|red)(?:ish|dish)?\b", r"less \1"),
    (r"\b(?:can\s+you\s+|could\s+you\s+|please\s+)?(?:not|don'?t)\s+make\s+(?:it|this)\s+(?:so|that|this|as)\s+"
     r"(blue|orange|yellow|green|magenta|purple|pink|red)\b", r"less \1"),
    # a face or skin likened to something red is too red ("my face looks like a tomato" was GIER's bundle on it)
    (r"\b((?:my|her|his|their|the)\s+(?:\w+(?:'s|’s)\s+)?(?:face|faces|skin|cheeks|nose|neck))\s+(?:looks?|is|are)\s+"
     r"(?:like\s+(?:a\s+|an\s+)?(?:tomato|lobster|beetroot|beet|strawberry|cherry|fire\s+engine|stop\s+sign)|sunburnt|sunburned)\b",
     r"desaturate the reds on \1"),
    # "please" said in another language, in an English request ("add more contrast por favor" added a "favor")
    (r"\b(?:por\s+favor|s'il\s+(?:vous|te)\s+pla[iî]t|per\s+favore|bitte(?:\s+sch[öo]n)?|alsjeblieft|onegai(?:shimasu)?)\b",
     "please"),
    # the story round a request is no part of it: who sent or took the photo, what it is for ("the photographer sent us
    # this but my skin looks really red" looked for the photographer; "I want to print this for my mother's birthday so
    # it needs to look its best" for "my mother")
    (r"^\s*(?:(?:hello|hi|hey|dear\s+\w+|good\s+(?:morning|afternoon|evening))\s*[!,.]+\s*)?(?:(?:so|ok|okay|well|um|basically)\s*,?\s+)?"
     r"(?:i|we|my\s+\w+(?:'s|’s)?|our\s+\w+|the\s+photographer|a\s+friend|someone|somebody|he|she|they)\s+(?:sent|gave|emailed|"
     r"shared|took|shot|snapped|got)\s+(?:us\s+|me\s+)?(?:this|it)\b(?:\s+(?:one|photo|picture|pic|shot|image))?[^,.;!?]*?"
     r"\s*,?\s*(?:but|and)\s+(?=\w)", ""),
    (r"\b(?:i|we)\s*(?:want|would\s+like|'d\s+like|’d\s+like|need|am\s+going|'m\s+going|’m\s+going|plan|hope)\s+to\s+(?:print|post|"
     r"share|frame|upload|send|use|put)\s+(?:this|it)\b[^,.;!?]*?\s*,?\s+(?:so|and|which\s+means)\s+(?=\w)", ""),
    (r"^\s*(?:the\s+)?(?:photo|picture|image|pic|shot)\s+(?:is|looks)\s+(?:great|fine|good|nice|lovely|perfect)\s*,?\s+but\s+",
     ""),
    (r"^\s*(?:(?:hello|hi|hey|dear\s+\w+|good\s+(?:morning|afternoon|evening))\s*[!,.]+\s*)?(?:this|it)\s*(?:is|'s|’s)\s+"
     r"(?:a\s+|an\s+|the\s+)?(?:old\s+)?(?:photo|picture|pic|shot|image|portrait|snapshot)\s+of\s+"
     r"[^,.;!?]*[,.;!?]\s*(?:and\s+|but\s+)?", ""),
    (r"^\s*(?:it'?s|it’s|it\s+is|this\s+is|this'?s|these\s+are)\s+(?:(?:a|an|the|my|our)\s+(?:[\w-]+\s+){0,2}?(?:pic|pics|photo|photos|"
     r"picture|pictures|shot|shots|image|images|snap|headshot|portrait)\s+)?for\s+(?:our|my|a|an|the|his|her|their)\s+[^,.;:!?]+[,.;:!?]\s*"
     r"(?:so\s+)?(?=\w)", ""),
    # ... or said last ("make this look professional, it's for my portfolio website" was GIER's bundle)
    (r"\s*[,.;]\s*(?:it'?s|it’s|it\s+is|this\s+is|they'?re|they\s+are)\s+(?:for|going\s+(?:on|to|in|into))\s+(?:my|our|a|an|the|"
     r"his|her|their)\s+[^,.;!?]+[.!?]*\s*$", ""),
    # a camera setting blamed for a cast is why, not a light wished ("... since I used the fluorescent light setting"
    # set the fluorescent preset again)
    (r"\s*,?\s*\b(?:since|because|as|after)\s+(?:i|we|you|the\s+camera)\s+(?:used|had|set|left|was\s+on|shot\s+(?:it\s+)?(?:with|on|in))"
     r"\s+(?:it\s+on\s+)?(?:the\s+|a\s+)?(?:wrong\s+)?(?:[\w-]+\s+){0,2}(?:setting|preset|mode|white\s+balance|wb)\b", ""),
    # what was said in jest is taken back ("make my cat look less grumpy? lol jk, just brighten him up")
    (r"^.*?[?!.,]?\s*\b(?:lol\s+|haha\s+)?(?:jk|j/k|just\s+kidding|only\s+kidding|kidding|joking|just\s+joking)\b[\s,.!]*"
     r"(?=\w)", ""),
    # a mistake owned is why, not what to do ("I messed up the settings and it's way overexposed" desaturated it too)
    (r"^\s*(?:(?:ugh|oops|argh|so)\s*[!,.]*\s+)?(?:i|we)\s+(?:messed|screwed|mucked|stuffed|botched)\s+(?:up\s+)?(?:the\s+|my\s+|our\s+)?"
     r"(?:settings?|camera(?:\s+settings)?|shot|photo|picture|it)(?:\s+up)?\s*(?:[,;.!]+\s*|\s+)(?:and\s+|so\s+|now\s+)*(?=\w)", ""),
    # where the photo is from ("hi! this is from my sister's wedding, ... brighten it" brightened "my sister s")
    (r"^\s*(?:(?:hello|hi|hey)\s*[!,.]+\s*)?(?:this|it)\s*(?:is|'s|’s|was)\s+(?:taken\s+|shot\s+)?(?:from|at|during)\s+"
     r"(?:my|our|a|an|the|his|her|their)\s+[^,.;!?]+[,.;!?]\s*(?:and\s+|but\s+|so\s+)?(?=\w)", ""),
    # what the photo is for, said first ("I'm selling my sofa online, can you ..." planned an erasure of the sofa)
    (r"^\s*(?:(?:hello|hi|hey)\s*[!,.]+\s*)?(?:i'?m|i’m|i\s+am|we'?re|we’re|we\s+are)\s+(?:selling|listing|posting|sharing|"
     r"sending|printing|making|using|entering|submitting|uploading|advertising|renting|putting\s+up)\b[^,.;!?]*[,.;!?]\s*"
     r"(?:so\s+|and\s+)?(?=\w)", ""),
    (r"\b(?:it|this|that)\s+was\s+(?:such\s+)?(?:a|an)\s+(?:\w+\s+){0,2}?(?:day|morning|afternoon|evening|night|holiday|trip|party|"
     r"wedding|weekend|walk)\b[^,.;!?]*?\s*,?\s*(?:but|and|so)\s+(?=\w)", ""),
    (r"^\s*(?:we|i)\s+(?:(?:were|was)\s+(?:on\s+(?:holiday|vacation|a\s+trip|honeymoon)|away|visiting|travell?ing)|went\s+(?:to|on)|"
     r"visited|drove\s+to|hiked\s+(?:up|to)|travell?ed\s+to|spent\s+(?:the\s+|a\s+)?\w+\s+(?:at|in))\b[^,.;!?]*?"
     r"(?:\s*[,.;!?]\s*|\s+and\s+)(?=\w)", ""),
    # a fault and a colour said together ("it's faded and a bit yellow", "it came out dark and orange"): the colour is
    # a cast, less of it (it was lost)
    (r"(?:^|(?<=[,.;!?])|(?<=\band)|(?<=\bbut)|(?<=\bso))(\s*(?:it(?:'s|’s|\s+is|\s+looks|\s+came\s+out|\s+seems)|"
     r"this\s+(?:is|looks)|everything\s+(?:is|looks|came\s+out)|the\s+(?:whole\s+|entire\s+)?(?:photo|picture|image|print|scan|"
     r"room|kitchen|bedroom|bathroom|living\s+room|office|hall|house|place|scene|church|venue|restaurant|bar)\s+"
     r"(?:is|looks|came\s+out))\s+(?:really\s+|very\s+|so\s+|a\s+bit\s+|too\s+|kind\s+of\s+|quite\s+|way\s+too\s+|way\s+|"
     r"super\s+|all\s+|a\s+little\s+|slightly\s+)?"
     r"(?!(?:yellow|orange|blue|green|magenta|red|pink|purple|cyan)\b)\w+)(?:\s+and|\s*,)\s+(?:a\s+bit\s+|slightly\s+|too\s+|very\s+|"
     r"really\s+|kind\s+of\s+|quite\s+|way\s+too\s+|a\s+little\s+)?(yellow|orange|blue|green|magenta|pink|purple|cyan)"
     r"(?:ish|y)?\b", r"\1, less \2"),
    # an old photo restored: its own Auto, measured ("could you restore it?" removed every layer)
    (r"\b(?:restore|repair|fix\s+up|bring\s+back)\s+(?:it|this|(?:the|this|my)\s+(?:old\s+)?(?:photo|picture|print|scan|image|pic))"
     r"(?=\s*(?:$|[,.;!?]|please\b|for\s+me\b))", "fix it"),
    # the shape a photo has to have is a crop ("it has to be square" was not understood)
    (r"\b(?:it|this|the\s+(?:photo|picture|image|pic|shot))\s+(?:has|needs|have|got|should|must)\s+(?:to\s+)?(?:be\s+)?"
     r"(square|\d+\s*[:x]\s*\d+)\b", r"crop it \1"),
    # at its best for an occasion: the photo's own auto enhance
    (r"\b(?:(?:it|this)\s+)?(?:needs|has|should|must)\s+to\s+look\s+(?:its|it's|it’s|their)\s+(?:very\s+)?best\b|"
     r"\bmake\s+(?:it|this)\s+look\s+(?:its|it's|it’s)\s+(?:very\s+)?best\b", "fix it"),
    # everyone one colour is the light's colour: a cast ("everyone looks orange" in a restaurant at night)
    (r"\b(?:every(?:one|body)|all\s+of\s+us|we\s+all|all\s+the\s+people|the\s+people)\s+(?:looks?|are|seem|seems|came\s+out)\s+"
     r"(?:all\s+|so\s+|very\s+|really\s+|a\s+bit\s+|kind\s+of\s+|too\s+)?(?:orange|yellow|yellowish|green|greenish|blue|bluish|"
     r"magenta|purple|pink|red|reddish|cyan)\b", "fix the white balance"),
    # so is a whole room, or the scene ("the kitchen looks yellow under the lamps" was GIER's bundle of curves)
    (r"\b(?:(?:the|my|our|this|that)\s+(?:whole\s+|entire\s+)?(?:room|kitchen|bedroom|bathroom|living\s+room|lounge|office|hall|"
     r"hallway|interior|house|flat|apartment|place|scene|restaurant|bar|venue|church|hotel\s+room|studio|document|page|paper|"
     r"(?:photo|picture|image|shot|scan)\s+of\s+(?:the|my|this)\s+(?:\w+\s+)?\w+))\s+(?:looks?|is|seems?|"
     r"came\s+out)\s+(?:all\s+|so\s+|very\s+|really\s+|a\s+bit\s+|kind\s+of\s+|too\s+|way\s+too\s+)?(?:orange|yellow|yellowish|"
     r"green|greenish|blue|bluish|magenta|purple|pink|red|reddish|cyan)\b(?:\s+(?:under|from|because\s+of|in)\s+(?:the\s+)?"
     r"(?:\w+\s+)?(?:lamps?|lights?|lighting|bulbs?|candles?|fire|neon|screens?|sun|sunlight))?", "fix the white balance"),
    (r"\b(?:it|this|everything|the\s+(?:photo|picture|image|shot))\s+(?:looks?|is|seems?|came\s+out)\s+(?:all\s+|so\s+|very\s+|"
     r"really\s+|a\s+bit\s+|kind\s+of\s+|too\s+|way\s+too\s+)?(?:orange|yellow|yellowish|green|greenish|blue|bluish|magenta|"
     r"purple|pink|red|reddish|cyan)\s+(?:under|from|because\s+of)\s+(?:the\s+)?(?:\w+\s+)?(?:lamps?|lights?|lighting|bulbs?|"
     r"candles?|fire|neon|screens?|sun|sunlight)\b", "fix the white balance"),
    # the colours faded, wished back as they were
    (r"\b(?:the|its|all\s+the)\s+colou?rs?\s+(?:have\s+|has\s+|'ve\s+|are\s+|is\s+|got\s+)?(?:faded|gone\s+(?:dull|pale|flat)|"
     r"washed\s+out|dulled)\b", "more saturation"),
    (r"\s*,?\s*(?:and\s+)?(?:i|we)\s*(?:'d|’d|would)\s+(?:love|like)\s+(?:them|it)\s+to\s+look\s+(?:like|as)\s+(?:they|it)\s+"
     r"(?:did|looked|used\s+to|were|was)\b[^,.;!?]*", ""),
    # what it looked like in real life, wished for ("the sea looked so much bluer in real life than in this photo")
    (r"\b((?:the|her|his|their|my|our)\s+(?:\w+\s+)?\w+)\s+(?:looked|was|were|is|looks)\s+(?:so\s+|much\s+|a\s+lot\s+|way\s+|far\s+)*"
     r"((?:more\s+\w+)|\w+er)\s+in\s+(?:real\s+life|person|reality)\b(?:\s+than\s+(?:in\s+)?(?:this|the|my)\s+(?:photo|picture|image|"
     r"pic|shot))?", r"make \1 \2"),
    # deep shadows in a place: its shadows lifted there
    (r"\bthe\s+shadows\s+(?:in|on|of|under)\s+((?:the|her|his|their|my)\s+(?:\w+\s+)?\w+(?:\s+of\s+the\s+\w+)?)\s+(?:are|look|seem)\s+"
     r"(?:a\s+bit\s+|way\s+|much\s+)?(?:too\s+|so\s+|very\s+)?(?:deep|dark|heavy|strong|harsh|black|dense)\b", r"brighten the shadows in \1"),
    # walls or a ceiling of a light's colour are white ones ("the walls look yellow from the lamps, make them white")
    (r"\b(the\s+(?:walls?|ceilings?))\s+(?:looks?|is|are|seems?)\s+(?:a\s+bit\s+|too\s+|very\s+|so\s+|kind\s+of\s+|all\s+)?"
     r"(?:yellow|yellowish|orange|green|greenish|blue|bluish|pink|pinkish|purple|magenta)\b(?:\s+(?:from|because\s+of)\s+"
     r"(?:the\s+)?\w+(?:\s+\w+)?)?(?:\s*,?\s*(?:so\s+|and\s+|please\s+)?make\s+(?:them|it)\s+white(?:\s+again)?)?",
     r"pick the white balance from \1"),
    # someone wished gone is someone removed ("there is a man walking behind us ... and I would really like him gone"
    # looked for "gone")
    (r"\bthere(?:'s|’s|\s+is|\s+are)\s+(?:a|an|some|this|that|these|those)\s+(.+?)\s*,?\s+and\s+(?:i|we)\s*(?:would|'d|’d)?\s*"
     r"(?:really\s+)?(?:like|love|want)\s+(?:him|her|it|them)\s+(?:gone|removed|out(?:\s+of\s+(?:the|my|our)\s+(?:photo|picture|shot))?)\b",
     r"remove the \1"),
    (r"\b(?:i|we)\s*(?:would|'d|’d)?\s*(?:really\s+)?(?:like|love|want)\s+(him|her|it|them|(?:the|that|this)\s+(?:\w+\s+)?\w+)\s+"
     r"(?:gone|removed|out\s+of\s+(?:the|my|our)\s+(?:photo|picture|shot))\b", r"remove \1"),
    # a mood complained of beside another word is still a complaint ("the photo looks grey and gloomy" was split, and
    # "gloomy" alone read as the look wanted)
    (r"\b(looks|seems|feels|is|are|was|it's|it’s)\s+(\w+)\s+(?:and|&)\s+(gloomy|moody|somber|sombre|brooding|dreary)\b", r"\1 \2 and \1 \3"),
    # sunshine brought back is light and warmth
    (r"\b(?:bring\s+back|add(?:\s+(?:back|some|more))?|give\s+it(?:\s+(?:back|some|more))?)\s+(?:the\s+|some\s+)?(?:sunshine|sunlight|"
     r"sunny\s+(?:feel|look|mood))\b", "brighter, warmer"),
    # Lightroom's Upright named ("vertical upright, then crop" was not understood; "apply upright" GIER's bundle)
    (r"(?:^|(?<=[,;.:])|(?<=\bthen)|(?<=\band))\s*(?:(?:please|can\s+you|could\s+you)\s+)?(?:(?:apply|use|do|run|try|turn\s+on)\s+)?"
     r"(?:an?\s+|the\s+)?(?:(?:vertical|auto|full|level|guided)\s+)?upright(?:\s+(?:vertical|auto|full|level|guided))?"
     r"(?:\s+(?:correction|tool|mode|transform))?(?=\s*(?:$|[,;.!?]|\bthen\b|\band\b))", " fix the verticals"),
    # a split tone's balance is the grade's, not a place ("..., balance towards the highlights" brightened them)
    (r"\s*[,;]\s*(?:and\s+|with\s+)*(?:the\s+)?balance\s+(?:\w+\s+)?(towards?|to|in\s+favou?r\s+of)\s+(?:the\s+)?"
     r"(highlights|shadows)\b", r" balanced \1 the \2"),
    # an editor's tools named: what they do ("use content aware fill on the helmet" was a contrast change, "use the
    # healing brush on the spot on her chin" GIER's bundle, "do a frequency separation on her skin" darkened it)
    (r"^\s*(?:(?:please|can\s+you|could\s+you)\s+)?(?:run|do|apply|use|try)\s+(?:an?\s+|the\s+)?auto(?:matic)?[- ]?"
     r"(?:tone|enhance|fix|correct(?:ion)?|adjust(?:ment)?|levels|settings)\b", "auto enhance"),
    (r"\b(?:use|using|apply|do|run|with)\s+(?:the\s+|a\s+|some\s+)?content[- ]aware\s+(?:fill|remove|removal|delete|move)\s+"
     r"(?:on|to|for|over)\s+", "remove "),
    (r"\b(?:use|using|with)\s+(?:the\s+|a\s+)?(?:clone\s+stamp|clone\s+tool|healing\s+brush|spot\s+healing\s+brush|patch\s+tool|"
     r"heal(?:ing)?\s+tool|spot\s+removal(?:\s+tool)?|remove\s+tool|eraser|adjustment\s+brush|radial\s+filter|graduated\s+filter|"
     r"linear\s+gradient|masking\s+brush)(?:\s+tool)?\s+(?:to|and)\s+", ""),
    (r"\b(?:use|using|apply)\s+(?:the\s+|a\s+)?(?:spot\s+)?heal(?:ing)?\s+(?:brush|tool)\s+(?:on|over)\s+", "remove "),
    (r"\b(?:do|apply|use|try)\s+(?:a\s+|some\s+)?frequency\s+separation\b(?:\s+(?:on|to|for)\s+"
     r"((?:the|her|his|their|my)\s+(?:\w+(?:'s|’s)\s+)?(?:skin|face|faces|portrait)))?", SKIN_PLAIN),
    # a spot on a part of a face is a blemish to heal there, not the part to erase ("remove the spot on her chin"
    # erased her chin)
    (r"\b(?:remove|heal|fix|hide|get\s+rid\s+of|clean\s+up|erase|take\s+out)\s+(?:the|that|this|a|those|these)\s+"
     r"(?:\w+\s+)?(?:spots?|zits?|pimples?|blemish(?:es)?|marks?|acne|breakouts?|moles?|scars?|birthmarks?|dots?)\s+(?:on|from)\s+((?:her|his|their|my|the\s+\w+(?:'s|’s))\s+"
     r"(?:chin|cheeks?|forehead|nose|face|skin|neck|jaw|temple))\b", r"remove the blemishes on \1"),
    # a tonal slider pulled to a number is that slider ("pull the highlights down to -50" also made local layers on
    # "the highlights")
    (r"\b(?:pull|push|bring|take|drag|move|drop|turn|put|lower|raise|lift)\s+(?:the\s+)?(highlights|shadows|whites|blacks)\s+"
     r"(?:down\s+|up\s+|back\s+)?to\s+([+-]?\d+)\b", r"\1 \2"),
    # a reflection of a thing in a mirror or a window is the thing to remove (a flip and the highlights before; before the
    # glare's idiom, which darkens the highlights)
    (r"\b(?:remove|erase|delete|get\s+rid\s+of|take\s+out)\s+(?:the\s+)?reflection\s+of\s+((?:my|the|a|his|her|our)\s+\w+)"
     r"(?:\s+(?:in|on)\s+(?:the\s+)?(?:mirror|window|glass|water))?", r"remove \1"),
    # a photo named by what it is of is the photo ("the whole family photo" was the family)
    (r"\b(?:the\s+(?:whole\s+|entire\s+)?|this\s+|my\s+|our\s+)(?:family|group|holiday|vacation|wedding|birthday|christmas|"
     r"party|school|class|team|baby|kids?|dog|cat|travel|beach|old|first\s+dance|engagement|graduation|prom|newborn|"
     r"(?:19)?[5-9]0s|vintage|scanned|faded|black\s+(?:and|&)\s+white|b\s*&\s*w|monochrome)\s+(photo|picture|image|shot|pic|snap|"
     r"portrait)\b",
     r"the \1"),
    (r"\b(?:the\s+(?:whole\s+|entire\s+)?|this\s+|my\s+|our\s+)(?!(?:background|reference|other|next|previous|last|second|"
     r"first|profile|cover|main|original|same|new|edited|final|rest|part|half|side|top|bottom|left|right|middle|centre|center|edge|"
     r"corner)\s)(?:(?!(?:of|in|on|at|to|the|a|an|and|or|with|from|for|is|are|it|this|that)\s)[a-z]+\s+){1,3}?"
     r"(photo|picture|image|shot|pic|snap)\b"
     r"(?!\s+(?:of|from|with|frame|album|booth|editor|app|filter)\b)", r"the \1"),
    # an old photo restored: what fading took, its contrast and colour (GIER's bundle and a full denoise before);
    # "restore the colours" had taken saturation away
    (r"\b(?:restore|revive|rescue|bring\s+back|bring\s+back\s+to\s+life|bring\s+to\s+life)\s+(?:the|this|my|our)\s+"
     r"(?:(?:old|faded|damaged|vintage|scanned|(?:19)?[5-9]0s|family|wedding|grandparents'?|grandma'?s|grandpa'?s)\s+)*"
     r"(?:photo|picture|image|pic|shot|print|scan|photograph|polaroid|snapshot)\b", "more contrast, more saturation"),
    (rf"\b(?:restore|revive|bring\s+back|recover)\s+(?:the\s+|its\s+|some\s+)?(?:faded\s+|lost\s+|original\s+)?colou?rs?\s+"
     rf"(?:of|in|on)\s+(?!(?:the|this)\s+(?:photo|picture|image|pic|shot)\b)({_NP})", r"more saturation on \1"),
    (r"\b(?:restore|revive|bring\s+back|recover)\s+(?:the\s+|its\s+|some\s+)?(?:faded\s+|lost\s+|original\s+)?colou?rs?\b",
     "more saturation"),
    # the photo of a thing said as a whole is the photo: what it shows is no place ("make the street photo of the old
    # market black and white" waited, off, for the market)
    (r"\b(?:the|this|my|our)\s+(?:whole\s+|entire\s+)?(?:(?!(?:of|in|on|at|the|a|an|and|rest|part|half|side)\s)[a-z]+\s+){0,2}?"
     r"(photo|picture|image|shot|pic|snap|portrait)\s+of\s+(?:(?:the|my|our|her|his|"
     r"their|a|an|this|that)\s+)?(?:[a-z'’]+\s+){0,2}?[a-z'’]+(?=\s+(?:look|looks|feel|feels|seem|seems|appear|appears|to\s+(?:look|"
     r"feel|seem|be)|is|are|was|has|black|b&w|monochrome|gr[ae]yscale|brighter|darker|warmer|cooler|sharper|softer|more|less|"
     r"a\s+bit|slightly|much|pop)\b)", r"the \1"),
    # a print, a scan or a photograph is the photo ("remove the yellow tint from this old print" looked for a print)
    (r"\b(?:the|this|my|our)\s+(?:(?:old|scanned|faded|vintage|(?:19)?[5-9]0s|family|wedding|printed)\s+)*"
     r"(?:print|scan|photograph|polaroid|snapshot)\b(?!\s+(?:of|on|in)\b)", "the photo"),
    # fog over a thing is haze to take off it (before fog's own idiom, which would say "dehaze it")
    (rf"\bthe\s+(?:fog|haze|mist|smog)\s+(?:hides|covers|obscures|swallows|blocks|is\s+hiding|is\s+covering)\s+({_NP})",
     r"less haze on \1"),
    # English as people write it who learnt it later, said the usual way first: "too much strong", "photo
    # is very darkly", "black white photo", "more smooth", "cut the photo to square"
    (r"\btoo\s+much\s+(strong|dark|bright|warm|cold|cool|saturated|contrasty|sharp|soft|blurry|noisy|grainy|vivid|"
     r"colou?rful|big|small)\b", r"too \1"),  # not "too much light", "too much blue": nouns
    (r"\b(is|are|looks?|seems?|very|too|so)\s+(dark|bright)ly\b", r"\1 \2"),
    (r"^(\s*(?:(?:please|pls|plz)\s*,?\s*)?)(photo|picture|image|pic)\s+(is|looks|seems|are)\b", r"\1the \2 \3"),
    (r"\b(make|made|makes|making|edit|fix|improve|enhance)\s+(photo|picture|image|pic)\b(?!\s+(?:of|for)\b)", r"\1 the \2"),
    (r"\bblack[\s-]+white\b", "black and white"),
    (r"\bmore\s+smooth\b", "smoother"), (r"\bmore\s+soft\b", "softer"), (r"\bmore\s+clear\b", "clearer"),
    (r"\bmore\s+clean\b", "cleaner"), (r"\bmore\s+sharp\b(?!\s*ness)", "sharper"),
    (r"\b(?:the\s+)?colou?rs?\s+(?:is|are)\s+(?:too\s+|very\s+|so\s+)?(?:little|less|few|weak|not\s+enough)\b",
     "more saturation"),
    (r"(?:\bthe\s+|^\s*|(?<=[,;.!?]\s))colou?rs?\s+(?:is|are|looks?|seems?)\s+(?:a\s+bit\s+|way\s+|far\s+|much\s+)?too\s+(?:strong|intense|"
     r"saturated|vivid|loud|much|neon|garish|heavy)\b(?:\s*[,;.]?\s*(?:so\s+|please\s+|can\s+you\s+)*(?:tone|turn|dial|bring)\s+(?:them|it)\s+"
     r"down\b)?", "less saturation"),
    (r"\b(?:put|give(?:\s+it)?|add|use)\s+less\s+light\b", "darker"),
    (r"\b(?:put|give(?:\s+it)?|add|use)\s+more\s+light\b(?!\s+(?:in|on|to|into)\b)", "brighter"),
    (r"\b(?:put\s+|give\s+|add\s+)?more\s+light\s+(?:in|on|to|into)\s+((?:the|her|his|their|my)\s+(?:\w+\s+)?\w+"
     r"(?:\s+of\s+(?:the|her|his|their|my)\s+\w+)?)", r"brighten \1"),
    (r"\b(?:put\s+|give\s+)?less\s+light\s+(?:in|on|to)\s+((?:the|her|his|their|my)\s+(?:\w+\s+)?\w+)", r"darken \1"),
    (r"\b(?:the\s+)?red(?:ness)?\s+(?:of|in|from)\s+(?:the|her|his|their|my)\s+eyes\b", "the red eyes"),
    (r"\b(?:make|making)\s+((?:the|her|his|their|my)\s+\w+)\s+not\s+so\s+(white|bright|light)\b", r"make \1 less bright"),
    (r"\bthe\s+(red|orange|yellow|green|blue|purple|magenta|pink|aqua|cyan|teal)\s+(?:colou?r\s+)?of\s+(the\s+\w+)",
     r"the \1s in \2"),
    # one verb for two things: "make the sky bluer and the grass greener", "make her dress red and the
    # background black and white" (one layer of both, or both edits on both places, before)
    (rf"\b(make|turn|get)\s+({_NP})\s+({_ADJ})\s*,?\s+and\s+({_NP})\s+({_ADJ})(?=\s*(?:$|[,.;:!?]|\b(?:and|but|then|please)\b))",
     r"\1 \2 \3, \1 \4 \5"),
    # two adjectives for one thing are two edits on it ("make the background darker and blurrier" blurred all of the
    # photo, her too: the second clause had no place)
    (rf"\b(make|get|turn)\s+((?!it\b)(?:the|her|his|their|my|its|this|that|our|your)\s+(?:\w+\s+)?\w+)\s+"
     rf"(?!black\s+(?:and|&)\s+white\b)({_ADJ})\s+and\s+(?!(?:red|orange|yellow|green|blue|purple|pink|white|black|grey|gray|"
     rf"brown|teal|turquoise)\b)({_ADJ})(?=\s*(?:$|[,.;:!?]|\b(?:but|then|please)\b))",
     r"\1 \2 \3, \1 \2 \4"),
    # a pronoun after a tonal edit of a thing is that thing ("blur the background and darken it" darkened the photo)
    (rf"\b((?:blur|darken|brighten|lighten|sharpen|soften|desaturate|saturate|warm|cool)\s+({_NP}))\s+and\s+"
     r"(darken|brighten|lighten|blur|sharpen|soften|desaturate|saturate|warm\s+up|cool\s+down)\s+(?:it|them)\b"
     r"(?!\s+(?:all|everything|the\s+(?:photo|picture|image)))", r"\1 and \3 \2"),
    # a coat of paint is a colour ("give the door a fresh coat of white paint" was GIER's bundle of curves)
    (r"\b(?:give|put)\s+((?:the|her|his|their|my|our|this|that)\s+(?:\w+\s+)?\w+)\s+a\s+(?:fresh\s+|new\s+|nice\s+)?"
     r"(?:coat|lick|layer)\s+of\s+([a-z-]+(?:\s+[a-z-]+)?)\s+paint\b", r"paint \1 \2"),
    # a thing made more of its own colour is richer there ("make the red car redder" was GIER's curves on it)
    *((rf"\bmake\s+((?:the|her|his|their|my)\s+{c}\s+\w+)\s+(?:look\s+)?(?:a\s+bit\s+|slightly\s+|much\s+|even\s+)?"
       rf"(?:{er}|more\s+{c})\b", r"more saturation on \1")
      for c, er in (("red", "redder"), ("green", "greener"), ("blue", "bluer"), ("yellow", "yellower"), ("pink", "pinker"),
                    ("orange", "oranger"), ("purple", "purpler"))),
    # plants made greener: their yellows turned towards green and their greens richer, as the colour mixer does it in a
    # landscape editor's hands ("make the grass greener" was GIER's hue curves, nearly nothing; "more green" a recolour)
    (r"\bmake\s+((?:the|her|his|their|my|our|this|that)\s+(?:\w+\s+)?(?:grass|lawn|leaves|trees?|foliage|plants?|hedges?|"
     r"bush(?:es)?|shrubs?|forest|woods|fields?|meadows?|moss|vegetation|garden|park|hills?|greenery|vines?|ivy)(?:\s+(?:on|in|by|at|near|behind|outside)\s+(?:the|her|his|their|my|our)\s+(?:\w+\s+)?\w+)?)\s+(?:look\s+)?"
     r"(a\s+bit\s+|a\s+little\s+|slightly\s+|much\s+|a\s+lot\s+|way\s+|even\s+)?(?:greener|more\s+green|lusher|more\s+lush)\b",
     r"make the yellows \2greener on \1, make the greens \2richer on \1"),
    # a sunset or autumn leaves made more of their own colours: the colour mixer's neighbour range turned towards it and
    # that range richer (a half recolour of the whole sunset before, muddy; or a warmer white balance)
    *((r"\bmake\s+(?:the|this|that|my|our|these)\s+(?:sunset|sunrise|sunset\s+sky|sunrise\s+sky|sky\s+at\s+(?:sunset|sunrise)|"
       r"(?:autumn|fall)\s+(?:leaves|colou?rs|foliage|trees)|leaves|foliage)\s+(?:look\s+)?"
       rf"(a\s+bit\s+|a\s+little\s+|slightly\s+|much\s+|a\s+lot\s+|way\s+|even\s+)?(?:more\s+(?:{c})|{er})\b",
       rf"make the {near} \1more {to}, make the {own} \1richer")
      for c, er, near, to, own in (("orange", "oranger", "yellows", "orange", "oranges"),
                                   ("red", "redder", "oranges", "red", "reds"),
                                   ("golden|gold|yellow", "yellower", "oranges", "yellow", "yellows"))),
    # a mark hidden is removed ("hide the dealer's logo on the back window" was GIER's erasure and background fill)
    (r"\b(?:hide|cover(?:\s+up)?|get\s+rid\s+of)\s+(?=(?:the|a|an|that|this|those|these|their|his|her|my)\s+(?:[\w'’]+\s+){0,2}?"
     r"(?:logo|logos|watermark|watermarks|sticker|stickers|caption|captions|brand|branding|label|labels|writing|signature|"
     r"date\s+stamp|timestamp|time\s+stamp|text)\b)", "remove "),
    # shadows made black are crushed, not dyed; a border given is one added (GIER's bundles before)
    (r"\bmake\s+the\s+(?:shadows|darks)\s+(?:pure\s+|jet\s+|completely\s+|totally\s+)?black\b", "darken the shadows, darken the blacks"),
    (r"\bgive\s+(?:it|this|the\s+(?:photo|picture|image|pic|shot))\s+(an?\s+(?:\w+\s+)?(?:border|frame|passe-?partout|mat))\b",
     r"add \1"),
    # a thing made black, white or grey: a Recolour without a hue (:data:`ACHROMATIC`); the sky, the
    # background and the photo have their own edits. "jet black" is no jet.
    (r"\b(?:jet|pitch|inky?|deep)[- ]black\b", "pure black"),
    (r"\b(?:make|turn|dye)\s+((?:the|her|his|their|my)\s+(?:\w+(?:'s|’s)\s+)?(?:hair|beard|moustache|mustache|eyebrows))\s+"
     r"(?:grey|gray|silver|white|platinum)\b", r"brighten \1, remove the colour from \1"),
    # muting a thing or the rest is taking its colour down ("mute everything else" was not understood)
    (rf"\bmute\s+(everything|all|the\s+rest|{_NP})(?!\s+(?:tones?|colou?rs?))\b", r"desaturate \1"),
    # "keep X sharp" beside a blur says where the blur is not; it is no sharpening ("blur the background
    # but keep the dog sharp" sharpened the dog)
    (rf"\bblur\s+(?:it|the\s+(?:photo|picture|image|shot))\s*,?\s*(?:but\s+|and\s+)?keep(?:ing)?\s+({_NP}|her|him|them)\s+"
     r"(?:sharp|in\s+focus|crisp|clear)\b", r"blur everything except \1"),
    (rf"\b(blur\s+(?:the\s+)?(?:background|backdrop|surroundings)\b[^,.;]*?)\s*,?\s*(?:but\s+|and\s+)?keep(?:ing)?\s+(?:{_NP}|her|"
     r"him|them)\s+(?:sharp|in\s+focus|crisp|clear)\b", r"\1"),
    # a face's features beside a retouch are kept as they are: the skin retouch leaves them sharp ("soften the
    # skin but keep the eyes sharp" sharpened the eyes)
    (r"\s*(?:,\s*|\b)(?:but|and|while)\s+(?:still\s+)?keep(?:ing)?\s+(?:the|her|his|their|my)\s+(?:eyes|lips|mouth|teeth|"
     r"eyebrows|brows|features|eyelashes|lashes|hair)\s+(?:sharp|crisp|in\s+focus|clear|as\s+(?:they\s+are|it\s+is)|"
     r"untouched|natural)\b", ""),
    # a spotlight is light on a place (a radial filter's brightening), not a lamp to add to the scene
    (r"\b(?:add|put|give|create|cast|shine|place)\s+(?:it\s+)?(?:a\s+|some\s+)?spot\s?light(?:\s+effect)?\s+"
     r"(?:on|onto|to|over)\s+", "brighten "),
    (r"\b(?:add|give|create|apply)\s+(?:it\s+)?(?:a\s+)?spot\s?light(?:\s+effect)?\b", "a vignette"),
    # a cast from a light is over the photo, not on the light ("tone down the orange cast from the street lamps" was
    # cooler on the lamps)
    (rf"\b({_COLOUR}\s+(?:colou?r\s+)?(?:cast|tint|tinge|glow))\s+(?:that\s+comes\s+|coming\s+)?(?:from|of|by|caused\s+by)\s+"
     r"(?:the\s+|those\s+|these\s+|all\s+the\s+)?(?:\w+\s+)?(?:lamps?|lights?|lighting|street\s*lights?|bulbs?|sun|"
     r"sunset|candles?|fire|flash|windows?|screens?|neon|signs?|tungsten|fluorescents?|leds?)\b", r"\1"),
    # a cast is a white-balance fault, not a thing to erase, nor all the colour ("remove the colour cast")
    (rf"\b{_REMOVE}\s+{_DETS}(?:{_COLOUR}\s+)?(?:colou?r\s+)?(?:cast|tint|tinge|hue)\b"
     r"(?:\s+(?:from|in|on|of)\s+(?:it|the\s+(?:whole\s+)?(?:photo|picture|image|pic|shot)))?", "fix the white balance"),
    # colours gone one way with age or a bad scan: a cast ("the colours of this 80s photo have gone red" was a look of the
    # 80s)
    (r"\b(?:(?:the|its|all\s+the)\s+colou?rs?(?:\s+(?:of|in)\s+(?:it|the\s+(?:photo|picture|image|pic|shot)))?|it|everything|"
     r"the\s+(?:photo|picture|image|pic|shot))\s+(?:have\s+|has\s+|had\s+|'ve\s+|are\s+|is\s+)?(?:gone|turned|become|"
     r"faded|shifted|drifted)\s+(?:to(?:wards)?\s+|into\s+)?(?:all\s+|a\s+bit\s+|very\s+|quite\s+|really\s+|so\s+|too\s+)?"
     r"(?:yellow|yellowish|orange|orangey|red|reddish|green|greenish|magenta|purple|purplish|pink|pinkish|cyan|brown|"
     r"brownish|blue|bluish)\b", "fix the white balance"),
    (rf"\b(?:there(?:'s| is)|it has|has|with)\s+{_DETS}{_COLOUR}\s+(?:colou?r\s+)?(?:cast|tint|tinge)\b",
     "fix the white balance"),
    (r"\b(?:fix|correct|adjust|balance|neutrali[sz]e)\s+(?:the\s+|its\s+)?colou?rs?\s+balance\b", "fix the white balance"),
    (r"\bauto(?:matic)?\s+(?:white\s+balance|colou?r(?:\s+correction)?|wb)\b", "fix the white balance"),
    # a whole photo too green or too magenta: a cast no temperature fixes
    (r"^\s*(?:(?:it|this|everything|the\s+(?:photo|picture|image|pic|shot))\s*(?:'s|is|looks|seems)\s+)?"
     r"(?:a\s+bit\s+|way\s+|much\s+|far\s+|kind\s+of\s+)?(?:too|very|so|overly)\s+(?:green|greenish|magenta|"
     r"pink|pinkish|purple|purplish|red|reddish|cyan)\b", "fix the white balance"),
    # a soft background asked for is a blurred one (GIER's bundle on the background before)
    (r"\b(?:give|make|want|add|with|get)\b[^,;.]*?\b(?:a\s+|the\s+)?(?:soft(?:er)?|blurry|blurred|creamy|dreamy|"
     r"out[- ]of[- ]focus|defocused)\s+(?:background|backdrop)\b", "blur the background"),
    (r"\b(?:soften|defocus)\s+the\s+(?:background|backdrop)\b", "blur the background"),
    # a part blown out, brought back: its highlights recovered there ("the windows are blown out, bring
    # them back": two removals before)
    (r"\b(the\s+(?:\w+\s+)?\w+)\s+(?:is|are|looks?|seems?)\s+(?:completely\s+|totally\s+|all\s+|a\s+bit\s+|so\s+)?"
     r"(?:blown(?:\s+out)?|overexposed|clipped|burn(?:t|ed)\s+out|washed\s+out\s+white)\b[\s,;.]*(?:so\s+|and\s+|please\s+|"
     r"can\s+you\s+|could\s+you\s+|try\s+to\s+)*(?:bring\s+(?:it|them)\s+back|recover\s+(?:it|them)|fix\s+(?:it|them|that)|"
     r"save\s+(?:it|them)|rescue\s+(?:it|them)|get\s+(?:it|them)\s+back)\b", r"darken the highlights on \1"),
    (r"\bmake\s+the\s+blacks\s+(?:deeper|darker|blacker|richer|inkier)\b", "darken the blacks"),
    # a colour kept in black and white (selective colour): every other range's colour taken out
    (r"\b(?:make\s+(?:it|everything|the\s+(?:photo|picture|image))\s+)?(?:black\s+(?:and|&|n)\s+white|b\s*&\s*w|monochrome|"
     r"gr[ae]y\s*scale)\s*,?\s*(?:but|except(?:\s+for)?|apart\s+from|keeping|and\s+keep|only\s+keep|save\s+for|with)\s+"
     r"(?:keep\s+|leave\s+|only\s+)?(?:the\s+)?(red|orange|yellow|green|aqua|cyan|teal|blue|purple|violet|magenta|pink)s?"
     r"(?:\s+(?:colou?rs?|tones?|ones?))?(?=\s*(?:$|[,.;!?]|\b(?:and|then|please|in\s+colou?r)\b))", r"desaturate every colour except the \1s"),
    # a thing kept in colour in black and white (a colour splash): the black and white everywhere else ("black and white
    # but keep her dress in colour" turned the dress grey)
    (rf"(\b(?:black\s+(?:and|&|n)\s+white|b\s*&\s*w|monochrome|gr[ae]y\s*scale|desaturate\s+(?:it|everything))\b[^,.;]*?)\s*,?\s*"
     rf"(?:but\s+|and\s+|while\s+|just\s+|only\s+)*(?:keep(?:ing)?|leave|leaving)\s+(?:only\s+|just\s+)?({_NP}|her|him|them)\s+"
     r"(?:in\s+(?:full\s+)?colou?r|colou?red|colou?rful|as\s+(?:it\s+is|they\s+are)|untouched|alone)\b", r"\1 except \2"),
    # ... said without the black and white ("colour splash on the taxi", "keep only the taxi in colour", "make
    # everything grey except the taxi" were GIER's bundles)
    (rf"\b(?:(?:do\s+|add\s+|apply\s+)?(?:a\s+)?(?:colou?r\s+splash|selective\s+colou?r|colou?r\s+pop)\s+(?:on|of|for|with)\s+"
     rf"({_NP})|(?:only\s+)?keep\s+(?:only\s+|just\s+)?({_NP})\s+in\s+(?:full\s+)?colou?r(?:\s*,?\s*(?:and|but)?\s*(?:make\s+)?"
     r"(?:the\s+rest|everything\s+else|everything\s+except\s+(?:the\s+)?\w+(?:\s+\w+)?|the\s+background)\s+(?:in\s+)?"
     r"(?:black\s+(?:and|&|n)\s+white|b\s*&\s*w|gr[ae]y|gr[ae]yscale|monochrome))?|"
     rf"\bmake\s+everything\s+(?:gr[ae]y|gr[ae]yscale|monochrome|colou?rless)\s+(?:except|but|apart\s+from)\s+({_NP}))",
     r"make everything black and white except \1\2\3"),
    # a garment given to someone in a colour is theirs recoloured ("give her a red jacket" was GIER's bundle of curves)
    *((rf"\bgive\s+{who}\s+{_GIVEN_GARMENT}", said) for who, said in (
        ("her", r"make her \2 \1"), ("him", r"make his \2 \1"), ("them", r"make their \2 \1"),
        (r"(?:the|that|this)\s+(man|woman|girl|boy|guy|lady|kid|child|bride|groom)", r"make the \1's \3 \2"))),
    # a thing too shiny: its highlights taken down there ("the suit looks too shiny" was GIER's bundle of curves)
    (r"\b(?:make|get)\s+((?:the|her|his|their|my)\s+(?:\w+(?:'s|’s)\s+)?(?:\w+\s+)?\w+"
     r"(?:\s+(?:on|of)\s+(?:the|her|his|their|my)\s+\w+)?)\s+(?:look\s+)?(?:a\s+bit\s+|slightly\s+|much\s+)?"
     r"less\s+(?:shiny|glossy|reflective|greasy|oily|sweaty)\b", r"darken the highlights on \1"),
    (r"\b((?:the|her|his|their|my)\s+(?:\w+(?:'s|’s)\s+)?(?:\w+\s+)?\w+)\s+(?:looks?|is|are|seems?|appears?)\s+"
     r"(?:(?:a\s+bit|a\s+little|way|far|much)\s+)?"
     r"(?:too|so|very|overly|really|really\s+too)\s+(?:shiny|glossy|reflective|glaring|greasy|oily)\b", r"darken the highlights on \1"),
    # a wedding dress looks grey or tinted: it is white, its white balance picked from it and its grey lifted ("the
    # bride's dress looks grey" was GIER's bundle on it)
    (r"\b((?:the|her|my|our)\s+(?:\w+(?:'s|’s)\s+)?(?:wedding\s+|white\s+|bridal\s+)?(?:dress|gown|veil))\s+(?:looks?|is|seems?|"
     rf"came\s+out)\s+(?:{_GREYED}|{_DEGREE}blue)\b", r"pick the white balance from \1, brighten \1"),
    # phone photos' mishaps (everyday_requests_v27)
    (r"\b(?:the\s+)?flash\s+(?:made|makes|has\s+made)\s+((?:the|her|his|their|my)\s+(?:\w+(?:'s|’s)\s+)?(?:face|faces|forehead|"
     r"skin|nose))\s+(?:look\s+)?(?:too\s+|very\s+|so\s+|all\s+)?(?:shiny|greasy|oily|glossy|white)\b", r"darken the highlights on \1"),
    (r"\b(?:the\s+)?(?:flash|sun|light)\s+(?:washed|has\s+washed|washes|blew)\s+(?:everything|it|the\s+(?:photo|picture|"
     r"image|colou?rs))\s+out\b", "more contrast, more saturation, slightly darker"),
    (r"\bcut\s+off\s+((?:the|that|this)\s+(?:\w+\s+)?\w+)\s+(?:on|at)\s+the\s+(left|right|top|bottom)(?:\s+(?:edge|side))?\b",
     r"crop out \1 on the \2"),
    (r"\bthere(?:'s|’s|\s+is)\s+(?:a|an|the|some)\s+((?:\w+\s+)?\w+)\s+(?:growing|sticking|coming|poking)\s+out\s+of\s+"
     r"(?:his|her|their|my|your|the)\s+\w+", r"remove the \1"),
    (r"\b(?:has|have|with|there(?:'s|’s|\s+are|\s+is))\s+(?:thin\s+|thick\s+|big\s+)?(?:black|white|dark)\s+(?:bars|borders?|"
     r"stripes)\b", "trim the edges"),
    (r"\b(the\s+(?:window|windows|lamp|lamps|light|lights|screen|tv|door|doorway))(?:\s+(?:behind|above|next\s+to)\s+\w+)?\s+"
     r"(?:is|are|looks?)\s+(?:completely\s+|totally\s+|all\s+|pure\s+|just\s+|bright\s+|too\s+)?white\b",
     r"darken the highlights on \1"),
    (r"\b(?:make\s+(?:it|this)\s+)?look\s+(?:like\s+it\s+was\s+|as\s+if\s+it\s+was\s+)?(?:taken|shot)\s+(?:with|on|by)\s+"
     r"(?:a\s+)?(?:better|good|real|professional|pro|dslr|proper|expensive|nice)\s+(?:camera|photographer)\b|"
     r"\b(?:professional|pro|dslr)[- ]quality\b", "fix it, sharpen it a little"),
    (r"\b(everyone|everybody|the\s+people|the\s+faces|the\s+kids|the\s+children)\s+(?:looks?|is|are|seems?)\s+(?:a\s+bit\s+|too\s+|"
     r"very\s+|so\s+|kind\s+of\s+|all\s+)?(?:grey|gray|pale|pasty|washed[- ]out|ghostly|sickly|green)\b",
     "make the skin warmer, make the skin more colourful"),
    # a face too shiny (oily skin, sweat): its highlights brought down (GIER's darker, flatter bundle before)
    (r"\b((?:the|her|his|their|my)\s+(?:\w+(?:'s|’s)\s+)?(?:face|faces|forehead|skin|nose|cheeks|head))\s+(?:is|are|looks?|"
     r"seems?)\s+(?:a\s+bit\s+|a\s+little\s+|too\s+|very\s+|so\s+|kind\s+of\s+|really\s+)*(?:shiny|greasy|oily|sweaty|glossy)"
     r"(?:\s+(?:and|&)\s+(?:shiny|greasy|oily|sweaty|glossy))?\b",
     r"darken the highlights on \1"),
    # shine: the highlights lifted and the contrast raised there ("make her hair shinier": a darker bundle before;
    # "make the car shine": GIER's bundle)
    (r"\bmake\s+((?:the|her|his|their|my)\s+(?:\w+\s+)?\w+)\s+(?:look\s+)?(?:a\s+bit\s+|slightly\s+|much\s+)?"
     r"(?:shinier|glossier|more\s+shiny|more\s+glossy|shiny|glossy|shine|gleam)\b", r"brighten the highlights on \1, more contrast on \1"),
    (r"\b(?:give|add)\s+((?:the|her|his|their|my)\s+(?:(?!(?:a|some|more)\b)\w+\s+)??(?!(?:a|some|more)\b)\w+)\s+(?:a\s+bit\s+of\s+|a\s+little\s+|some\s+|more\s+|a\s+)?"
     r"(?:shine|sheen|gloss|lustre|luster)\b", r"brighten the highlights on \1, more contrast on \1"),
    # sparkle: crisp, bright points ("make the city lights sparkle": GIER's bundle, less colourful)
    (rf"\bmake\s+((?!(?:it|this|the\s+(?:photo|picture|image|shot))\b){_NP_AT})\s+(?:sparkle|glisten|glitter|twinkle|shimmer)\b",
     r"brighten the highlights on \1, more clarity on \1"),
    (r"\bmake\s+(?:it|this|the\s+(?:photo|picture|image|shot))\s+(?:sparkle|glisten|glitter|twinkle|shimmer)\b",
     "brighten the highlights, more clarity"),
    # a thing made more visible: brighter and clearer there (GIER's bundle, more colourful, before)
    (r"\bmake\s+((?:the|her|his|their|my)\s+(?:\w+\s+)?\w+)\s+(?:a\s+bit\s+|much\s+|slightly\s+)?(?:more\s+visible|"
     r"easier\s+to\s+see|show\s+up(?:\s+more|\s+better)?)\b", r"brighten \1, more clarity on \1"),
    # a part blown out, said alone: its highlights recovered there (a darker layer before; a sky
    # blown out is a new sky's, a photo overexposed its exposure's)
    (r"\b(the\s+(?!(?:sky|skies|photo|image|picture|pic|shot|whole|highlights|whites|brights|lights)\b)(?:\w+(?:'s|’s)\s+)?"
     r"(?:\w+\s+)?\w+)\s+"
     r"(?:is|are|looks?|seems?)\s+(?:completely\s+|totally\s+|all\s+|a\s+bit\s+|so\s+|too\s+)?(?:blown(?:\s+out)?|"
     r"overexposed|clipped|burn(?:t|ed)\s+out)\b(?!\s*[,;.]?\s*(?:so\s+|and\s+)?(?:make|darken|brighten|bring|recover|fix|"
     r"save|rescue|get|replace|give|change|add|put))", r"darken the highlights on \1"),
    # the overexposure fixed is the photo said to be overexposed; a place's is its highlights recovered there ("fix the
    # overexposure" was GIER's bundle, and brightened a dark photo)
    (r"\b(?:fix|correct|reduce|remove|sort\s+out|deal\s+with|repair|get\s+rid\s+of|compensate\s+for|undo)\s+(?:the\s+|its\s+|"
     r"this\s+|that\s+|some\s+of\s+the\s+)?(over|under)[- ]?exposure\s+(?:on|in|of)\s+((?:the|her|his|their|my)\s+(?:\w+\s+)?\w+)",
     r"\2 is \1exposed"),
    (r"\b(?:fix|correct|reduce|remove|sort\s+out|deal\s+with|repair|get\s+rid\s+of|compensate\s+for|undo)\s+(?:the\s+|its\s+|"
     r"this\s+|that\s+|some\s+of\s+the\s+)?(over|under)[- ]?exposure\b", r"it's \1exposed"),
    # a sky made less white is a sky too white (a new one where it is blown out); a sky brought back is its highlights
    # recovered (GIER's bundles on the sky before)
    (r"\bmake\s+the\s+sky\s+(?:look\s+)?(?:a\s+bit\s+|much\s+|slightly\s+)?less\s+(?:white|blown(?:\s+out)?|washed\s+out|bright)\b",
     "the sky is too white"),
    (r"\b(?:bring\s+back|recover|rescue|save|restore)\s+(?:the\s+)?(?:detail\s+in\s+the\s+)?sky(?:\s+detail|\s+details)?\b",
     "recover the highlights in the sky"),
    # printing on matte paper: its shadows lifted a little and a little colour, as a soft proof for matte asks (the
    # matte look before, a flatter photo); whites that print grey: the whites brought up (GIER's bundle before)
    (r"\b(?:(?:make\s+it\s+|get\s+it\s+to\s+)?(?:look\s+good|print\s+well|work)\s+)?(?:on|for)\s+(?:a\s+)?(?:matte|matt|fine\s+art|"
     r"cotton|rag|uncoated)\s+(?:paper|print|stock)\b", "brighten the shadows a little, slightly more saturation"),
    (r"\b(?:the\s+)?(?:whites|white\s+areas|white\s+parts)\s+(?:print|printed|prints|look|looks|are|came\s+out|come\s+out)\s+"
     r"(?:a\s+bit\s+|too\s+|kind\s+of\s+)?(?:grey|gray|greyish|dull|muddy|dirty)\b(?:\s*[,;.]?\s*(?:so\s+|and\s+)?"
     r"make\s+them\s+(?:whiter|white|brighter|cleaner))?", "brighten the whites"),
    # a heavy HDR look taken back ("the hdr look is too strong" applied HDR again)
    (r"\b(?:the\s+)?hdr(?:\s+(?:look|effect|feel|style|processing))?\s+(?:is|looks|seems|feels)\s+(?:a\s+bit\s+|way\s+|far\s+|"
     r"much\s+)?(?:too\s+(?:strong|much|heavy|intense|obvious)|overdone|over\s+the\s+top|too\s+hdr)\b|"
     r"\b(?:tone\s+down|reduce|dial\s+back|less(?:en)?)\s+(?:the\s+)?hdr(?:\s+(?:look|effect|feel))?\b", UNDO_LOOK),
    # popping off a background is popping ("pop off the white background" filled the background white)
    (r"\b(pop|stand\s+out)\s+(?:off|against|from|on)\s+(?:the\s+|its\s+|a\s+|that\s+)?(?:\w+\s+)?(?:background|backdrop)\b",
     r"\1"),
    # murky water: its haze and its local contrast (GIER's bundle with a denoise before)
    (r"\b(the\s+(?:water|sea|ocean|lake|river|pool|aquarium|pond))\s+(?:looks?|is|seems?)\s+(?:a\s+bit\s+|too\s+|very\s+|"
     r"so\s+|kind\s+of\s+|really\s+)?(?:murky|muddy|cloudy|milky|murkey)\b", r"dehaze it on \1, more clarity on \1"),
    (r"\b(?:it|this|the\s+(?:(?:black\s+and\s+white|b\s*&\s*w|colou?r|old|printed)\s+)?(?:photo|picture|image|shot|pic|print|"
     r"scan))\s*(?:'s|is|looks|seems)\s+(?:a\s+bit\s+|too\s+|very\s+|so\s+|"
     r"kind\s+of\s+|really\s+)?(?:murky|muddy|milky)\b", "dehaze it, more clarity"),
    # skin of a colour: less of it there ("the baby's skin looks yellow": GIER's curves before)
    (r"\b((?:the|her|his|their|my)\s+(?:\w+(?:'s|’s)\s+)?(?:skin|face|faces|skin\s+tones?))\s+(?:is|are|looks?|seems?)\s+"
     r"(?:a\s+bit\s+|too\s+|very\s+|so\s+|kind\s+of\s+|really\s+)?(yellow|orange|green|blue|grey|gray)(?:ish|y)?\b",
     r"make \1 less \2"),
    # light of a colour made everything that colour: a cast ("the concert lights made everything red")
    (r"\b(?:made|turned|makes|turns|making|turning)\s+(?:everything|it|the\s+(?:whole\s+)?(?:photo|picture|image|shot|scene))\s+"
     r"(?:look\s+)?(?:all\s+|too\s+|very\s+|so\s+|really\s+)?(?:red|reddish|magenta|pink|pinkish|purple|purplish|green|"
     r"greenish|cyan)\b", "fix the white balance"),
    (r"\b(?:made|turned|makes|turns|making|turning)\s+(?:everything|it|the\s+(?:whole\s+)?(?:photo|picture|image|shot|scene))\s+"
     r"(?:look\s+)?(?:all\s+|too\s+|very\s+|so\s+|really\s+)?(orange|yellow|blue)(?:ish|y)?\b", r"less \1"),
    # indoor light's colour taken out: the white balance of that light (GIER's bundle before)
    (r"\b(?:fix|correct|remove|neutrali[sz]e|get\s+rid\s+of|reduce|counter(?:act)?|compensate\s+for)\s+(?:the\s+)?"
     r"(?:yellow(?:ish)?\s+|orange\s+|warm\s+)?(?:indoor|tungsten|incandescent|lamp|room|kitchen|house)\s+(?:light|lighting|glow)\b|"
     r"\b(?:fix|correct|remove|neutrali[sz]e|get\s+rid\s+of|reduce)\s+(?:the\s+)?(?:yellow(?:ish)?|orange)\s+(?:light|lighting|glow)\b",
     "set the white balance to tungsten"),
    (r"\b(?:fix|correct|remove|neutrali[sz]e|get\s+rid\s+of|reduce)\s+(?:the\s+)?(?:green(?:ish)?\s+)?fluorescent\s+"
     r"(?:light|lighting|tubes?)\b", "set the white balance to fluorescent"),
    # a border or bars trimmed off is a crop of the edges, not a removal ("remove the border" erased it)
    (r"\b(?:remove|get\s+rid\s+of|cut\s+off|crop\s+out|crop\s+off|trim(?:\s+off)?|lose)\s+(?:the\s+|its\s+)?"
     r"(?:thin\s+|thick\s+)?(?:black\s+|white\s+|dark\s+)?(?:borders?|bars|letterbox(?:ing)?|frame|edges)\b", "trim the edges"),
    # the sky cropped away is the top ("crop to remove the sky" erased the sky and cropped nothing)
    (r"\bcrop\s+(?:it\s+|the\s+photo\s+)?(?:to\s+remove|out|away|off)\s+(?:the\s+|most\s+of\s+the\s+)?sky\b",
     "crop the top a lot"),
    # everything but a person removed is the background taken away, not a fill of the whole photo
    (r"\b(?:remove|erase|delete|get\s+rid\s+of|cut\s+out)\s+everything\s+(?:else\s+)?(?:except|but|apart\s+from|other\s+than)\s+"
     r"(?:her|him|them|the\s+(?:person|people|man|woman|girl|boy|kid|child|dog|cat|subject))\b", "remove the background"),
    # fill light, and a subject lit from behind: the shadows opened up (refused as adding a thing, or darker, before)
    (r"\b(?:add\s+)?(?:some\s+|a\s+bit\s+of\s+|a\s+little\s+)?fill[- ]light\s+(?:to|on)\s+((?:the|her|his|their|my)\s+\w+)",
     r"brighten the shadows on \1"),
    (r"\b(?:it'?s\s+|she'?s\s+|he'?s\s+|they'?re\s+|the\s+\w+\s+is\s+)?(?:backlit|back-lit|silhouetted|shot\s+against\s+the\s+"
     r"(?:light|sun))\b", "brighten the shadows"),
    # a colour said too strong is its range less saturated ("the green is too strong": GIER's bundle before)
    (r"\bthe\s+(red|orange|yellow|green|blue|purple|magenta|pink|aqua|cyan|teal)\s+(?:is|looks|seems)\s+"
     r"(?:a\s+bit\s+|way\s+|far\s+|much\s+)?too\s+(strong|intense|saturated|vivid|loud|much|neon)\b", r"the \1s are too \2"),
    # made ready for a screen or for sharing: the photo's own auto fix; for print, a little brighter and crisper
    (r"\b(?:make\s+(?:it|this)\s+)?(?:(?:instagram|insta|social\s+media|facebook|web)[- ]ready|ready\s+for\s+"
     r"(?:instagram|insta|social\s+media|facebook|sharing|the\s+web)|(?:look\s+)?good\s+on\s+(?:my|a|the)\s+"
     r"(?:phone|screen|tv|monitor|laptop))\b", "fix it"),
    (r"\b(?:make\s+(?:it|this)\s+)?(?:print[- ]ready|ready\s+(?:for|to)\s+print(?:ing)?)\b", "slightly brighter, sharpen it a little"),
    # teeth whitened as Lightroom's Teeth Whitening brush does it: their yellow taken down, a little lighter
    # (the teeth found by the face's landmarks; "can't whiten teeth yet" before)
    (r"(?:\s*,?\s*\band\s+)?(?:\b(?:whiten|brighten|bleach|clean(?:\s+up)?)\s+(?:up\s+)?((?:the|her|his|their|my|our|your)\s+)?teeth\b|"
     r"\b(?:make|get)\s+((?:the|her|his|their|my|our|your)\s+)?teeth\s+(?:look\s+)?(?:a\s+bit\s+|a\s+little\s+|slightly\s+|much\s+)?"
     r"(?:whiter|brighter|white|less\s+yellow|cleaner)\b|\b(?:the\s+|her\s+|his\s+|their\s+|my\s+)?teeth\s+(?:are|look|seem)\s+"
     r"(?:a\s+bit\s+|too\s+|so\s+|very\s+|really\s+|kind\s+of\s+)?(?:yellow|yellowish|stained|dull|grey|gray)\b)",
     TEETH_PLAIN),
    # blush: a touch of pink on the cheeks ("add some blush to her cheeks" was refused as adding a thing)
    (r"\b(?:add|put|apply|give)\s+(?:her\s+|him\s+|them\s+)?(?:some\s+|a\s+(?:bit|little|touch)\s+of\s+|a\s+little\s+|a\s+touch\s+of\s+)?"
     r"(?:blush|rouge|rosiness|a\s+rosy\s+glow|colou?r|pink)\s+(?:to|on|in)\s+((?:the|her|his|their|my)\s+)?cheeks\b",
     r"make \1cheeks slightly more pink"),
    (r"\b(?:make|give)\s+((?:the|her|his|their|my)\s+)?cheeks\s+(?:look\s+)?(?:a\s+bit\s+|a\s+little\s+|slightly\s+|more\s+)?"
     r"(?:rosier|rosy|flushed|blushing|pinker|healthier)\b", r"make \1cheeks slightly more pink"),
    (r"\bgive\s+(her|him|them)\s+(?:some\s+|a\s+bit\s+of\s+|slightly\s+|more\s+)?(?:rosy|rosier|pink|pinker|flushed|blushing)\s+cheeks\b",
     r"make \1 cheeks slightly more pink"),
    # a tan is warmer, deeper, richer skin ("make her look more tanned" was GIER's bundle of curves: a green face)
    (r"\b(?:make|get)\s+(her|him|them|me|(?:the|her|his|their|my)\s+(?:\w+(?:'s|’s)\s+)?(?:skin|face|body|arms|legs))\s+"
     r"(?:look\s+)?(?:a\s+bit\s+|a\s+little\s+|slightly\s+|much\s+)?(?:more\s+)?(?:tanned|tan|bronzed|sun[- ]?kissed)\b|"
     r"\b(?:give|add)\s+(her|him|them|me)\s+(?:a\s+|some\s+)?(?:slight\s+|little\s+|bit\s+of\s+a\s+)?(?:tan|sun[- ]?tan|bronzed\s+look)\b",
     r"make the skin warmer, slightly darker skin, more saturation on the skin"),
    # dark circles and bags under the eyes, lightened as a retoucher's brush does it: a little brighter,
    # a little less coloured (the skin under each eye drawn from the face's landmarks; "can't retouch
    # details of faces yet" before)
    (rf"\b(?:{_UNDER_EYE_VERBS}\s+)?(?:the\s+|her\s+|his\s+|their\s+|my\s+)?(?:dark\s+circles|(?:eye\s*)?bags|puffiness|"
     r"puffy\s+bags|shadows)\s+(?:under|below|beneath|round|around)\s+(her|his|their|my|the)\s+eyes\b",
     r"brighten \1 undereyes, slightly less saturation on \1 undereyes"),
    (rf"\b(?:{_UNDER_EYE_VERBS}\s+)?(?:the\s+|her\s+|his\s+|their\s+|my\s+)?(?:dark\s+circles|eye\s*bags|"
     r"under[- ]?eye\s+(?:circles|bags|shadows|darkness))\b",
     "brighten the undereyes, slightly less saturation on the undereyes"),
    (r"\b(?:make|making)\s+(?:me|her|him|them|us)\s+(?:look\s+)?(?:a\s+bit\s+|a\s+little\s+|slightly\s+)?(?:less\s+tired|"
     r"more\s+awake|more\s+rested|less\s+exhausted)\b|\b(?:i|she|he|they|we)\s+(?:look|looks)\s+(?:so\s+|too\s+|very\s+|"
     r"really\s+|a\s+bit\s+|kind\s+of\s+)?(?:tired|exhausted|sleepy)\b|\btired[- ]looking\b",
     "brighten the undereyes, slightly less saturation on the undereyes"),
    # eyes whitened: their whites brighter and less coloured (GIER's bundle on the eyes before)
    (r"\bwhiten\s+((?:the|her|his|their|my)\s+eyes)\b", r"brighten \1 a little, less saturation on \1"),
    # plants made healthier: more colour there, a little brighter (GIER's bundle on the grass before)
    (r"\bmake\s+((?:the|my|our)\s+(?:grass|lawn|trees?|leaves|plants?|foliage|garden|greenery|hedges?|bushes))\s+"
     r"(?:look\s+)?(?:a\s+bit\s+|much\s+)?(?:healthier|lusher|more\s+lush|richer|fresher|more\s+alive|livelier)\b",
     r"more saturation on \1, brighten \1 a little"),
    # a thing made clearer: its local contrast ("make the water clearer" was GIER's bundle)
    (r"\bmake\s+((?:the|her|his|their|my)\s+(?!image\b|photo\b|picture\b|pic\b|shot\b)\w+)\s+(?:look\s+)?"
     r"(?:a\s+bit\s+|much\s+)?(?:clearer|crisper|more\s+defined)\b", r"more clarity on \1"),
    # a clearer photo: its local contrast and its edges ("make the image clearer" was GIER's bundle)
    (r"\b(?:make\s+)?(?:it|this|the\s+(?:image|photo|picture|pic|shot))\s+(?:look\s+)?(?:a\s+bit\s+|slightly\s+|much\s+)?"
     r"(?:clearer|crisper|more\s+crisp|more\s+defined)\b", "more clarity, sharpen it a little"),
    # a busy photo or background: the background blurred, so the subject stands apart (a removal of
    # "too busy", or a white fill of the background, before)
    (r"\b(?:it|this|the\s+(?:photo|picture|image|pic|shot|composition))\s*(?:'s|is|looks|seems|feels)\s+(?:a\s+bit\s+|too\s+|"
     r"very\s+|so\s+|really\s+|way\s+too\s+)?(?:busy|cluttered|messy|chaotic|distracting)\b", "blur the background"),
    (r"\b(?:simplify|declutter|clean\s+up|calm(?:\s+down)?|tidy(?:\s+up)?)\s+the\s+(?:background|backdrop)\b",
     "blur the background"),
    # a place cleaned up is what lies about on it taken out, which no finder can tell from the place: a removal that
    # waits for a painted mask ("clean up the table" erased the table; "the stuff on the desk" was the desk)
    (r"\b(?:clean|tidy|clear|declutter)(?:\s+up)?\s+(?:the|her|his|their|my|our|this|that)\s+((?:\w+\s+)?" + _SURFACES + r")\b",
     r"remove the clutter on the \1"),
    (r"\b(?:remove|erase|delete|get\s+rid\s+of|take\s+(?:away|off)|clear(?:\s+away)?)\s+(?:all\s+)?(?:the\s+|that\s+|those\s+)?"
     r"(?:stuff|things|items|objects|bits|everything|odds\s+and\s+ends)\s+(?:on|from|off|in|lying\s+on|lying\s+around\s+on)\s+"
     r"(?:the|her|his|their|my|our|this|that)\s+((?:\w+\s+)?" + _SURFACES + r")\b", r"remove the clutter on the \1"),
    # ... and why, said after it, asks nothing more ("tidy up the desk, there's too much stuff on it" removed "stuff" too)
    (r"\b(remove\s+the\s+clutter\s+on\s+the\s+[\w ]+?)\s*[,;.]?\s*(?:because\s+|as\s+|since\s+)?there(?:'s|’s|\s+is)\s+"
     r"(?:way\s+)?(?:too\s+much|so\s+much|a\s+lot\s+of|loads\s+of|lots\s+of)\s+(?:stuff|clutter|junk|mess|rubbish|things)"
     r"(?:\s+(?:on|in)\s+(?:it|there)|\s+everywhere|\s+around|\s+about|\s+lying\s+around)?", r"\1"),
    (r"\bclear\s+(?:away\s+)?((?:the|all\s+the|that|those)\s+(?:\w+\s+)?\w+)\s+(?:off|from)\s+((?:the|her|his|their|my|our)\s+"
     r"(?:\w+\s+)?\w+)", r"remove \1 on \2"),
    # a sky cleaned up is its dust spots (and birds, and specks) healed, as Lightroom's Visualize Spots does it
    (r"\b(?:clean|tidy)\s+up\s+the\s+sky\b", "remove the dust spots in the sky"),
    # attention drawn to a place: it a little brighter, the edges a little darker
    (r"\b(?:draw|bring|lead|guide|pull)\s+(?:the\s+)?(?:viewer'?s?\s+)?(?:attention|eye|eyes|focus)\s+(?:to|towards?|onto)\s+"
     r"((?:the|her|his|their|my)\s+(?:\w+\s+)?\w+)", r"brighten \1 a little, add a vignette"),
    # light evened out: the shadows lifted and the highlights brought down (GIER's exposure -0.78 before)
    (r"\b(?:even(?:\s+out)?|balance|equali[sz]e)\s+(?:out\s+)?(?:the\s+)?(?:exposure|light|lighting|tones|brightness)\b",
     "brighten the shadows, darken the highlights"),
    # detail brought out in a place is its local contrast (Clarity), not GIER's contrast
    (r"\bmore\s+details?\s+(?=(?:on|in)\s+(?!the\s+(?:shadows|highlights|darks|brights|blacks|whites|midtones)\b))",
     "more clarity "),
    # warmth given to a tonal range is a colour grade of it ("warm the highlights and cool the shadows":
    # a grade that made the highlights cool before)
    (r"\b(warm|cool|cold)(?:\s+up|\s+down)?\s+the\s+(highlights|shadows)\b", r"\1 \2"),
    # colours that look overdone, made natural again: what a heavy hand pushes, taken back
    (r"\b(?:it\s+)?(?:looks?|is|seems?)\s+(?:way\s+|far\s+|a\s+bit\s+|too\s+|so\s+)*(?:over-?edited|edited|processed|"
     r"over-?done|fake|artificial)\b|\b(?:make\s+(?:it|this)\s+)?(?:look|looks)\s+like\s+(?:a\s+)?(?:real|natural|normal)\s+"
     r"(?:photo|picture|image)\b",
     UNDO_LOOK),
    # ... unless a cast is said too: then natural colours are that cast taken out ("it came out dark and kind of orange
    # from the lights, brighten it and make the colours more natural" was less saturated as well)
    # (so are colours said to be wrong: "the colours are all wrong, everything looks green" asked for a click on grey)
    (r"\b(?:everything|it\s+all|the\s+whole\s+(?:thing|photo|picture|image|shot))\s+(?:looks?|is|seems?|came\s+out|has\s+gone|went|"
     rf"turned)\s+(?:all\s+|so\s+|very\s+|really\s+|a\s+bit\s+|kind\s+of\s+|too\s+|way\s+too\s+)?({_CAST_COLOUR})(?:ish|y)?\b",
     r"less \1"),
    (rf"({_CAST_SAID}[^?!]*?)\s*(?:[,;]\s*|\s+and\s+)+(?:{_NATURAL_COLOURS}|{_COLOURS_WRONG})", r"\1"),
    (rf"(?:{_NATURAL_COLOURS}|{_COLOURS_WRONG})(?=[^?!]*?{_CAST_SAID})\s*(?:[,;]\s*|\s+and\s+)*", ""),
    (_NATURAL_COLOURS, "slightly less saturation"),
    # dodging and burning: brightening and darkening a place, by the darkroom's words
    (r"\bdodg(?:e|ing)\b", "brighten"),
    (r"\bburn(?:ing)?\b(?=\s+(?:in\s+)?(?:the|her|his|their|its|it|this|that|down|a\s+bit|slightly)\b)", "darken"),
    # a colour toned down is less of it ("tone down the magenta": GIER's bundle of curves before)
    (r"\b(?:tone|dial|turn)\s+down\s+(?:the\s+)?(red|orange|yellow|green|cyan|blue|purple|magenta|pink)\b"
     r"(?=\s*(?:$|[,.;!?]|\b(?:a\s+bit|a\s+little|slightly|please|in|on|and)\b))", r"less \1"),
    # a white thing made white again: its colour cast taken out and its grey lifted ("the bride's dress
    # looks grey, make it white"; a white fill of it, or nothing, before)
    (r"\bmake\s+((?:the|her|his|my|their)\s+(?:\w+(?:'s|’s)\s+)?(?:wedding\s+|white\s+)?(?:dress|gown|veil|"
     r"sheets?|paper|page|snow|clouds?))\s+(?:look\s+)?(?:white|whiter|pure\s+white|bright\s+white)\b",
     r"pick the white balance from \1, brighten \1"),
    # a shirt is white already only when it is said to look so, or be whiter ("make his shirt white" is a colour)
    (r"\bmake\s+((?:the|her|his|my|their)\s+(?:\w+(?:'s|’s)\s+)?(?:white\s+)?(?:shirt|t-shirt|blouse))\s+(?:look\s+white|whiter|"
     r"white\s+again)\b",
     r"pick the white balance from \1, brighten \1"),
    # the colour taken all the way down is no colour ("saturation to zero" raised it by 0.1 before)
    (r"\b(?:(?:set|turn|take|bring|put|drop|reduce|lower|pull)\s+)?(?:the\s+)?(?:saturation|colou?rs?)\s+(?:all\s+the\s+way\s+)?"
     r"(?:down\s+)?to\s+(?:zero|nothing|none|nil|the\s+minimum|minimum)\b", "remove all the colour"),
    # halved: reduced by half ("halve the saturation" was read as "halves" and raised it)
    (r"\bhalve\s+(?:the\s+)?(saturation|contrast|brightness|exposure|vibrance|warmth|sharpness|clarity|colou?rs?)\b",
     r"reduce the \1 by 50 %"),
    # colours boosted are more saturated ("boost the colours": GIER's bundle of curves before)
    (r"\b(?:boost|enhance|intensify|strengthen|enrich|pump\s+up|bump\s+up|amp\s+up|punch\s+up|increase|turn\s+up)\s+"
     r"(?:the\s+|its\s+|all\s+the\s+|my\s+)?colou?rs?\b", "more saturation"),
    # complaints that name what is wrong, not the fix
    (r"\b(?:(?:there(?:'s|’s|\s+is)|it\s+has|it(?:'s|’s|\s+is)\s+got)\s+)?(?:(?:way|far|much)\s+)?(?:too\s+much|so\s+much)\s+"
     r"(yellow|orange|blue|green|magenta|red|purple|pink|cyan)\b(?!\s+(?:in|on)\s+(?!(?:the\s+)?(?:whole\s+|entire\s+)?"
     r"(?:photo|picture|image|pic|shot)\b|it\b))(?:\s+(?:in|on)\s+(?:the\s+)?(?:whole\s+|entire\s+)?(?:photo|picture|image|pic|"
     r"shot|it)\b|\s+everywhere\b|\s+overall\b)?", r"less \1"),
    (r"\b(?:(?:there(?:'s|’s|\s+is)|it\s+has)\s+)?(?:(?:way|far|much)\s+)?(?:too\s+much|so\s+much)\s+"
     r"(yellow|orange|blue|green|magenta|red|purple|pink|cyan)\s+(in|on)\s+", r"less \1 \2 "),
    (r"^\s*(?:everything|it|this|the\s+(?:photo|picture|image|pic|shot|whole\s+thing))\s*(?:'s|is|looks|seems)\s+"
     r"(?:all\s+|very\s+|so\s+|really\s+|kind\s+of\s+|kinda\s+|a\s+bit\s+)?(orange|yellow|blue)(?:ish|y)?\b", r"less \1"),
    (r"\b(the\s+(?:snow|white\s+[\w-]+|clouds?|paper))\s+(?:looks?|is|are|seems?)\s+"
     r"(?:a\s+bit\s+|too\s+|very\s+|so\s+|kind\s+of\s+|slightly\s+)?(?:dirty|dingy|muddy|grubby|grimy)\b",
     r"pick the white balance from \1, brighten \1"),
    (r"\b(?:the\s+whites?\s+(?:of|in)\s+)?(the\s+(?:snow|white\s+[\w-]+|clouds?|paper))\s+(?:looks?|is|are|seems?)\s+"
     r"(?:a\s+bit\s+|too\s+|very\s+|so\s+|kind\s+of\s+|slightly\s+)?(?:blue|bluish|yellow|yellowish|orange|green|"
     r"greenish|pink|pinkish|purple|magenta|red|reddish|cyan|grey|gray)\b", r"pick the white balance from \1"),
    # someone photobombing is someone to remove ("there's a guy in the back photobombing, please fix both" lost him)
    # (never the main subject: one in the background)
    (r"\bthere(?:'s|’s|\s+is|\s+are)\s+(?:a|an|some|this|that|one|two)\s+((?:random\s+)?(?:guy|man|woman|lady|girl|boy|kid|child|"
     r"person|people|stranger|strangers|tourist|tourists|dude|bloke))(?:\s+(?:in|at)\s+the\s+(?:back|background))?((?:\s+(?:in|on|at)\s+"
     r"the\s+(?:left|right|corner|edge|side|top|bottom)(?:\s+(?:left|right))?)?)\s+(?:who(?:'s|\s+is)\s+)?(?:photo-?\s?bomb(?:ing|ed)|"
     r"ruining\s+it|in\s+the\s+way)(?:\s+(?:us|me|them|it|the\s+(?:photo|picture|shot)))?", r"remove the \1 in the background\2"),
    (r"\bthere(?:'s|’s|\s+is)\s+(?:a|an|this|that|one)\s+photo-?\s?bomber\b", "remove the person in the background"),
    (r"\bthere\s+are\s+(?:some|two|three|a\s+few|several)?\s*photo-?\s?bombers\b", "remove the people in the background"),
    (r"\b(?:someone|somebody|a\s+stranger|some\s+(?:guy|random|dude|bloke|kid|person))\s+(?:is\s+|was\s+|keeps\s+)?"
     r"photo-?\s?bomb(?:ing|ed|s)(?:\s+(?:us|me|them|it|the\s+(?:photo|picture|shot)))?(?:\s*[,;.]?\s*(?:so\s+|and\s+)?"
     r"(?:please\s+|can\s+you\s+|could\s+you\s+)?(?:remove|erase|get\s+rid\s+of|take\s+out|delete)\s+(?:him|her|them|it)\b)?",
     "remove the person in the background"),
    (r"\bphoto-?\s?bombers\b", "people in the background"), (r"\bphoto-?\s?bomber\b", "person in the background"),
    # a photo, scan or slide said to be dusty has dust spots on it ("this is from a scan, it's dusty" was GIER's bundle)
    (r"\b(?:it|this|the\s+(?:scan|scans|photo|picture|print|negative|negatives|slide|slides|film|image|pic))\s*(?:'s|’s|is|are|looks?|"
     r"seems?|came\s+out|got)\s+(?:a\s+bit\s+|too\s+|very\s+|so\s+|kind\s+of\s+|really\s+|all\s+|quite\s+|super\s+)?"
     r"(?:dusty|specky|full\s+of\s+(?:dust|specks))\b", "remove the dust spots"),
    # a thing cleaned up, or said to look dusty, is given the crisp look of a freshly washed one: its local contrast and
    # some colour ("clean up the shoes" erased the shoes). A face, skin, teeth, the sky, the background and the photo
    # have their own readings.
    (r"\b(?:clean(?:\s+up)?|wash|spruce\s+up|freshen\s+up)\s+(" + _CLEANED + r")(?!\s+(?:on|in|of|from)\b)"
     r"|\b(" + _CLEANED + r")\s+(?:looks?|is|are|seems?)\s+(?:a\s+bit\s+|too\s+|very\s+|so\s+|kind\s+of\s+|really\s+|all\s+)?"
     r"(?:dusty|dirty|grimy|grubby|muddy|scuffed|dull\s+and\s+dirty)\b(?:\s*[,;.]?\s*(?:so\s+|and\s+|please\s+|can\s+you\s+)*"
     r"(?:clean|wash)\s+(?:it|them)(?:\s+up)?)?",
     r"more clarity on \1\2, slightly more contrast on \1\2, slightly more saturation on \1\2"),
    # a white balance said to be off, and a thing said to show it: the thing was grey or white, the white balance is
    # picked from it, as with the eyedropper ("the white balance is off, her shirt looks blue" cooled the photo and
    # warmed the shirt). Skin, sky and plants have colours of their own, and are left to the plain reading.
    (r"\b(?:the\s+)?(?:white\s+balance|wb|colou?rs?)\s+(?:is|are|seems?|looks?)\s+(?:a\s+bit\s+|way\s+|totally\s+|all\s+)?"
     r"(?:off|wrong|weird|bad|not\s+right)\b\s*[,;.]?\s*(?:and\s+|because\s+|since\s+|as\s+|so\s+)?" + _SHOWS_A_CAST,
     r"pick the white balance from \1"),
    (_SHOWS_A_CAST + r"\s*[,;.]?\s*(?:so\s+|and\s+|please\s+|can\s+you\s+|could\s+you\s+)*(?:fix|correct|sort\s+out|adjust)\s+"
     r"the\s+(?:white\s+balance|wb|colou?rs?)\b", r"pick the white balance from \1"),
    # a dull, lifeless photo wants life: more contrast and colour (the pop look), not GIER's bundle of curves
    (_DULL.format(r"(?:kind\s+of|kinda|a\s+bit|a\s+little|slightly|somewhat|a\s+touch)\s+"),
     "slightly more contrast, slightly more saturation"),
    (_DULL.format(r"(?:all\s+|very\s+|so\s+|really\s+|quite\s+|rather\s+|pretty\s+|too\s+)?"),
     "more contrast, more saturation"),
    (r"\b(?:the\s+)?shadows\s+(?:are|look|seem)\s+(?:a\s+bit\s+|too\s+|very\s+|so\s+|kind\s+of\s+)?(?:muddy|murky|"
     r"blocked(?:\s+up)?|crushed|heavy|dense|clogged)\b", "brighten the shadows"),
    (r"\b(?:it|the\s+(?:image|photo|picture|shot|pic|focus))\s*(?:'s|is|looks|seems|came\s+out)\s+(?:a\s+bit\s+|too\s+|"
     r"very\s+|so\s+|kind\s+of\s+|kinda\s+|slightly\s+|quite\s+|rather\s+)?soft\b(?!\s+(?:light|lighting|glow|look))",
     "sharpen it"),
    (r"\b(?:the\s+)?(?:background|backdrop)\s+(?:is|looks|seems)\s+(?:a\s+bit\s+|too\s+|very\s+|so\s+|really\s+)?"
     r"(?:distracting|busy|cluttered|messy|noisy|chaotic)\b", "blur the background"),
    (r"\b(she|he|they)\s+(?:looks?|is|are|seems?)\s+(?:a\s+bit\s+|too\s+|very\s+|so\s+|kind\s+of\s+)?(?:pale|pasty|"
     r"washed[- ]out|ghostly|sickly)\b", "make the skin warmer, make the skin more colourful"),
    (r"\b(the\s+(?:water|sea|ocean|lake|river|grass|trees|leaves|foliage|flowers?|field|sunset|sunrise|autumn\s+colou?rs))\s+"
     r"(?:looks?|is|are|seems?)\s+"
     r"(?:a\s+bit\s+|too\s+|very\s+|so\s+|kind\s+of\s+)?(?:grey|gray|dull|lifeless|washed[- ]out|flat|muted)\b",
     r"make \1 more colourful"),
    # redness of the skin is its reds, less saturated there; a tan is warmer, darker skin
    (r"\b(?:reduce|lessen|tone\s+down|remove|fix|calm(?:\s+down)?|get\s+rid\s+of|less|take\s+(?:out|away))\s+(?:the\s+)?"
     r"(?:redness|red(?:\s+tones?)?|flush(?:ing)?)\s+(?:in|of|on|from)\s+((?:her|his|their|the|my)\s+(?:\w+(?:'s|’s)\s+)?"
     r"(?:face|faces|skin|cheeks|nose|forehead|chin|neck|ears?))\b", r"desaturate the reds on \1"),
    (r"\bmake\s+((?:her|his|their|the|my)\s+(?:\w+(?:'s|’s)\s+)?(?:face|faces|skin|cheeks|nose|forehead|chin|neck|ears?|lips))\s+"
     r"(?:a\s+bit\s+|a\s+little\s+|slightly\s+|much\s+)?less\s+(?:red|reddish|pink|flushed|blotchy)\b", r"desaturate the reds on \1"),
    # bloodshot eyes: their reds taken down, the whites a little lighter (curves on the eyes before)
    (r"\b((?:her|his|their|the|my)\s+eyes)\s+(?:are|look|seem)\s+(?:a\s+bit\s+|too\s+|very\s+|so\s+|really\s+)?"
     r"(?:bloodshot|veiny|irritated)\b|\b(?:fix|remove|reduce|clean\s+up|clear\s+up|get\s+rid\s+of)\s+(?:the\s+)?"
     r"(?:bloodshot|redness\s+in)\s+((?:her|his|their|the|my)\s+eyes)\b",
     r"desaturate the reds on \1\2, brighten \1\2 a little"),
    # the whites of the eyes brightened are the eyes whitened (Highlights & shadows' Whites before)
    (r"\b(?:brighten|whiten|lighten|clean\s+up)\s+the\s+whites\s+of\s+((?:her|his|their|the|my)\s+eyes)\b",
     r"brighten \1 a little, less saturation on \1"),
    # lipstick given is the lips' new colour ("give her red lipstick": GIER's bundle of curves before)
    (r"\b(?:give|put|add|apply)\s+(?:her|him|them)?\s*(?:some\s+|a\s+)?(?:bright\s+|dark\s+|deep\s+|light\s+|soft\s+)?"
     r"(red|pink|coral|nude|purple|plum|burgundy|orange|crimson|magenta|wine)\s+(?:lipstick|lips|lip\s+colou?r)"
     r"(?:\s+(?:on|to)\s+(?:her|him|them))?\b", r"make her lips \1"),
    # a brighter smile is whiter teeth ("make her smile brighter" was refused as changing what she does)
    (r"\b(?:make|get)\s+((?:her|his|their|my|the)\s+)?smile\s+(?:look\s+)?(?:a\s+bit\s+|a\s+little\s+|slightly\s+|much\s+)?"
     r"(?:brighter|whiter|more\s+white|nicer|better)\b|\b(?:brighten|whiten)\s+((?:her|his|their|my|the)\s+)?smile\b",
     TEETH_PLAIN),
    # light on a face softened: less contrast there, its highlights brought down (GIER's bundle before)
    (r"\bsoften\s+the\s+(?:light|lighting|shadows|harsh\s+light)\s+(on|in)\s+((?:the|her|his|their|my)\s+(?:\w+\s+)?\w+)",
     r"less contrast \1 \2, darken the highlights \1 \2"),
    (r"\b((?:(?:her|his|their|the|my)\s+|\w+(?:'s|’s)\s+)(?:faces?|skin|cheeks|nose))\s+(?:is|are|looks?|seems?)\s+"
     r"(?:a\s+bit\s+|too\s+|very\s+|so\s+|way\s+too\s+)?(?:red|reddish|flushed|blotchy|ruddy)\b", r"desaturate the reds on \1"),
    (r"\bgive\s+(her|him|them)\s+(?:a\s+)?(?:bit\s+of\s+a\s+|slight\s+|light\s+|little\s+)?(?:sun\s*)?tan\b",
     "make the skin warmer, darken the skin a little"),
    # the colours of a thing too weak: more saturation there ("the sunset colours are too weak")
    (r"\bthe\s+((?!colou?rs?\b)\w+)\s+colou?rs\s+(?:are|look|seem)\s+(?:a\s+bit\s+|too\s+|so\s+|very\s+|kind\s+of\s+)?"
     r"(?:weak|dull|faded|flat|washed[- ]out|muted|lifeless|pale)\b", r"more saturation on the \1"),
    # a food photo's food is the photo: "make the food look more appetizing"
    (r"\bmake\s+(?:the|this|my|our)\s+(?:food|dish|meal|plate|dinner|lunch|breakfast|dessert)\s+look\b", "make it look"),
    # standing out is popping, there: "make her stand out"
    (r"\bmake\s+(him|her|them|the\s+\w+(?:\s+on\s+the\s+(?:left|right))?)\s+stand\s+out\b", r"make \1 pop"),
    # a colour of a thing made deeper: the colour mixer's range there ("make the sky a deeper blue")
    (r"\bmake\s+(the\s+\w+)\s+(?:a\s+)?(?:deeper|richer|more\s+intense|stronger|darker)\s+(blue|green|red|orange|yellow|"
     r"purple|aqua|magenta)\b", r"make the \2s in \1 deeper"),
    (r"\b(?:deepen|enrich|intensify|strengthen)\s+the\s+(blue|green|red|orange|yellow|purple|aqua|magenta)s?\s+(?:of|in)\s+"
     r"(the\s+\w+)", r"make the \1s in \2 deeper"),
    # Lightroom's commands by their names
    (r"\bauto(?:matic)?[- ]?(?:tone|settings|adjust(?:ment)?s?|levels|correct(?:ion)?)\b", "auto enhance"),
    (r"\b(?:fix|correct|adjust|do|set|sort\s+out)\s+(?:the\s+|its\s+|my\s+)?levels\b", "auto enhance"),
    (r"\b(?:fix|correct|sort\s+out)\s+(?:whatever|anything|what)(?:'s|’s|\s+is)\s+(?:wrong|off)\s+with\s+(?:the\s+)?(colou?rs?)\b",
     r"fix the \1"),
    (r"\b(?:(?:add|apply|use|give\s+it|with)\s+)?(?:an?\s+)?(?:gentle\s+|soft\s+|strong\s+|steep\s+)?s[- ]?(?:shaped\s+)?curve\b",
     "more contrast"),
    # faults of the picture
    (rf"\b{_REMOVE}\s+{_DETS}(?:digital\s+|colou?r\s+|jpe?g\s+|compression\s+|film\s+)?"
     r"(?:noise|noisiness|grain|graininess|speckles?|speckling|artifacts|artefacts|pixelation)\b", "denoise it"),
    (rf"\b{_REMOVE}\s+{_DETS}(?:motion\s+)?(?:blur|blurriness|blurring|fuzziness|camera\s+shake|shake)\b", "sharpen it"),
    # "level it": straighten it (GIER's bundle before; "levels" is the tonal tool, and stays)
    (r"\blevel\s+(?:it|this|that|the\s+(?:photo|picture|image|shot|pic|frame|camera|whole\s+thing))\b(?!\s+out\b)|"
     r"\bmake\s+(?:it|this|the\s+(?:photo|picture|image|shot|pic))\s+(?:look\s+)?level\b", "straighten it"),
    # light from one side, relit, spared where the light falls (everyday_requests_v47)
    (r"\b(?:make\s+)?the\s+(?:light|lighting|sun(?:light)?)\s+(?:come|comes|coming|fall|falls|falling)\s+(?:in\s+)?from\s+"
     r"the\s+(left|right)(?:\s+side)?\b", r"brighten the \1 side"),
    (r"\brelight\s+((?:the|her|his|their|my)\s+(?:\w+\s+)?\w+)(?:\s+from\s+(?:the\s+)?(?:left|right|side|front|top|above))?",
     r"brighten \1"),
    (r"\b(darken|brighten|lighten)\s+everything\s+(?:except|but|apart\s+from|other\s+than)\s+(?:the\s+highlights|where\s+the\s+"
     r"(?:sun|light)\s+(?:hits|falls|is|shines)|the\s+(?:bright|lit|sunlit|sunny)\s+(?:parts|areas|bits|spots))\b",
     r"\1 the shadows"),
    # a shallow depth of field made after the fact: the background blurred ("fake a shallow depth of field" was
    # GIER's bundle; "add some bokeh" a blur of a place called 'bokeh')
    (r"\b(?:fake|add|create|simulate|give\s+(?:it|this)|get|want|with)\s+(?:a\s+|some\s+|more\s+)?(?:shallow(?:er)?|narrow(?:er)?)\s+"
     r"depth[- ]of[- ]field\b|\b(?:add|create|fake|give\s+(?:it|this)|want|with)\s+(?:a\s+|some\s+|more\s+|nice\s+|creamy\s+)*"
     r"bokeh\b", "blur the background"),
    # motion to be frozen, a shaken camera: the blur it left, sharpened as far as sharpening goes
    (r"\b(?:freeze|stop|fix)\s+(?:the\s+|all\s+the\s+)?(?:motion|movement|action)\b(?!\s+blur)", "sharpen it"),
    (r"\b(?:there(?:'s|’s|\s+is)\s+(?:some\s+|a\s+(?:bit|little)\s+of\s+|a\s+lot\s+of\s+)?camera\s+shake|"
     r"(?:it|this|the\s+(?:photo|picture|image|shot|pic))(?:'s|’s|\s+is|\s+looks?|\s+came\s+out)\s+(?:a\s+(?:bit|little)\s+|very\s+|really\s+|so\s+|too\s+)?shaky|"
     r"(?:blurry|blurred|soft)\s+(?:from|because\s+of)\s+(?:the\s+)?(?:camera\s+shake|shake|movement|motion|my\s+hands?\s+shaking))\b",
     "sharpen it"),
    (rf"\b{_REMOVE}\s+{_DETS}(?:haze|haziness|fog|mist|smog|murk)\b", HAZE_OFF),
    # shine taken off a thing is its highlights brought down there; blush toned down is less colour on the cheeks
    # (GIER's bundles of curves before)
    (r"\b(?:take|get)\s+(?:the\s+|some\s+of\s+the\s+|a\s+bit\s+of\s+the\s+)?(?:shine|sheen|glare|gloss|shininess)\s+off\s+"
     r"((?:the|her|his|their|my|our)\s+(?:\w+(?:'s|’s)\s+)?(?:\w+\s+)?\w+)", r"darken the highlights on \1"),
    (r"\b(?:tone\s+down|reduce|soften|lessen|calm\s+down|dial\s+back|take\s+down)\s+(her|his|their|my)\s+(?:blush|blusher|rouge)\b",
     r"less saturation on \1 cheeks"),
    (r"\b(?:tone\s+down|reduce|soften|lessen|calm\s+down|dial\s+back|take\s+down)\s+(?:the\s+)?(?:blush|blusher|rouge)\b|"
     r"\b(?:she|he|they)\s+(?:has|have|is\s+wearing)\s+(?:way\s+)?too\s+much\s+(?:blush|blusher|rouge)\b(?:\s+on)?",
     "less saturation on the cheeks"),
    (rf"\b{_REMOVE}\s+{_DETS}(?:glare|reflections?|hot\s*spots?|shine|shininess)\b", "darken the highlights"),
    (rf"\b{_REMOVE}\s+{_DETS}(?:dark\s+|harsh\s+)?shadows?\b", "brighten the shadows"),
    (r"\bdehaze(?:\s+(?:it|the\s+(?:photo|picture|image)))?\b", HAZE_OFF),
    # a foggy scene a look is likened to is haze wished for, not a place ("make it moody and dark like a foggy
    # forest" looked for a forest; "make it look like a foggy morning" was refused as another scene)
    (r"\b(?:make|making|turn)\s+(?:it|this|the\s+(?:photo|picture|image|shot))\s+(?:look|feel|seem)\s+like\s+(?:a|an|on\s+a|in\s+a)\s+"
     r"(?:foggy|misty|hazy)\s+(?:\w+\s+)?\w+", HAZE_ON),
    (r"\s*,?\s*\b(?:(?:look|feel|seem)(?:ing)?\s+)?like\s+(?:a|an|on\s+a|in\s+a)\s+(?:foggy|misty|hazy)\s+(?:\w+\s+)?"
     r"(?:morning|forest|woods?|day|evening|night|dawn|landscape|valley|field|lake|mountains?|scene|film|movie|dream|"
     r"autumn|winter|city|street|sea|coast|harbou?r)s?\b", ", " + HAZE_ON),
    # haze wished for ("add some mist", "make it look foggy") is a veil; any other haze is a fault
    (r"\b(?:add|with|give(?:\s+it)?|put|want)\s+(?:some\s+|a\s+(?:bit\s+of\s+|little\s+|touch\s+of\s+)?|more\s+)?"
     r"(?:soft\s+|light\s+|dreamy\s+|gentle\s+|subtle\s+)?(?:haze|fog|mist)\b(?!\s+(?:removal|reduction|veil))|"
     r"\b(?:make|making|turn)\s+(?:it|this|the\s+\w+)\s+(?:look\s+)?(?:more\s+|a\s+bit\s+|slightly\s+|a\s+little\s+)?"
     r"(?:hazy|foggy|misty|hazier|foggier|mistier)\b|\bmore\s+(?:haze|fog|mist|hazy|foggy|misty)\b", HAZE_ON),
    (r"\b(?:make|making)\s+(the\s+(?!(?:photo|picture|image|shot|pic|whole)\b)\w+)\s+(?:look\s+)?(?:a\s+bit\s+|much\s+|way\s+|"
     r"a\s+lot\s+)?(?:less|not\s+so|not\s+as)\s+(?:hazy|foggy|misty|smoggy)\b", r"dehaze it on \1"),
    (r"(?:\b(?:make|making)\s+(?:it|this|the\s+\w+)\s+(?:look\s+)?(?:a\s+bit\s+|much\s+|way\s+|a\s+lot\s+)?)?"
     r"(?:\b(?:less|not\s+so|not\s+as)\s+)?\b(?:haz(?:e|y|iness)|fog(?:gy)?|misty|smog(?:gy)?)\b(?!\s+veil\b)", HAZE_OFF),
    # editors' words for tonal ranges
    (r"\b(?:recover|rescue|bring back|pull (?:back|down)|tame)\s+(?:the\s+)?(?:blown\s+)?highlights\b",
     "darken the highlights"),
    (r"\b(?:lift|open up|open|boost|raise|recover|bring up|pull up)\s+(?:the\s+)?(?:shadows|shadow detail)\b",
     "brighten the shadows"),
    (r"\b(?:lift|raise|fade|bring up|pull up)\s+(?:the\s+)?blacks\b", "brighten the blacks"),
    (r"\b(?:crush|deepen|lower|darken|drop)\s+(?:the\s+)?shadows\b", "darken the shadows"),
    (r"\b(?:crush|deepen|lower|darken|drop)\s+(?:the\s+)?blacks\b", "darken the blacks"),
    # whites that are not white, blacks that are not black: the end of the range, not all the photo
    (r"\bwhites\s+(?:look|are|seem|appear|come\s+out)\s+(?:a\s+bit\s+|kind\s+of\s+|kinda\s+|too\s+|so\s+|very\s+)?"
     r"(?:grey|gray|greyish|grayish|dull|dingy|dirty|muddy|murky|off|creamy)\b|"
     r"\bwhites\s+(?:aren't|are\s+not|don't\s+look|do\s+not\s+look|isn't|not)\s+(?:very\s+|really\s+|quite\s+)?white\b",
     "brighten the whites"),
    (r"\bblacks\s+(?:look|are|seem|appear|come\s+out)\s+(?:a\s+bit\s+|kind\s+of\s+|kinda\s+|too\s+|so\s+|very\s+)?"
     r"(?:grey|gray|greyish|grayish|washed[- ]out|faded|milky|muddy|weak|flat|lifted)\b|"
     r"\bblacks\s+(?:aren't|are\s+not|don't\s+look|do\s+not\s+look|isn't|not)\s+(?:very\s+|really\s+|quite\s+)?black\b",
     "darken the blacks"),
    # softened ranges: shadows opened a little, highlights brought down a little
    (r"\b(?:soften|soft(?:er)?)\s+(?:the\s+)?(?:harsh\s+|dark\s+|deep\s+)?shadows\b", "brighten the shadows a little"),
    (r"\b(?:soften|soft(?:er)?)\s+(?:the\s+)?(?:harsh\s+|bright\s+)?highlights\b", "darken the highlights a little"),
    # skin retouching: a soft blur of the skin, kept faint (a layer's opacity) so its texture shows
    (r"\b(?:smooth(?:en)?|soften|airbrush|retouch|even(?:\s+out)?|perfect|clean(?:\s+up)?|beautify)\s+(?:out\s+|up\s+)?"
     r"(?:the\s+|her\s+|his\s+|their\s+|my\s+|your\s+)?(?:skin|complexion|face|faces|skin\s+tones?)\b", SKIN_PLAIN),
    (rf"\b{_REMOVE}\s+{_DETS}(?:her\s+|his\s+|their\s+|my\s+)?(?:blemish(?:es)?|acne|pimples?|zits?|freckles?|skin\s+spots?|"
     r"spots\s+on\s+(?:her|his|the|my|their)\s+(?:face|skin))\b", BLEMISH_PLAIN),
    (rf"\b(?:{_REMOVE[3:-1]}|soften|smooth(?:\s+out)?|hide|blur)\s+{_DETS}(?:her\s+|his\s+|their\s+|my\s+)?"
     r"(?:wrinkles?|fine\s+lines|crow'?s\s+feet|laugh\s+lines|skin\s+imperfections?|imperfections?)\b", SKIN_PLAIN),
    (r"\b(?:make|making)\s+(?:the\s+|her\s+|his\s+|their\s+|my\s+)?(?:skin|complexion|face|faces)\s+(?:\w+\s+)?"
     r"(?:look\s+)?(?:a\s+bit\s+|a\s+little\s+|slightly\s+|more\s+|really\s+|very\s+)?(?:smoother|softer|smooth|soft|"
     r"flawless|cleaner|clearer|better|nicer|healthier|perfect|younger|fresher)\b", SKIN_PLAIN),
    # water smoothed is the long exposure's look: a blur of the water ("make the water look smooth": GIER's
    # bundle of curves and a denoise before)
    (r"\b(?:make|get|turn)\s+((?:the|this|that)\s+(?:\w+\s+)?(?:water|waterfall|river|stream|sea|ocean|lake|waves|surf))\s+"
     r"(?:look\s+|appear\s+)?(?:more\s+|really\s+|very\s+|nice\s+and\s+)?(?:smooth|smoother|silky|silkier|glassy|creamy|"
     r"misty|milky|dreamy|calm|calmer|still|stiller|like\s+(?:a\s+)?long[- ]exposure)\b", r"blur \1"),
    (r"\b((?:the|this|that)\s+(?:\w+\s+)?(?:water|waterfall|river|stream|sea|ocean|lake|waves|surf))\s+(?:should|could|"
     r"would|must|needs\s+to|has\s+to|ought\s+to)\s+(?:look|be|appear)\s+(?:more\s+|really\s+|very\s+|nice\s+and\s+)?"
     r"(?:smooth|smoother|silky|silkier|glassy|creamy|misty|milky|dreamy|calm|calmer|like\s+(?:a\s+)?long[- ]exposure)\b",
     r"blur \1"),
    (r"\b(?:give|add)\s+((?:the|this|that)\s+(?:\w+\s+)?(?:water|waterfall|river|stream|sea|ocean|lake|waves|surf))\s+"
     r"(?:a\s+|that\s+)?(?:silky|smooth|milky|long[- ]exposure)\s+(?:look|effect|feel|finish)\b", r"blur \1"),
    (r"\b(?:a\s+|the\s+)?(?:silky|milky)\s+(waterfall|water|river|stream|sea|waves)\b", r"blur the \1"),
    # a sky made smooth is its noise (and its banding's steps) taken out
    (r"\b(?:make|get)\s+(the\s+sky)\s+(?:look\s+)?(?:more\s+|really\s+|nice\s+and\s+)?(?:smooth|smoother|clean|cleaner)\b|"
     r"\bsmooth(?:\s+out)?\s+(the\s+sky)\b", r"denoise \1\2"),
    (r"\b(?:smooth(?:\s+out)?|soften)\s+((?:the|this|that)\s+(?:\w+\s+)?(?:water|waterfall|river|stream|sea|ocean|lake|"
     r"waves|surf))\b", r"blur \1"),
    (r"\b(?:(?:give|add|apply|put|use)\s+)?(?:a\s+|the\s+)?long[- ]exposure\s+(?:look|effect|feel)\s+(?:on|for|to)\s+((?:the|this|that)\s+(?:\w+\s+)?"
     r"(?:water|waterfall|river|stream|sea|ocean|lake|waves|surf))\b", r"blur \1"),
    # looking younger is smoother skin, as a retoucher's first step (GIER's bundle of curves before)
    (r"\b(?:make|making)\s+(?:me|her|him|them|us|the\s+\w+)\s+(?:look\s+)?(?:a\s+bit\s+|a\s+little\s+|slightly\s+|much\s+|"
     r"a\s+few\s+years\s+|(?:\w+|\d+)\s+years\s+)?(?:younger|less\s+wrinkly|less\s+old|more\s+youthful)\b|"
     r"\bde-?age\s+(?:me|her|him|them|the\s+\w+)\b", SKIN_PLAIN),
    (r"\bskin\s+(?:smoothing|softening|retouch(?:ing)?)\b", SKIN_PLAIN),
    # what identifies someone, hidden for good: blocks over it (a fill would leave a person with no face,
    # and "hide the face of the kid" erased it)
    (rf"\b(?:hide|obscure|conceal|cover(?:\s+up)?|mask|blank\s+out|black\s+out|block\s+out|redact)\s+({_PRIVATE})",
     r"pixelate \1"),
    (rf"\b(?:make|render)\s+({_PRIVATE})\s+(?:completely\s+|totally\s+)?(?:unrecogni[sz]able|unreadable|illegible|"
     r"anonymous|impossible\s+to\s+(?:read|recogni[sz]e))\b", r"pixelate \1"),
    (rf"\b(?:add|apply|put|use)\s+(?:a\s+|some\s+)?(?:mosaic|pixelation|pixelisation|pixelization|pixel\s+effect|"
     rf"pixelated\s+effect|censor(?:ing)?\s+(?:blocks?|pixels?))\s+(?:on|to|over)\s+({_THE_THING})", r"pixelate \1"),
    # a colour given to a tonal range is a split tone ("add a teal tint to the shadows": curves on the
    # shadows' mask before)
    (r"\b(?:add|give|put|apply|bring)\s+(?:in\s+)?(?:a\s+|some\s+)?(?:subtle\s+|slight\s+|little\s+|light\s+|bit\s+of\s+)?"
     r"(red|orange|warm|amber|gold|golden|yellow|green|teal|aqua|cyan|cool|cold|blue|violet|purple|magenta|pink)(?:ish)?\s+"
     r"(?:tint|tone|cast|colou?r|hue|wash)\s+(?:to|in|on|into|over)\s+(?:the\s+)?(shadows|highlights)\b", r"make the \2 \1"),
    (r"\b(?:give|add\s+to)\s+the\s+(shadows|highlights)\s+(?:a\s+|some\s+)?(?:subtle\s+|slight\s+|little\s+|light\s+|bit\s+of\s+a\s+)?"
     r"(red|orange|warm|amber|gold|golden|yellow|green|teal|aqua|cyan|cool|cold|blue|violet|purple|magenta|pink)(?:ish)?\s+"
     r"(?:tint|tone|cast|colou?r|hue|wash)\b", r"make the \1 \2"),
    # creamy highlights are warm ones (GIER's bundle on the highlights before)
    (r"\b(?:make\s+)?the\s+highlights\s+(?:look\s+)?(?:a\s+bit\s+|slightly\s+|more\s+)?(?:creamier|creamy|buttery|golden|"
     r"more\s+golden|ivory)\b|\b(?:creamy|buttery|golden)\s+highlights\b", "warm highlights"),
    # details brought out are local contrast, Clarity ("bring out the details" lowered the contrast before)
    (rf"\b(?:bring\s+out|enhance|reveal|pull\s+out|recover|boost|emphasi[sz]e|accentuate)\s+(?:the\s+|more\s+|all\s+the\s+|"
     rf"some\s+)?(?:fine\s+|small\s+)?(?:details?|texture|textures)\s+(?:in|of|on)\s+({_NP})", r"more clarity on \1"),
    (r"\b(?:bring\s+out|enhance|reveal|pull\s+out|recover|boost|emphasi[sz]e|accentuate)\s+(?:the\s+|more\s+|all\s+the\s+|"
     r"some\s+)?(?:fine\s+|small\s+)?(?:details?|texture|textures)\b", "more clarity"),
    # things whose look is their texture, brought out: clouds, bark, stone, waves (GIER's bundle on the clouds before)
    (r"\b(?:bring\s+out|pull\s+out|tease\s+out|draw\s+out|accentuate|emphasi[sz]e)\s+(?:the\s+)?((?:storm\s+)?clouds|bark|"
     r"stonework|stones?|rocks?|waves|ripples|wood\s+grain|grain\s+of\s+the\s+wood|feathers|fur|wrinkles|fabric|brickwork|"
     r"bricks)\b", r"more clarity on the \1"),
    # harsh light softened: its highlights down, its shadows up, less contrast (GIER's bundle before)
    (rf"\b(?:the\s+)?(?:sun|sunlight|light|lighting|midday\s+sun|flash)\s+(?:is|looks|seems|was)\s+(?:a\s+bit\s+|too\s+|"
     rf"very\s+|so\s+|really\s+|way\s+too\s+)?harsh\s+on\s+({_NP})",
     r"darken the highlights on \1, brighten the shadows on \1, less contrast on \1"),
    (r"\b(?:the\s+)?(?:sun|sunlight|light|lighting|midday\s+sun|flash)\s+(?:is|looks|seems|was)\s+(?:a\s+bit\s+|too\s+|"
     r"very\s+|so\s+|really\s+|way\s+too\s+)?harsh\b", "darken the highlights, brighten the shadows, less contrast"),
    # the colours of a thing too loud are less saturated there
    (rf"\bthe\s+colou?rs?\s+(?:of|in|on)\s+({_NP})\s+(?:are|is|look|looks|seem|seems)\s+(?:a\s+bit\s+|way\s+|much\s+)?too\s+"
     r"(?:loud|strong|intense|saturated|vivid|garish|bright|much|neon)\b", r"less saturation on \1"),
    # something unwanted cut out is removed (a cut-out of the subject before: "cut out the ugly car")
    (r"\bcut\s+(?:out\s+)?((?:the|that|this|those|these)\s+(?:ugly|annoying|unwanted|distracting|stupid|random|weird|"
     r"horrible)\s+[^,.;]+?)(?:\s+out)?(?=\s*(?:$|[,.;!?]|\band\b|\bplease\b))", r"remove \1"),
    # a thing's colour complained of ("the city lights look orange and ugly", "the dog's fur looks orange"): less of
    # that colour there
    (rf"\b(?!the\s+(?:reds?|oranges?|yellows?|greens?|aquas?|blues?|purples?|magentas?|pinks?)\b)"
     rf"({_NP})\s+(?:looks?|is|are|seems?)\s+(?:a\s+bit\s+|too\s+|very\s+|so\s+|really\s+|weirdly\s+|way\s+too\s+)?"
     r"(orange|yellow|green|blue|magenta|purple|red)(?:ish|y)?\s+and\s+(?:ugly|awful|horrible|weird|unnatural|fake|off|wrong|"
     r"gross|sickly)\b", r"less \2 on \1"),
    (rf"\b(?!the\s+(?:reds?|oranges?|yellows?|greens?|aquas?|blues?|purples?|magentas?|pinks?)\b)"
     rf"((?:{_NP})|(?:the\s+)?\w+(?:'s|’s)\s+\w+)\s+(?:looks?|seems?)\s+(?:a\s+bit\s+|too\s+|very\s+|so\s+|really\s+|weirdly\s+|"
     r"way\s+too\s+|kind\s+of\s+|all\s+)?(orange|yellow|green|blue|magenta|purple)(?:ish|y)?\b(?=\s*(?:$|[,.;!?]|\bbut\b|\bcan\b))",
     r"less \2 on \1"),
    # a thing too red, pink or orange is that colour range desaturated there ("the ladybird is too red" was GIER's
    # bundle of curves)
    (rf"\b(?!the\s+(?:reds?|oranges?|pinks?)\b)(?!{_PHOTO_ITSELF})({_NP_AT})\s+(?:looks?|is|are|seems?)\s+(?:a\s+bit\s+|a\s+little\s+)?"
     r"(?:too|way\s+too|far\s+too|overly)\s+(red|pink|orange)\b", r"desaturate the \2s on \1"),
    # a thing made another colour by degree is that colour, half way ("make the cat's eyes greener" was GIER's curves)
    *((rf"\bmake\s+((?!(?:it|this|the\s+(?:photo|picture|image|shot|sky|reds?|oranges?|yellows?|greens?|aquas?|blues?|purples?|"
       rf"magentas?|pinks?))\b)(?!{_PHOTO_ITSELF}){_NP_AT})\s+(?:look\s+)?"
       rf"(?:a\s+bit\s+|slightly\s+|even\s+)?{er}\b", rf"make \1 more {c}")
      for c, er in (("green", "greener"), ("red", "redder"), ("yellow", "yellower"), ("pink", "pinker"), ("purple", "purpler"))),
    # skin of one colour complained of is less of it there, however the fix is asked ("my skin looks really red in it,
    # is it possible to tone that down a bit" darkened and flattened the photo)
    (_SKIN_COLOURED.format("(?:red|pink)"), r"desaturate the reds on \1"),
    (_SKIN_COLOURED.format("(orange|yellow)"), r"less \2 on \1"),
    # a thing made readable is sharper and clearer there (GIER's bundle of curves before)
    (rf"\bmake\s+({_NP}(?:\s+on\s+{_NP})?)\s+(?:more\s+|easier\s+to\s+read|easy\s+to\s+read)?\s*(?:readable|legible|"
     r"clearer|easier\s+to\s+read|easy\s+to\s+read)\b", r"sharpen \1, more clarity on \1"),
    # a thing's colour that looks another: that colour range there ("the red of the dress looks orange": GIER's curves)
    (rf"\bthe\s+(red|orange|yellow|green|aqua|blue|purple|magenta)\s+(?:of|in|on)\s+({_NP})\s+(?:looks?|is|seems?|came\s+out)\s+",
     r"the \1s on \2 look "),
    # a faded look as the purpose of an edit is less colour ("faded" said of the colours is a fault:
    # "lift the blacks for a faded look" added saturation)
    (r"\s*,?\s*\b(?:for|to\s+get|to\s+give\s+it)\s+(?:a|that|the)\s+(?:\w+\s+)?faded\s+(?:film\s+)?(?:look|style|effect|feel|vibe)\b",
     ", slightly less saturation"),
    # the look of film, not of a sensor: grain, and less of the crispness a sensor's sharpening gives
    (r"\b(?:make\s+(?:it|this|the\s+(?:photo|picture|image|shot))\s+)?(?:look|feel)\s+less\s+(?:digital|clinical|sterile)\b",
     "add film grain, slightly less clarity"),
    # skin that looks too orange or red made natural again: less of those colours on the skin
    (r"\b(?:make|get)\s+(?:the\s+|her\s+|his\s+|their\s+|my\s+)?skin(?:\s+tones?)?\s+(?:look\s+)?(?:more\s+natural|"
     r"natural(?:\s+again)?|less\s+orange|less\s+red)\b", "slightly desaturate the reds and oranges on the skin"),
    # skin kept warm through a cooler or more muted look is made a little warmer there ("darker and less saturated, but
    # keep her skin tones warm" gave the skin -0.01 of warmth)
    (r"\b(?:but\s+)?(?:keep|leave)\s+((?:the|her|his|their|my|our)\s+(?:skin(?:\s+tones?)?|face|faces))\s+(?:looking\s+)?(?:warm|"
     r"nice\s+and\s+warm|healthy|glowing)\b", r"make \1 slightly warmer"),
    # Lightroom's vibrance is the saturation that spares skin
    (r"\b(?:more\s+(?:vibrant|colou?rful|saturated|saturation|colou?rs?)|boost\s+the\s+colou?rs?)\s*,?\s+but\s+"
     r"(?:keep|leave)\s+(?:the\s+|her\s+|his\s+|their\s+)?(?:skin(?:\s+tones?)?|faces?)\s+(?:natural|as\s+(?:it\s+is|they\s+are)|"
     r"alone|untouched)\b", "more vibrance"),
    # noise wished for is grain
    (r"\b(?:add|apply|put|give(?:\s+it)?|with)\s+(?:some\s+|a\s+little\s+|a\s+bit\s+of\s+|film\s+|fine\s+)*noise\b",
     "add film grain"),
    # vignetting: the Vignette effect's way (lifting the corners is what a lens correction does)
    (rf"\b{_REMOVE}\s+{_DETS}(?:the\s+)?(?:vignett(?:e|ing)|dark\s+(?:corners|edges))\b", "a white vignette"),
    (r"\b(?:the\s+)?(?:corners|edges)\s+(?:are|look|seem|get|got)\s+(?:\w+\s+)?(?:too\s+|very\s+|so\s+)?(?:dark|black|shadowy)\b",
     "a white vignette"),
    (r"\b(?:darken|darker|burn|burn in)\s+(?:the\s+|all\s+the\s+|all\s+four\s+)?(?:corners|edges)\b", "a vignette"),
    # dark corners lightened, or vignetting complained of, are the lens's vignette taken out ("lighten the dark corners
    # a bit, it's got vignetting from the lens" darkened the corners)
    (r"\b(?:lighten|brighten|lift|remove|fix|reduce|correct|get\s+rid\s+of)\s+(?:the\s+)?(?:dark|darker|darkened|black|shadowy)\s+"
     r"(edges|corners)\b", r"lighten the \1"),
    (r"\b(?:it(?:'s|’s)\s+got|it\s+has|there(?:'s|’s|\s+is)|it\s+shows|with)\s+(?:some\s+|a\s+lot\s+of\s+|heavy\s+|bad\s+|"
     r"strong\s+|a\s+bit\s+of\s+)?(?:lens\s+)?vignetting\b(?:\s+(?:from|because\s+of|caused\s+by)\s+(?:the\s+|my\s+)?\w+)?",
     "a white vignette"),
    (r"\b(?:dark|darker|darkened|black|shadowy)\s+(?:edges|corners)\b", "a vignette"),
    (r"\b(?:make|making)\s+(?:the\s+)?(?:corners|edges)\s+(?:a\s+(?:bit|little)\s+)?darker\b", "a vignette"),
    (r"\b(?:brighten|lighten|lift)\s+(?:the\s+|all\s+the\s+|all\s+four\s+)?(?:corners|edges)\b", "a white vignette"),
    (r"\b(?:make|making)\s+(?:the\s+)?(?:corners|edges)\s+(?:a\s+(?:bit|little)\s+)?(?:brighter|lighter)\b",
     "a white vignette"),
))


#: Faults named in one clause and removed by a pronoun in another ("there's grain everywhere,
#: get rid of it"): the plain phrasing of their fix.
FAULTS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.IGNORECASE), plain) for p, plain in (
    (r"\b(?:noise|noisy|grain|grainy|graininess|speckles?|artifacts|artefacts)\b", "denoise it"),
    (r"\b(?:blur|blurry|blurriness|out of focus|shake)\b", "sharpen it"),
    (r"\b(?:haze|hazy|fog|foggy|mist|misty)\b", HAZE_OFF),
))
_REMOVE_PRONOUN = re.compile(rf"\b{_REMOVE}\s+(?:it|that|them|this)(?:\s+(?:up|out))?\b", re.IGNORECASE)


#: A clause that only says what the photo is ("it's a night shot", "this is an old scan"): context
#: for the rest of the request, not an edit of its own.
CONTEXT_RE = re.compile(
    r"^\s*(?:it'?s|it\s+is|this\s+is|that'?s|here'?s|this'?s)\s+(?:just\s+)?(?:a|an|my|the|our)\s+(?:\w+\s+){0,3}?"
    r"(?:photo|photograph|shot|picture|pic|image|scan|portrait|selfie|landscape|snapshot|snap|headshot)\s*$",
    re.IGNORECASE)


#: A clause that says how a thing is ("my dog looks too dark", "the sky is white"), then its edit
#: with a pronoun ("brighten him", "make it blue"): the pronoun is that thing.
_STATEMENT_RE = re.compile(r"^(?P<said>[^,;.!?]+?\b(?:is|are|was|were|looks?|seems?|appears?|feels?|'s|’s)\b[^,;.!?]*?)"
                           r"(?P<sep>\s*(?:[,;.!?]+|\s(?:so|and|but|,)\s)\s*)(?P<rest>.+)$", re.IGNORECASE)
_PRONOUN_EDIT_RE = re.compile(r"\b(brighten|darken|lighten|sharpen|blur|soften|warm|cool|saturate|desaturate|make|turn|"
                              r"recolou?r|whiten|lift|tone\s+down|remove|erase|delete|get\s+rid\s+of|take\s+out|give)\s+"
                              # "her" an object, not a determiner ("brighten her face" was "brighten her hair face")
                              r"(it|him|them|her(?!\s+(?!(?:up|down|out|a|an|some|slightly|more|less|too|so|please|and|but|"
                              r"then|instead|again|back|just|for|with|in|on|to|at|by|much|lots|really|very|bit|little|"
                              r"touch)\b)[a-z]))\b", re.IGNORECASE)


#: A statement about the photo itself ("it's a food pic for ...", "this is my kitchen").
_PHOTO_SAID = re.compile(r"\s*(?:it|this|that)(?:'s|’s|\s+is|\s+was)\b", re.IGNORECASE)
#: A thing said to be as wanted ("the sky is fine"), which no later pronoun points back at.
_FINE_RE = re.compile(r"\b(?:is|are|looks?|seems?)\s+(?:(?:just|already|totally|perfectly|actually|really|pretty)\s+)?"
                      r"(?:fine|ok|okay|good|great|perfect|alright|nice)\b", re.IGNORECASE)


def with_antecedent(text: str) -> str:
    """``text`` with a pronoun that points back at the thing a statement before it named, as that
    thing ("my dog looks too dark, brighten him" -> "brighten my dog"; "the sky is white, make it
    blue" -> "make the sky blue"); unchanged when the statement names no place (the photo: "it's
    too dark, brighten it") or no edit points back."""
    from .where import region_phrase  # where reads this module's colour words

    m = _STATEMENT_RE.match(text)
    later = _STATEMENT_RE.match(m.group("rest")) if m is not None else None
    if later is not None and _PRONOUN_EDIT_RE.search(later.group("rest")) and not _PRONOUN_EDIT_RE.search(later.group("said")):
        # "the sun was behind her so her face is in shadow, can you lift it": "it" is the nearer statement's, and
        # the first is why (kept when it states a fault or an edit of its own)
        own = _VERB_RE.search(m.group("said")) or _FINE_RE.search(m.group("said")) or \
            any(rx.search(m.group("said")) for rx, _ in FAULTS)
        return (text[: m.start("rest")] if own else "") + with_antecedent(m.group("rest"))
    if m is not None and _PHOTO_SAID.match(m.group("said")):
        edit = _PRONOUN_EDIT_RE.search(m.group("rest"))
        if edit is not None and edit.group(2).lower() == "it":
            return text  # "it's a food pic for our cafe, make it pop": "it" is the photo the statement is about
    if m is not None and _FINE_RE.search(m.group("said")):  # "the sky is fine but the foreground is too dark,
        return text[: m.start("rest")] + with_antecedent(m.group("rest"))  # brighten it": "it" is the foreground
    if m is None or _VERB_RE.search(m.group("said")) or any(rx.search(m.group("said")) for rx, _ in FAULTS):
        return text  # a fault stated ("the sky is hazy") is an edit of its own (:data:`FAULTS`)
    edit = _PRONOUN_EDIT_RE.search(m.group("rest"))
    place = region_phrase(m.group("said")) if edit is not None else None
    if edit is None or place is None:
        return text
    rest = m.group("rest")
    return f"{rest[: edit.start()]}{edit.group(1)} {place}{rest[edit.end():]}"


#: Colours a thing can be made ("make her dress red"): hue (degrees) and saturation of the Recolour
#: layer. White, black and grey (:data:`ACHROMATIC`) have no hue: the colour taken out, and the
#: luminance moved most of the way to black or white, the shading kept.
RECOLOURS: dict[str, tuple[float, float]] = {
    "red": (0.0, 0.75), "crimson": (348.0, 0.75), "scarlet": (5.0, 0.8), "burgundy": (345.0, 0.6), "maroon": (350.0, 0.6),
    "orange": (28.0, 0.8), "yellow": (52.0, 0.75), "gold": (45.0, 0.65), "golden": (45.0, 0.65), "green": (120.0, 0.55),
    "lime": (90.0, 0.65), "olive": (70.0, 0.45), "emerald": (140.0, 0.6), "teal": (175.0, 0.55), "turquoise": (172.0, 0.55),
    "cyan": (185.0, 0.55), "aqua": (185.0, 0.55), "blue": (220.0, 0.65), "navy": (225.0, 0.7), "purple": (275.0, 0.55),
    "violet": (270.0, 0.55), "lavender": (265.0, 0.3), "lilac": (280.0, 0.3), "magenta": (305.0, 0.65),
    "pink": (335.0, 0.4), "brown": (25.0, 0.5), "beige": (35.0, 0.25), "tan": (30.0, 0.35),
    # hair colours
    "blonde": (45.0, 0.45), "blond": (45.0, 0.45), "auburn": (12.0, 0.55), "ginger": (22.0, 0.65), "copper": (22.0, 0.6),
}
#: Colours without a hue, and the Recolour layer's lightness for each ("make his car black" had been a
#: darkening by a third, a dim brown suit on the sample; "make the door white" was not understood).
ACHROMATIC: dict[str, float] = {"black": -0.8, "pure black": -0.88, "charcoal": -0.6, "grey": 0.0, "gray": 0.0,
                                "silver": 0.35, "white": 0.8, "pure white": 0.88, "off-white": 0.7, "cream": 0.65}
_DYE = "|".join(sorted([*RECOLOURS, *ACHROMATIC], key=len, reverse=True))
#: A thing, not the photo, its sky, background, colours or light (those have their own edits).
_THING = (r"(?:the|her|his|their|my|its|this|that|our|your)\s+(?!(?:\w+\s+)?(?:sky|skies|background|backdrop|photo|picture|"
          r"image|pic)\b)(?!(?:sky|skies|background|backdrop|photo|picture|image|pic|"
          r"shot|whole|entire|colou?rs?|tones?|light|lighting|shadows|highlights|skin|overall|look|mood|filter|"
          r"white\s+balance|balance|black\s+(?:and|&|n)\s+white)\b)(?:(?!{0}\b)\w+\s+)??(?!{0}\b)\w+(?:'s\s+\w+)?"
          r"(?:\s+(?:on|at|in)\s+the\s+(?:left|right|top|bottom|middle|centre|center|front|back)(?:\s+side)?)?").format(
    r"(?:more|less|a|an|bit|little|much|slightly|even|too|so|very|really|to|into|from|in|and|or)")


def _shade(group: str) -> str:
    """How the colour is said before its name ("a deep", "more", "a bit more"), the "more" part
    in the named ``group``."""
    return (rf"(?:(?P<{group}>more|a\s+(?:bit|little|touch)\s+more|slightly\s+more|much\s+more)\s+)?(?:an?\s+)?"
            rf"(?:(?P<{group}s>bright|deep|dark|light|pale|vivid|rich|pastel|soft|strong|nice|darker|lighter|deeper|"
            r"brighter|paler)\s+)?")


#: A thing given a new colour: "make her dress red", "turn the car blue", "change the colour of the
#: door to green", "the walls should be yellow".
RECOLOUR_RE = re.compile(
    rf"\b(?:change|turn|switch|make)\s+(?P<e>{_THING})\s+from\s+(?:\w+\s+)?(?:{_DYE}|black|white|grey|gray)\s+(?:to|into)\s+"
    rf"{_shade('me')}(?P<ce>{_DYE})\b|"
    rf"\b(?:want|like|see|have|need|prefer)\s+(?P<f>{_THING})\s+(?:in|to\s+be)\s+{_shade('mf')}(?P<cf>{_DYE})\b|"
    rf"\b(?:make|turn|paint|colou?r|recolou?r|dye|change|switch)\s+(?P<a>{_THING})\s+(?:to\s+|into\s+)?"
    rf"{_shade('ma')}(?P<ca>{_DYE})\b(?!\s*(?:and|&|n)\s+white)|"
    rf"\b(?:change|switch)\s+the\s+colou?r\s+of\s+(?P<b>{_THING})\s+(?:to|into)\s+{_shade('mb')}"
    rf"(?P<cb>{_DYE})\b|"
    rf"\b(?P<c>{_THING})\s+(?:should\s+be|needs?\s+to\s+be|must\s+be|has\s+to\s+be)\s+{_shade('mc')}"
    rf"(?P<cc>{_DYE})\b|"
    rf"\bgive\s+(?P<d>{_THING})\s+{_shade('md')}(?P<cd>{_DYE})\s+colou?r\b", re.IGNORECASE)
#: "more turquoise" is some of the new colour; "a bit more" less of it.
RECOLOUR_MORE = {"more": 0.5, "much more": 0.7}
#: A shade said of the colour: the Recolour layer's lightness.
RECOLOUR_SHADE = {"dark": -0.25, "darker": -0.25, "deep": -0.2, "deeper": -0.2, "light": 0.25, "lighter": 0.25,
                  "pale": 0.3, "paler": 0.3, "pastel": 0.3}


def recolour(clause: str) -> dict[str, float] | None:
    """The Recolour layer's parameters a clause asks for ("make her dress red": the hue and
    saturation of red, all of it), or None when it gives no thing a new colour."""
    m = RECOLOUR_RE.search(clause)
    if m is None:
        return None
    alt = next(k for k in "efabcd" if m.group(f"c{k}"))
    colour, more, shade = m.group(f"c{alt}"), m.group(f"m{alt}"), (m.group(f"m{alt}s") or "").lower()
    key = re.sub(r"\s+", " ", colour.lower())
    hue, sat = RECOLOURS.get(key, (0.0, 0.0))
    amount = 1.0 if more is None else RECOLOUR_MORE.get(re.sub(r"\s+", " ", more.lower()), 0.3)
    out = {"hue": hue, "saturation": sat, "amount": amount}
    if key in ACHROMATIC:  # "make his car black": no colour, most of the way to black
        out["lightness"] = ACHROMATIC[key] + (RECOLOUR_SHADE.get(shade, 0.0) if key in ("grey", "gray") else 0.0)
    elif shade in RECOLOUR_SHADE:  # "a darker green", "light blue"
        out["lightness"] = RECOLOUR_SHADE[shade]
    return out


_REST_RE = re.compile(r"\b(?:everything|everywhere|all)\s+else\b|\bthe\s+rest(?:\s+of\s+(?:the\s+)?(?:photo|picture|image|"
                      r"shot|it|frame|scene))?\b(?!\s+of\s+(?:the|her|his|their|my)\b)", re.IGNORECASE)


def with_rest(text: str) -> str:
    """``text`` with "everything else" and "the rest" after a place said as all but that place:
    "make the red car pop and mute everything else" mutes everything except the red car (the
    whole photo, the car too, before)."""
    m = _REST_RE.search(text)
    if m is None:
        return text
    from .where import region_phrase  # where reads this module's colour words

    for clause in reversed(re.split(r"[,;]|\b(?:and|but|then)\b", text[: m.start()])):
        place = region_phrase(clause) if clause.strip() else None
        if place and not place.startswith("everything"):
            return f"{text[: m.start()]}everything except {place}{text[m.end():]}"
    return text


#: A white thing that looks grey, made white again: its cast taken out and its grey lifted. Read before the pronoun
#: is resolved, which keeps only "make tablecloth white" of "the white tablecloth looks grey, make it white" (a recolour
#: of the tablecloth, and before that, nothing understood).
_WHITE_AGAIN = (re.compile(
    r"\b((?:the|her|his|their|my|our)\s+(?:\w+(?:'s|’s)\s+)?(?:\w+\s+)?[\w-]+)\s+(?:looks?|is|are|seems?|came\s+out)\s+"
    rf"{_GREYED}\s*[,;.]?\s*(?:so\s+|and\s+|please\s+|can\s+you\s+|could\s+you\s+)*"
    r"make\s+(?:it|them)\s+(?:look\s+)?(?:white\s+again|whiter|bright\s+white|pure\s+white|white)\b", re.IGNORECASE),
    r"pick the white balance from \1, brighten \1")


#: Brightness by a factor ("2x brighter", "twice as bright", "half as bright"): light doubled is one stop.
_TIMES_RE = re.compile(r"\b(?:make\s+(?:it|this|the\s+(?:photo|picture|image|shot))\s+)?(?:(?P<n>\d+(?:\.\d+)?)\s*(?:x|×|times)|"
                       r"(?P<word>twice|two\s+times|three\s+times|four\s+times|half|a\s+third|a\s+quarter))\s+"
                       r"(?:(?P<er>brighter|lighter|darker)|as\s+(?P<as>bright|light|dark)(?:\s+as\s+(?:it\s+is|now|before))?)\b",
                       re.IGNORECASE)
_TIMES_WORDS = {"twice": 2.0, "two times": 2.0, "three times": 3.0, "four times": 4.0, "half": 0.5, "a third": 1 / 3,
                "a quarter": 0.25}


def _times(m: re.Match[str]) -> str:
    """"exposure +1" for "2x brighter", "exposure -1" for "half as bright" (or "2x darker")."""
    n = float(m.group("n")) if m.group("n") else _TIMES_WORDS[re.sub(r"\s+", " ", m.group("word").lower())]
    if n <= 0:
        return m.group(0)
    darker = (m.group("er") or m.group("as")).lower().startswith("dark")  # "half as dark": lighter
    stops = max(-5.0, min(5.0, -math.log2(n) if darker else math.log2(n)))
    return f"exposure {stops:+.1f}"


#: Comparatives a thing is made ("make the sky bluer, the grass greener"): the "make" of a list's first item is
#: said again for each item after a comma that has only a thing and one of these.
_COMPARATIVE = (r"(?:brighter|darker|lighter|warmer|cooler|colder|bluer|greener|redder|yellower|pinker|oranger|richer|"
                r"deeper|sharper|softer|bolder|stronger|whiter|blacker|punchier|moodier|clearer|crisper|smoother|"
                r"(?:more|less)\s+(?:blue|green|red|yellow|pink|orange|purple|vivid|vibrant|colou?rful|saturated|dramatic|"
                r"visible|natural|bright|dark|contrasty|detailed|defined))")
_THING_MADE = rf"(?:the|her|his|their|my|its|our|your)\s+(?:[a-z']+\s+){{0,2}}?{_COMPARATIVE}\b"
_GAPPED = re.compile(rf"(\bmake\s+{_THING_MADE}(?:\s*,\s*(?:make\s+)?{_THING_MADE})*(?:\s*,\s*|\s+(?=and\s)))"
                     rf"(?=(?:and\s+)?{_THING_MADE})", re.IGNORECASE)


def _regapped(text: str) -> str:
    """"make the sky bluer, the grass greener and sharpen it" as "make the sky bluer, make the grass greener and
    sharpen it": a list's later things get their verb (the grass was left to a hue curve)."""
    while True:
        m = _GAPPED.search(text)
        if m is None:
            return text
        and_ = re.match(r"and\s+", text[m.end():], re.IGNORECASE)
        rest = m.end() + (and_.end() if and_ else 0)
        text = text[: m.end()] + ("and " if and_ else "") + "make " + text[rest:]


#: A clause of a place and a signed number alone ("everything except her face -0.2"); the sliders are
#: :data:`_SLIDER_SAID`'s.
_BARE_NUMBER = re.compile(r"^(\s*(?:everything|the\s+rest|the|her|his|their|my)\b[^,;0-9]*?)\s+([+\-−]\s?\d+(?:\.\d+)?\s*%?)\s*$",
                          re.IGNORECASE)


#: A local filter named with its place and then its settings: "radial filter on her face, +0.3 exposure".
_LOCAL_FILTER = re.compile(
    r"\b(?:(?:add|use|put|apply|draw|do)\s+)?(?:an?\s+|the\s+)?(?:radial|graduated|grad|linear|gradient)(?:\s+(?:filter|mask|gradient))?"
    r"\s+(?:on|over|for|across|to|around)\s+(?P<place>(?:the|her|his|their|my|its)\s+[\w' ]+?)\s*(?:[,:;]|\s+with\s+)\s*"
    r"(?:with\s+|set\s+to\s+)?(?P<settings>[^,;]+?)(?=\s*(?:$|[,;]|\.(?!\d)|\bthen\b))", re.IGNORECASE)


def _local_filters(text: str) -> str:
    """A local filter's settings said after its place, each said there ("radial filter on her face, +0.3 exposure and
    less clarity" -> "+0.3 exposure on her face and less clarity on her face": the face got the head's -0.12 and the
    rest the +0.3; "add a graduated filter on the sky, -0.5 exposure" darkened everything)."""
    def there(m: re.Match[str]) -> str:
        place = m.group("place").strip()
        return " and ".join(f"{part.strip()} on {place}" for part in re.split(r"\s+and\s+", m.group("settings")))
    return _LOCAL_FILTER.sub(there, text)


_TO_IT = re.compile(r"^(?P<first>[^,;.]*?)(?P<sep>\s*,?\s+and\s+|\s*,\s*)(?P<edit>(?:add|give|put|apply)\b[^,;.]*?\s+)"
                    r"(?:to|on|onto)\s+it\b", re.IGNORECASE)
_A_THING = re.compile(r"\b(?:the|her|his|their|my)\s+(?!(?:photo|picture|image|shot|rest)\b)[a-z']+(?:'s\s+[a-z]+)?", re.IGNORECASE)


def _added_to_it(text: str) -> str:
    """Something added "to it" right after an edit of a thing is added to that thing ("darken everything except her
    face and add a little glow to it": the glow went on all of the photo, against the darkening)."""
    m = _TO_IT.match(text)
    if m is None:
        return text
    things = list(_A_THING.finditer(m.group("first")))
    if not things:
        return text
    from .where import region_phrase  # where reads this module's colour words

    thing = things[-1].group(0)
    if region_phrase(thing) is None:
        return text
    return text[: m.end("edit")] + f"to {thing}" + text[m.end():]


def _bare_numbers(text: str) -> str:
    """A place given a bare number after a slider was set with one takes that slider: "+0.3 exposure on her face,
    everything except her face -0.2" -> "..., everything except her face -0.2 exposure"."""
    parts = re.split(r"(,)", text)
    slider = None
    for i in range(0, len(parts), 2):
        said = _SLIDER_SAID.findall(parts[i])
        m = _BARE_NUMBER.match(parts[i])
        if m is not None and not said and slider is not None:
            parts[i] = f"{m.group(1)} {m.group(2)} {slider}"
        elif said and re.search(r"\d", parts[i]):
            slider = said[-1]
    return "".join(parts)


def rewrite(text: str, origins: list[tuple[str, str]] | None = None) -> str:
    """``text`` with the idioms of :data:`REWRITES` in their plain phrasing ("remove the noise"
    -> "denoise it"); unchanged when it has none. ``origins`` collects (plain phrasing, the
    user's words) for each idiom, so a layer can say which of the user's words asked for it. A
    fault removed by a pronoun ("it's so noisy, clean it up") is its fix too (:data:`FAULTS`)."""
    said_fault = any(rx.search(text) for rx, _ in FAULTS)
    text = _substitute(_WHITE_AGAIN[0], _WHITE_AGAIN[1], text, origins)
    times = _TIMES_RE.sub(_times, text)
    if times != text:
        if origins is not None:
            origins.append((times, text))
        text = times
    gapped = _added_to_it(_local_filters(_regapped(text)))
    if gapped != text:
        if origins is not None:
            origins.append((gapped, text))
        text = gapped
    pointed = with_antecedent(text)
    if pointed != text:
        if origins is not None:
            origins.append((pointed, text))
        text = pointed
    for rx, plain in REWRITES:
        text = _substitute(rx, plain, text, origins)
    text = _bare_numbers(with_rest(text))
    found = next(((rx, plain) for rx, plain in FAULTS if rx.search(text)), None)
    if found is None and said_fault and not ADD_GRAIN_RE.search(text):
        # "the sky is hazy, can you remove that": the fault is already its fix ("dehaze it"), so the
        # clause that points back at it asks nothing more (it erased "that")
        fix = _REMOVE_PRONOUN.search(text)
        if fix is not None:
            start = max(text.rfind(c, 0, fix.start()) for c in ",;.")
            end = _CLAUSE_END.search(text, fix.end())
            text = (text[: max(start, 0)] + (" " + text[end.start():].lstrip(",; ") if end else "")).strip(" ,;")
    if found is not None and not ADD_GRAIN_RE.search(text):
        fault_rx, fault = found
        fix = _REMOVE_PRONOUN.search(text)
        said = _fault_statement(text[: fix.start()], fault_rx) if fix is not None else None
        if said is not None:  # "there's grain in the sky, can you fix it": the fix goes there, once
            statement, place = said
            text = text.replace(statement, " ", 1).lstrip(" ,;.")
            fault = f"{fault.rsplit(' it', 1)[0]} {place}"
        text = _substitute(_REMOVE_PRONOUN, fault, text, origins)
    return _only_there(text)


#: "sharpen it, ... sharpen the eyes only": the same edit said for the whole photo and for one place only.
_WHOLE_EDIT = re.compile(r"(?:^|(?<=[,;.!?]))\s*(\w+)\s+it\s*(?=[,;.!?]|$)", re.IGNORECASE)


def _only_there(text: str) -> str:
    """``text`` without an edit of the whole photo that another clause limits to one place ("it's a bit soft, can
    you sharpen the eyes only?" sharpened all of it too)."""
    for m in list(_WHOLE_EDIT.finditer(text)):
        verb = m.group(1).lower()
        if re.search(rf"\b{verb}\s+(?:(?!it\b)[\w']+\s+){{1,4}}only\b|\bonly\s+{verb}\s+(?!it\b)\w+|\b{verb}\s+only\s+(?!it\b)\w+",
                     text[: m.start()] + text[m.end():], re.IGNORECASE):
            return (text[: m.start()] + text[m.end():]).strip(" ,;")
    return text


_CLAUSE_END = re.compile(r"[,;.]|\band\b|\bthen\b", re.IGNORECASE)


def _fault_statement(before: str, fault_rx: re.Pattern[str]) -> tuple[str, str] | None:
    """(the clause of ``before`` that states a fault at a place, the place): "there's some grain in
    the sky" -> "the sky"; None when the fault is the whole photo's or is asked about in words of
    an edit."""
    from .where import region_phrase  # where reads this module's colour words

    for clause in reversed(re.split(r"[,;.]|\bso\b|\bbut\b", before)):
        if fault_rx.search(clause) and not _VERB_RE.search(clause):
            place = region_phrase(clause)
            return (clause.strip(), place) if place else None
    return None


_VERB_RE = re.compile(_REMOVE, re.IGNORECASE)
_MAKE_RE = re.compile(r"make\b", re.IGNORECASE)
_AND_THING = re.compile(r"\s+and(?=\s+(?:the|a|an|his|her|their|my|this|that|those|these|all)\b)", re.IGNORECASE)


def _substitute(rx: re.Pattern[str], plain: str, text: str, origins: list[tuple[str, str]] | None) -> str:
    """Every match of ``rx`` in ``text`` as ``plain`` (noted in ``origins``). "remove the noise and
    the man", "reduce the noise and the saturation": the idiom's verb still applies to the thing
    after its "and", so it is said again ("denoise it and remove the man")."""
    out, pos = [], 0
    for m in rx.finditer(text):
        said = m.expand(plain) if "\\" in plain else plain  # "pick the white balance from \1": the thing named
        if origins is not None and m.group(0).strip().lower() != said.lower():  # not a plain phrasing read again
            origins.append((said, m.group(0).strip()))
        out += [text[pos: m.start()], said]
        pos = m.end()
        # "make the water silky and the sky dramatic": the "make" is the sky's too ("blur the water and the sky
        # dramatic" blurred the sky)
        verb = _VERB_RE.match(m.group(0)) or _MAKE_RE.match(m.group(0))
        after = _AND_THING.match(text, m.end())
        if verb is not None and after is not None:
            out.append(f" and {verb.group(0)}")
            pos = after.end()
    out.append(text[pos:])
    return "".join(out)


#: Retouching the app has no operation for, by the words that ask for it.
NOT_YET: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.IGNORECASE), what) for p, what in (
    (r"\b(?:(?:cat|cats|dog|dogs|pet|pets|puppy|kitten|animal)(?:'s|’s|s')?\s+eyes?\s+(?:are|is|look|looks)\s+(?:all\s+)?"
     r"(?:glowing|green|yellow|white|shiny|shining|lit\s+up|weird)|eye\s*shine|eye\s+glow|glowing\s+eyes)\b",
     "fix an animal's eye shine (the red-eye tool is for people's red pupils; paint the pupils dark with a "
     "Brightness layer)"),
    (r"\b(scratch(es)?|scratched|creases?|creased)\b", "find scratches or creases by myself"),
    (r"\b(slim|thinner|skinnier|lose weight|make (him|her|them|me) (thin|slim)|double chin|belly|tummy)", "reshape bodies"),
    # shapes changed, not colours or light: liquify's work (everyday_requests_v46: "make her taller" was not
    # understood, "make her eyes bigger" a contrast, "open his eyes" a saturation)
    (r"\bmake\s+(?:him|her|them|me|us|(?:his|her|their|my)\s+(?:eyes|lips|nose|mouth|chin|face|head|arms?|legs?|waist|"
     r"hips|muscles|jaw|forehead|ears|neck|body|figure))\s+(?:look\s+)?(?:a\s+(?:bit|little)\s+|slightly\s+|much\s+)?"
     r"(?:taller|shorter|bigger|smaller|wider|narrower|longer|fuller|larger|more\s+muscular|curvier|leaner)\b",
     "reshape bodies"),
    (r"\b(?:open|unclose)\s+(?:his|her|their|my|the)\s+eyes\b|\b(?:eyes?|they)(?:'re|’re|\s+are|\s+is|\s+were)\s+closed\b|"
     r"\b(?:blinked|blinking)\b|\b(?:bigger|wider|larger|broader)\s+smile\b|\bsmile\s+(?:bigger|wider)\b",
     "change faces' expressions (open closed eyes, widen a smile)"),
    # things moved or resized within the photo ("move the boat to the left" erased the boat)
    (r"\b(?:move|shift|drag|put|place)\s+(?:the|her|his|their|my|this|that)\s+(?!(?:crop|slider|sliders|mask|layer|layers|"
     r"vignette|frame|horizon|picture|photo|image)\b)(?:\w+\s+){0,3}?(?:to|towards|closer|further|farther|away|up|down|over|"
     r"into|onto|nearer)\s+(?:the\s+)?(?:left|right|middle|centre|center|top|bottom|side|front|back|other|each|from|him|her|"
     r"them|us)\b|"
     r"\bmake\s+the\s+(?!(?:image|photo|picture|pic|shot|file|crop|border|vignette|frame|text|font|grain|blur|bokeh|brush|"
     r"mask|circle|ellipse|preview|window|thumbnail)\b)\w+(?:\s+\w+)?\s+(?:look\s+)?(?:a\s+bit\s+|slightly\s+|much\s+|a\s+lot\s+)?"
     r"(?:bigger|smaller|larger)\b", "move or resize things within a photo"),
    (r"\bmake\s+(?:it|this|the\s+(?:photo|picture|image|pic|file))\s+(?:a\s+bit\s+|a\s+lot\s+|much\s+)?(?:bigger|larger)\b|"
     r"\b(?:upscale|upsize|upres|enlarge\s+(?:it|this|the\s+(?:photo|picture|image|pic))|super[- ]?resolution|"
     r"(?:increase|raise|boost)\s+the\s+resolution|(?:higher|more)\s+resolution)\b",
     "enlarge a photo with detail it does not have"),
    # colour spaces for print ("convert it to CMYK" was GIER's bundle of curves)
    (r"\bcmyk\b|\bsoft[- ]?proof(?:ing)?\b|\b(?:convert|change|switch)\s+(?:it\s+|this\s+|the\s+(?:colou?r\s+)?(?:space|profile|"
     r"mode)\s+)?(?:in)?to\s+(?:adobe\s+rgb|prophoto(?:\s+rgb)?|lab(?:\s+colou?r)?|display\s+p3|p3)\b",
     "convert colour spaces (CMYK, Adobe RGB, Lab)"),
    (r"\b(?:remove|erase|take\s+off|get\s+rid\s+of|hide)\s+(?:the\s+|her\s+|his\s+|their\s+|my\s+)?(?:braces|retainer)\b|"
     r"\b(?:fix|tidy|tame|neaten)\s+(?:up\s+)?(?:the\s+|her\s+|his\s+|their\s+|my\s+)?(?:messy\s+|frizzy\s+|untidy\s+)?hair\b"
     r"(?!\s+colou?r)", "retouch details of faces"),
    (r"\b(replace|swap|change) the (face|head)\b", "replace parts of a photo"),
    # single hairs are no thing to find; removing "the hair" would erase all of it
    (r"\b(stray|flyaway|fly-away|loose|frizzy|single|wispy)\s+hairs?\b|\bflyaways\b|"
     r"\b(remove|erase|delete|get rid of|take out)\s+(the\s+|her\s+|his\s+|their\s+|my\s+)?hairs\b", "retouch details of faces"),
    (r"\b(remove|erase|delete|get rid of)\s+(the\s+|her\s+|his\s+|their\s+|my\s+)?(hair|beard|moustache|mustache|eyebrows)\b",
     "reshape bodies"),
))


#: What the user can do instead, by what :func:`not_yet` says the app cannot.
NOT_YET_HINTS = {"find scratches or creases by myself": "drag along them with the Spot removal tool (Q)",
                 "enlarge a photo with detail it does not have": "File > Export (Ctrl+E) sets the size it is saved at",
                 "convert colour spaces (CMYK, Adobe RGB, Lab)": "print shops and web sites take the JPEG or TIFF from "
                 "File > Export (Ctrl+E), with 'Convert to sRGB' ticked"}


def not_yet_hint(what: str) -> str:
    """": " and what to do instead of what the app cannot do by itself, or ""."""
    hint = NOT_YET_HINTS.get(what, "")
    return f": {hint}" if hint else ""


#: A clause that only points back at what another asked ("... has creases, fix them"): it asks
#: nothing of its own.
_POINTS_BACK = re.compile(r"^\W*(?:and\s+|then\s+|so\s+|please\s+|can\s+you\s+|could\s+you\s+)*"
                          r"(?:fix|remove|repair|clean|get\s+rid\s+of|take\s+out|sort\s+out|deal\s+with|erase|delete|"
                          r"retouch|heal)\s+(?:them|it|those|these|that|this)(?:\s+up|\s+out)?(?:\s+please)?\W*$",
                          re.IGNORECASE)


def points_back(clause: str) -> bool:
    """Whether ``clause`` only points back at what another clause asked ("fix them")."""
    return bool(_POINTS_BACK.match(clause))


def not_yet(text: str) -> str | None:
    """What the request asks that the app has no operation for ("whiten her teeth"), else None."""
    for rx, what in NOT_YET:
        if rx.search(text):
            return what
    return None


# ----------------------------------------------------------------------------- rotation
_NUMBER = {"ninety": 90, "forty five": 45, "forty-five": 45, "one eighty": 180, "a hundred and eighty": 180,
           "one hundred eighty": 180, "two seventy": 270, "five": 5, "ten": 10, "two": 2, "three": 3, "one": 1}
_DEGREES = re.compile(r"(-?\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER, key=len, reverse=True)) +
                      r")\s*(?:°|degrees?|degs?\b)", re.IGNORECASE)
_CW = re.compile(r"\b(clockwise|cw|to the right|right)\b", re.IGNORECASE)
_CCW = re.compile(r"\b(counter[- ]?clockwise|anti[- ]?clockwise|ccw|to the left|left)\b", re.IGNORECASE)
_LEVEL = re.compile(r"\b(straighten|straight|level|crooked|tilted|tilt|skewed|askew|slanted|lopsided|uneven|wonky|"
                    r"not straight|horizon)\b", re.IGNORECASE)


#: Degrees of a turn said as "a little" ("rotate it a little to the left"), not a quarter turn.
SMALL_TURN = 2.0


@dataclass(frozen=True)
class Rotation:
    """What a request says about rotating: quarter turns counter-clockwise, a small angle
    (counter-clockwise degrees), or ``level`` (find the angle in the photo)."""

    quarter_turns: int | None = None
    angle: float | None = None
    level: bool = False


#: A turn by a number with no unit: degrees, when a whole quarter turn or a small angle ("rotate it 90", "turn it 360").
_BARE_DEGREES = re.compile(r"\b(?:rotate|turn|spin)\s+(?:it\s+|this\s+|the\s+(?:photo|picture|image|pic)\s+)?(?:by\s+)?"
                           r"(-?(?:[1-9]\d{0,3}0|[1-9](?:\.\d+)?|[1-3]\d(?:\.\d+)?|4[0-5]))\b(?!\s*(?:%|percent|times|x\b|stops?))")


def rotation(text: str) -> Rotation | None:
    """The rotation ``text`` asks for, when its words say it: "rotate it 90 degrees clockwise"
    (3 quarter turns counter-clockwise), "turn it upside down" (2), "rotate left" (1), "rotate 5
    degrees clockwise" (angle -5), "straighten the horizon" (level). ``None`` when they do not."""
    low = text.lower()
    cw, ccw = bool(_CCW.search(low) is None and _CW.search(low)), bool(_CCW.search(low))
    m = _DEGREES.search(low) or _BARE_DEGREES.search(low)  # "rotate it 360" was a half turn (GIER's guess)
    if m:
        raw = m.group(1)
        deg = float(_NUMBER.get(raw, raw))
        if deg < 0:
            deg, ccw, cw = -deg, not ccw, False
        sign = 1.0 if ccw else -1.0  # no direction: clockwise, as for quarter turns below
        if deg % 90 == 0:
            turns = int(deg // 90) % 4
            # "rotate 90 degrees" with no direction: clockwise, as most editors' first rotate button
            return Rotation(quarter_turns=(turns if ccw else (-turns) % 4))
        if deg <= 45:
            if not (cw or ccw) and _LEVEL.search(low):
                return Rotation(quarter_turns=0, level=True)
            return Rotation(quarter_turns=0, angle=sign * deg)
    if re.search(r"\bupside[- ]down\b|\b(one|a hundred and) eighty\b|\bhalf (a )?turn\b", low):
        return Rotation(quarter_turns=2)
    if _LEVEL.search(low):
        return Rotation(quarter_turns=0, level=True)
    if re.search(r"\b(rotat\w*|turn\w*|spin|tilt)\b", low) and (cw or ccw):
        if re.search(r"\b(a (little|bit|tad|touch|hair|smidge)|slightly|a few degrees|just a bit|a little bit)\b", low):
            return Rotation(quarter_turns=0, angle=(1.0 if ccw else -1.0) * SMALL_TURN)  # "a little to the left"
        return Rotation(quarter_turns=1 if ccw else 3)
    if re.search(r"\bsideways\b|\b(portrait|landscape) (mode|orientation)\b|\bquarter turn\b", low):
        return Rotation(quarter_turns=3)
    return None


# ----------------------------------------------------------------------------- crop
_RATIOS = {"square": (1, 1), "instagram": (4, 5), "feed": (4, 5), "reels?": (9, 16), "tiktok": (9, 16), "widescreen": (16, 9), "cinematic": (21, 9), "panorama": (3, 1),
           "panoramic": (3, 1), "portrait": (4, 5), "landscape": (3, 2), "banner": (3, 1), "story": (9, 16),
           "stories": (9, 16), "wallpaper": (16, 9), "desktop": (16, 9), "phone": (9, 16), "a4": (1000, 1414),
           "letter": (85, 110), "passport": (35, 45), "facebook cover": (205, 78), "cover photo": (205, 78),
           "youtube thumbnail": (16, 9), "twitter header": (3, 1), "x header": (3, 1),
           "linkedin banner": (4, 1), "header": (3, 1),
           # "wide crop", "crop it wider": a widescreen frame (the subject's box before, a sliver off one side)
           r"wider?\s+(?:crop|format|frame|aspect)": (16, 9), r"crop\s+(?:it\s+|this\s+)?wider?": (16, 9),
           "letterbox(?:ed)?": (21, 9)}
#: A shape given to the photo in numbers ("make it 4:5", "turn it into 16:9").
_MAKE_RATIO = re.compile(r"\b(?:make|turn|change|set|format|resize|reshape|convert)\s+(?:it|this|the\s+(?:photo|picture|image|"
                         r"shot|pic))\s+(?:to\s+|into\s+|in\s+)?(?:a\s+|an\s+)?\d{1,2}\s*(?::|x|×|by|/)\s*\d{1,2}\b", re.IGNORECASE)
_RATIO_RE = re.compile(r"\b(\d{1,2}(?:\.\d+)?)\s*(?::|x|×|by|/|to)\s*(\d{1,2}(?:\.\d+)?)\b", re.IGNORECASE)
_SIDES = {"left": ("left",), "right": ("right",), "top": ("top",), "bottom": ("bottom",), "sides": ("left", "right"),
          "edges": ("left", "top", "right", "bottom"), "borders": ("left", "top", "right", "bottom"),
          "border": ("left", "top", "right", "bottom"), "edge": ("left", "top", "right", "bottom"),
          "margins": ("left", "top", "right", "bottom"), "frame": ("left", "top", "right", "bottom")}


#: A crop to a shape in numbers, whatever the numbers ("crop to 0:5", "crop to 1000:1").
_ANY_RATIO_RE = re.compile(r"\bcrop\b.*?\b(\d+(?:\.\d+)?)\s*(?::|×|/)\s*(\d+(?:\.\d+)?)\b", re.IGNORECASE)
#: The longest side over the shortest a crop may ask for (a 3:1 panorama, a 21:9 film frame, well within).
MAX_RATIO = 10.0


def impossible_ratio(text: str) -> str | None:
    """The shape a crop request names in numbers when no photo can have it ("0:5", "1000:1"), else None."""
    m = _ANY_RATIO_RE.search(text)
    if m is None:
        return None
    a, b = float(m.group(1)), float(m.group(2))
    if a <= 0 or b <= 0 or max(a, b) / min(a, b) > MAX_RATIO:
        return f"{m.group(1)}:{m.group(2)}"
    return None


#: A file's path or a web address, pasted where a request goes.
_LOCATION_RE = re.compile(r"^\s*(?:(?:https?|ftp|file)://\S+|www\.\S+|[a-z]:[\\/]\S*|~?/(?:[^/\s]+/)+[^/\s]*|"
                          r"\S+\.(?:jpe?g|png|tiff?|heic|heif|webp|bmp|gif|dng|cr2|cr3|nef|arw|raf|orf|rw2))\s*$", re.IGNORECASE)


def is_location(text: str) -> bool:
    """Whether ``text`` is only a file's path or a web address ("C:\\Users\\me\\img.png", "https://...")."""
    return bool(_LOCATION_RE.match(text))


def crop_ratio(text: str) -> tuple[float, float] | None:
    """The aspect ratio (width, height) a crop request names ("16:9", "a square", "for
    instagram"), else None."""
    low = text.lower()
    m = _RATIO_RE.search(low)
    if m and float(m.group(1)) > 0 and float(m.group(2)) > 0 and ("crop" in low or "ratio" in low or "aspect" in low
                                                                  or _MAKE_RATIO.search(low)):
        return float(m.group(1)), float(m.group(2))
    for word, r in _RATIOS.items():
        if re.search(rf"\b{word}\b", low):
            return r
    return None


def crop_box(text: str, size: tuple[int, int] | None, strength: float = 1.0) -> dict[str, float] | None:
    """``crop``'s parameters (percent cut from each side) for a crop said in words: an aspect
    ratio ("to a square", "16:9", "for instagram": the largest centred frame of that shape,
    for an image of ``size`` = (h, w)), or sides ("trim the edges": 5 % each; "crop the top a
    bit": 10 % of the top, times ``strength``). ``None`` when the words give no shape or side."""
    low = text.lower()
    ratio = crop_ratio(text)
    if ratio is not None:
        if size is None:
            return None
        h, w = size
        target = ratio[0] / ratio[1]  # width / height
        if re.search(r"\b(portrait|landscape)\b", low) and ratio in ((4, 5), (3, 2)):
            # "portrait"/"landscape": keep a photo that already has that orientation as it is
            if (ratio == (4, 5) and h >= w) or (ratio == (3, 2) and w >= h):
                return {}
        if w / h > target:  # too wide: cut the sides
            cut = (1.0 - target * h / w) / 2.0 * 100.0
            return {"left": min(cut, 45.0), "right": min(cut, 45.0), "top": 0.0, "bottom": 0.0}
        cut = (1.0 - (w / target) / h) / 2.0 * 100.0
        return {"left": 0.0, "right": 0.0, "top": min(cut, 45.0), "bottom": min(cut, 45.0)}
    sides: list[str] = []
    for word, named in _SIDES.items():
        if re.search(rf"\b{word}\b", low):
            sides += [s for s in named if s not in sides]
    if not sides:
        return None
    said = re.search(r"(\d+(?:\.\d+)?)\s*(%|percent|per cent)", low)
    amount = min(float(said.group(1)), 45.0) if said else (5.0 if len(sides) > 1 else 10.0) * strength
    return {s: (amount if s in sides else 0.0) for s in ("left", "top", "right", "bottom")}



# ----------------------------------------------------------------------------- exact amounts
#: Words that name a slider, with its operation and parameter, and the sign a comparative
#: gives ("20 % darker").
_QUANTITIES: tuple[tuple[str, str, str, int], ...] = (
    (r"exposure|ev|stops?", "exposure", "stops", +1),
    (r"brightness|lightness|brighter|lighter|brighten|lighten", "brightness", "amount", +1),
    (r"darker|darken|dimmer", "brightness", "amount", -1),
    (r"contrast|contrastier|punchier", "contrast", "amount", +1),
    (r"saturation|saturate|colou?rfulness|more saturated", "saturation", "amount", +1),
    (r"desaturate|less saturated", "saturation", "amount", -1),
    (r"warmth|temperature|warmer|warm", "temperature", "amount", +1),
    (r"cooler|cool|colder", "temperature", "amount", -1),
    (r"sharpness|sharpening|sharpen|sharper", "sharpness", "amount", +1),
    (r"grain|film grain|grain amount", "grain", "amount", +1),
    (r"vibrance|vibrancy", "vibrance", "amount", +1),
    (r"clarity", "clarity", "amount", +1),
    (r"texture", "clarity", "texture", +1),  # Lightroom's Texture slider ("texture -30 on her skin" gave +0.4)
    (r"noise\s+reduction|luminance\s+noise(?:\s+reduction)?|luminance\s+nr|denoise|denoising|nr", "denoise", "strength", +1),
    (r"(?:post-?crop\s+)?vignett(?:e|ing)", "vignette", "amount", -1),  # a vignette "of 20" darkens; "+20" is a white one
    (r"dehaze|haze removal", "dehaze", "amount", +1),
    (r"highlights", "tone", "highlights", +1),
    (r"shadows", "tone", "shadows", +1),
    (r"whites", "tone", "whites", +1),
    (r"blacks", "tone", "blacks", +1),
)
#: A slider named with a number ("+0.3 exposure"), by :data:`_QUANTITIES`'s words.
_SLIDER_SAID = re.compile(r"\b(" + "|".join(p for p, *_ in _QUANTITIES) + r")\b", re.IGNORECASE)
_NUM = r"(?:[+\-−]\s?)?(?:\d+(?:\.\d+)?|\.\d+)"
_WORD_NUMBERS = {"half a": 0.5, "a half": 0.5, "half": 0.5, "one": 1.0, "a": 1.0, "two": 2.0, "three": 3.0,
                 "one and a half": 1.5, "a third of a": 1 / 3, "a quarter of a": 0.25}
_AMOUNT = re.compile(rf"(?P<num>{_NUM}|(?:one and a half|half a|a half|a third of a|a quarter of a|one|two|three|a)"
                     r"(?=\s*(?:stops?|ev)\b))\s*(?P<unit>%|percent|per cent|stops?|ev|points?)?", re.IGNORECASE)
_DOWN_WORDS = re.compile(r"\b(decrease|decreased|lower|lowered|reduce|reduced|cut|drop|less|down|minus|darker|darken|"
                         r"dim|dimmer|cooler|cool|weaker|take away|remove|underexpose)\b", re.IGNORECASE)
_SET_WORDS = re.compile(r"\b(set|to|at)\b", re.IGNORECASE)


def amounts(text: str) -> dict[str, dict[str, float]]:
    """Exact values said with numbers, per operation: "exposure +1" (1 stop), "lower the
    exposure by half a stop" (-0.5), "brightness +20" / "20 % brighter" (+0.2: the slider's
    relative change), "saturation -50" (-0.5), "set the contrast to 30" (+0.3), "warmer by 10"
    (+0.1). Percentages and plain numbers above 1 are hundredths of the slider's unit; stops are
    stops. Empty when the request says no number next to a slider's name."""
    out: dict[str, dict[str, float]] = {}
    for clause in re.split(r"[,;]|\band\b|\bthen\b", text.lower()):
        for m in _MIXER_NUMBER.finditer(clause):  # "orange saturation -20": the colour mixer's slider
            raw = (m.group("num") or m.group("num2")).replace("−", "-").replace(" ", "")
            value = float(raw) / 100.0
            if not raw.startswith(("+", "-")) and _DOWN_WORDS.search(clause[: m.start()]):
                value = -value  # "decrease the luminance of the reds by 10"
            key = f"{m.group('prop') or m.group('prop2')}_{RANGE_OF[m.group('range') or m.group('range2')]}"
            out.setdefault("color_mixer", {})[key] = max(-1.0, min(1.0, value))
        clause = _MIXER_NUMBER.sub(" ", clause)
        for pattern, op, param, pole in _QUANTITIES:
            word = re.search(rf"\b({pattern})\b", clause)
            if word is None or param in out.get(op, {}):
                continue
            if op == "brightness" and TONE_RANGE_RE.search(clause):
                continue  # "brighten the highlights by 20 %": the tone slider's, below
            found = [m for m in _AMOUNT.finditer(clause) if m.group("num").strip()]
            # the number nearest the word, not a crop's or a rotation's ("rotate 5 degrees")
            found = [m for m in found if not re.match(r"\s*(°|degrees?|px|pixels?|k\b|kelvin)", clause[m.end():])]
            if op == "temperature":  # "temperature 5500" is the white balance's kelvin, not the slider
                found = [m for m in found if abs(float(m.group("num").replace("−", "-").replace(" ", "") or 0)) < 1000]
            if op != "exposure":  # "a stop brighter" is exposure's
                found = [m for m in found if (m.group("unit") or "").lower() not in ("stop", "stops", "ev")]
            if not found:
                continue
            m = min(found, key=lambda m: min(abs(m.start() - word.end()), abs(word.start() - m.end())))
            raw = m.group("num").replace("−", "-").strip()
            value = _WORD_NUMBERS[raw] if raw in _WORD_NUMBERS else float(raw.replace(" ", ""))
            unit = (m.group("unit") or "").lower()
            signed = raw.startswith(("+", "-"))
            if op == "exposure" and unit in ("", "stop", "stops", "ev"):
                value = value if abs(value) <= 4 else value / 100.0 * 4.0
            elif unit in ("%", "percent", "per cent", "point", "points") or abs(value) > 1:
                value = value / 100.0
            if not signed:
                before = clause[: min(m.start(), word.start())]
                if pole < 0 or word.group(1) in ("darker", "cooler", "colder", "dimmer"):
                    value = -abs(value)
                elif _DOWN_WORDS.search(clause) and not _SET_WORDS.search(before[-12:] if before else ""):
                    value = -abs(value)
            out.setdefault(op, {})[param] = value
    return out


# ----------------------------------------------------------------------------- looks
#: A heavy edit taken back ("make it look less processed", "it looks overcooked"): said of the photo
#: as it is, it still asks for this.
#: Moods and styles people ask for by name, as the edits that make them (an editor's presets),
#: for a clause that names no place: "give it a vintage look" -> "less contrast, less
#: saturation, warmer". The heads still choose how much; strength words carry over.
LOOKS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p, re.IGNORECASE), plain) for p, plain in (
    (r"\b(film noir|noir)\b", "black and white, more contrast, a vignette"),
    (r"\b(lomo|lomography|toy camera)\b", "more contrast, more saturation, a strong vignette"),
    # matte before the vintage look that "film" would take ("a flat matte film look" had the vignette and grain)
    (r"\b(matte)\b", "less contrast, brighten the blacks"),
    (r"\b(cosy|cozy|candle-?lit|candle ?light|fire-?lit|fire ?light|hygge)\b", "warmer, slightly less contrast"),
    # film stocks and phone filters by name, before the vintage look that "kodak" and "film" would take
    # (everyday_requests_v43: Velvia, Kodachrome, HP5 and Valencia were GIER's bundles of curves)
    (r"\b(ilford|hp ?5|fp ?4|delta ?(100|400|3200)|tri-?x|t-?max|neopan|acros|inkwell|willow filter)\b",
     "black and white, more contrast, film grain"),
    (r"\b(velvia|ektar|kodachrome|kodak (gold|ultramax|ektachrome)|ektachrome|agfa vista|clarendon|lo-?fi filter)\b",
     "more saturation, more contrast, slightly warmer"),
    (r"\b(cinestill|800 ?t|tungsten film)\b", "slightly cooler, teal & orange"),
    (r"\b(wes anderson|grand budapest)\b", "warmer, less contrast, slightly brighter"),
    # aesthetics as social media names them (everyday_requests_v49: GIER's bundles, or "I didn't understand", before)
    (r"\b(vsco|(make it |look |looks |more )aesthetic\b(?! (of|for))|soft film (look|vibe|feel))\b",
     "slightly less contrast, brighten the blacks, slightly less saturation, slightly warmer"),
    (r"\b(dark academia)\b", "darker, warmer, less saturation"),
    (r"\b(cottagecore|cottage core|pastoral (look|vibe|feel))\b",
     "slightly warmer, slightly brighter, less contrast, slightly less saturation"),
    (r"\b(y2k|2000s digi-?cam|digi-?cam|(early )?2000s (digital )?camera|(iphone |phone |direct |camera |on-?camera )flash "
     r"(look|photo|vibe|aesthetic)|flash photo(graphy)? (look|vibe|aesthetic)|look like (an? )?(iphone |phone )?flash photo)\b",
     "more contrast, slightly brighter, slightly cooler, more clarity"),
    (r"\b(disposable camera|disposable film|(90s|nineties) (point[- ]and[- ]shoot|compact camera))\b",
     "more contrast, more saturation, warmer, film grain, a vignette"),
    (r"\b(old money|quiet luxury)\b", "slightly warmer, slightly less saturation, slightly more contrast"),
    (r"\b(clean girl|dewy)\b", "slightly brighter, slightly less contrast, slightly warmer"),
    (r"\b(vaporwave|synthwave|retrowave|outrun)\b", "pink highlights & teal shadows, more saturation"),
    # light and time of day (everyday_requests_v47: each was GIER's bundle of curves; "overcast" raised the contrast)
    (r"\b(day[- ]for[- ]night|night[- ]?time (look|feel|mood)|moonlit (look|feel)|(make|made|making) (it|this|the (photo|picture|"
     r"image|shot|scene)) (look )?like ((it|this|the (photo|picture|image|shot)) ((was|is|were) )?)?(taken |shot )?at night)\b",
     "much darker, cooler, less saturation"),
    (r"\b((make|turn) (it|this|the (photo|picture|image|scene)) (look )?(overcast|cloudy|grey and cloudy)|(an? )?(overcast|"
     r"cloudy[- ]day) (look|feel|mood|vibe)|look like (an? )?(overcast|cloudy|grey) day)\b",
     "less contrast, less saturation, slightly cooler"),
    (r"\bblue hour\b", "cooler, slightly darker"),
    (r"\b(classic chrome|classic neg)\b", "less saturation, slightly more contrast"),
    (r"\b(expired film|expired (roll|stock)|light[- ]leaks?)\b", "less contrast, brighten the blacks, less saturation, film grain"),
    (r"\b(valencia|nashville|rise filter)\b", "slightly warmer, slightly brighter, slightly less contrast"),
    (r"\b(gingham|pastel|pastels|pastel (tones|colou?rs|look))\b", "brighter, less saturation, less contrast"),
    (r"\b(infra-?red|ir (look|photo|effect))\b", "black and white, brighten the greens & yellows, darken the blues"),
    (r"\b(ansel adams|zone system|fine art (black and white|b ?& ?w|monochrome))\b",
     "black and white, more contrast, more clarity"),
    (r"\b(vintage|retro|aged|antique|weathered|old[- ]?(school|photo|photograph|picture|film)|film (look|photo|style|feel)|analog(ue)?|"
     r"faded (look|film|style|effect|feel|vibe)|nostalgic|old[- ]fashioned|(19)?[4-8]0s|shot on film|film camera|"
     r"analog(ue)? film|35 ?mm|kodak|portra|polaroid|filmic|film (vibe|aesthetic|emulation|simulation)|"
     r"(look|looks|looking|feel|feels) like (it was shot on )?(a )?film( photo| shot| camera)?(?! (still|poster|set|scene)))\b",
     "less contrast, less saturation, warmer, a vignette, film grain"),
    (r"\b(moody|moodier|gloomy|gloomier|somber|sombre|brooding|darker mood)\b", "darker, less saturation"),
    # grit: hard local contrast and muted colour (GIER's bundle with a denoise, the opposite, before)
    (r"\b(gritty|grittier|grit|grungy|grunge|gritty (sports|urban|street) (look|style|feel))\b",
     "more contrast, more clarity, slightly less saturation"),
    (r"\b(autumn(al)?|fall (look|feel|colou?rs|vibe|mood)|look like (the )?fall)\b",
     "warmer, more saturation, turn the greens orange, turn the yellows more orange"),
    (r"\b(appeti[sz]ing|delicious|tasty|yummy|mouth[- ]?watering|scrumptious)\b", "warmer, more saturation, slightly brighter"),
    (r"\b(flattering|more flattering|beautiful portrait|glamou?rous)\b", "blur the skin, slightly warmer, slightly brighter"),
    (r"\b(minimal|minimalist|minimalistic|clean and minimal) (look|style|feel|aesthetic|vibe)\b",
     "slightly brighter, slightly less saturation"),
    (r"\b(airy|bright and airy)\b", "brighter, less contrast, less clarity"),
    # a dream's light is soft, not strong: a full step brighter clipped a red flower flat (Garden.jpg)
    (r"\b(dreamy|ethereal|soft (look|feel|style)|soft[- ]focus|diffusion filter|(soft |gentle |dreamy |warm )?glow(ing|y)?|"
     r"orton|bloom)\b",
     "slightly brighter, less contrast, less clarity"),
    # undoing a heavy edit: the sliders a heavy hand pushes, taken back
    (r"\b(less (processed|edited|overdone|over-?processed|hdr|fake|artificial)|over-?processed|overcooked|"
     r"(more )?natural (look|feel|style)|look (more )?natural)\b", UNDO_LOOK),
    # the whole picture softened: less local contrast (Lightroom's negative clarity), not a blur or a denoise
    (r"\b(soften|soft(en)? up)\s+(it|this|everything|the (whole )?(thing|photo|picture|image|pic|shot|look))\b|"
     r"\bmake\s+(it|this|everything|the (whole )?(thing|photo|picture|image|pic|shot))\s+(look\s+)?"
     r"(a (bit|little) |slightly |much )?(softer|soft)\b(?! (on|in)\b)", "less clarity, less texture"),
    (r"\b(summer(y)?|sunny|golden hour|sunset (look|feel|vibe|glow)|tropical|sun[- ]?kissed)\b",
     "warmer, brighter, more saturation"),
    (r"\b(winter(y)?|wintry|frosty|icy (look|feel|vibe)|cold (look|feel|vibe|mood))\b", "cooler, less saturation"),
    (r"\b(cinematic|movie|film[- ]like|film still|hollywood|blockbuster)\b", "more contrast, less saturation, teal & orange"),
    (r"\b(hdr)\b", "brighten the shadows, darken the highlights, more contrast, more clarity"),
    (r"\b(dramatic|drama|epic)\b", "more contrast, slightly darker, more clarity"),
    # depth, polish and atmosphere by the words people use for them (GIER's bundle of curves, or "can't
    # add new things", before)
    (r"\b((more|some|extra)\s+depth|3-?d|three[- ]dimensional|more\s+dimension(al)?|dimensional)\b",
     "more contrast, more clarity"),
    (r"\b(expensive|luxur(y|ious)|premium|high[- ]end|polished|magazine(\s+cover)?|editorial|commercial|"
     r"clean\s+(look|style|feel|edit))\b", "slightly brighter, slightly more contrast, slightly more clarity"),
    (r"\b(atmospheric|(some|more)\s+atmosphere)\b", "add a haze veil"),
    # an editor's looks by their names
    (r"\bhigh[- ]key\b", "much brighter, less contrast, brighten the shadows"),
    (r"\blow[- ]key\b", "darker, more contrast, darken the shadows"),
    (r"\b(bleach(ed)?[- ]bypass|skip[- ]bleach)\b", "less saturation, more contrast, more clarity"),
    (r"\b(cross[- ]?process(ed|ing)?|x[- ]?pro)\b", "more contrast, more saturation, cyan shadows & yellow highlights"),
    (r"\b((early )?morning (light|sun|glow|feel|look|mood)|(look|feel)s? like (a |the )?(sunrise|dawn|early morning))\b",
     "slightly warmer, slightly brighter, less contrast"),
    (r"\b(make|let) (it|this|him|her|them|(the|his|her|their|my) (?!colou?rs?\b|hues?\b|tones?\b)(\w+)"
     r"( on the (left|right))?) "
     r"(pop|punchy)\b|\bpunchy\b|\bmore punch\b|"
     r"\b(give|bring|put|breathe)\s+(it|this|the (?:photo|picture|image|pic|shot|colou?rs?))\s+"
     r"(some |more |a (?:bit|little) (?:of |more )?|a lot (?:of |more )?|new |back )?life\b|"
     r"\bbring (it|this|them|the (?:photo|picture|image|colou?rs?)) (back )?to life\b|\bliven(s|ed)? (it |this |things |them )?up\b|\bmore (life|lively)\b",
     "more contrast, more saturation"),
))
_LOOK_SKIP = re.compile(r"\b(less|not|no|without|remove|too)\s+(\w+\s+)?$", re.IGNORECASE)
#: "the colours look faded", "it is too moody": the photo as it is, not the look wanted.
_AS_IT_IS = re.compile(r"\b(looks?|is|are|seems?|feels?|was|were|so|it's|it’s|its)\s+(\w+\s+(?:and\s+|&\s+)?)?$", re.IGNORECASE)
_WANTED = re.compile(r"\b(make|making|want|like|should|give|turn|needs?)\b", re.IGNORECASE)


#: When a photo was taken ("from the 80s", "in 1985", "back in the seventies"): no look.
_WHEN_TAKEN = re.compile(r"\b(?:from|in|during|back\s+in|taken\s+in|shot\s+in|since)\s+(?:the\s+)?(?:early\s+|mid\s+|late\s+)?"
                         r"(?:(?:19|20)?[0-9]0'?s|(?:19|20)[0-9]{2}|sixties|seventies|eighties|nineties|fifties|forties)\b",
                         re.IGNORECASE)


_AS_IF = re.compile(r"\b(?:looks?|feels?|seems?)\s+(?:like|as\s+if|as\s+though)\b|\bas\s+if\b|\bas\s+though\b", re.IGNORECASE)


def look(clause: str) -> str | None:
    """The plain phrasing of the look ``clause`` asks for ("make it moody" -> "darker, less
    saturation"), with its strength words ("slightly", "a lot") kept; None if it names none, or
    turns one down ("less dramatic", "too moody")."""
    if not _AS_IF.search(clause):  # "a photo of my grandma from the 80s" is when, not a look wished
        clause = _WHEN_TAKEN.sub(" ", clause)
    for rx, plain in LOOKS:
        m = rx.search(clause)
        before = clause[: m.start()] if m else ""
        complaint = plain == UNDO_LOOK  # "it looks overprocessed" says what to undo, as it is
        if m and (complaint or not _LOOK_SKIP.search(before) and not (_AS_IT_IS.search(before) and
                                                                      not _WANTED.search(before))):
            factor = strength(clause)  # the same strength words as every other request's
            if factor < 1.0:
                return ", ".join(f"slightly {part}" for part in plain.split(", "))
            if factor > 1.0:
                return ", ".join(f"{part} a lot" for part in plain.split(", "))
            return plain
    return None


# ----------------------------------------------------------------------------- effects
#: Hues (degrees on the colour wheel) split toning can take, by the words for them.
HUES: dict[str, float] = {
    "red": 0.0, "orange": 30.0, "warm": 35.0, "amber": 38.0, "gold": 42.0, "golden": 42.0, "yellow": 55.0,
    "green": 120.0, "teal": 185.0, "aqua": 185.0, "cyan": 190.0, "cool": 210.0, "cold": 210.0, "blue": 215.0,
    "violet": 270.0, "purple": 275.0, "magenta": 300.0, "pink": 330.0,
}
_HUE_WORDS = "|".join(sorted(HUES, key=len, reverse=True))
VIGNETTE_RE = re.compile(r"\bvignett(?:e|es|ing)\b", re.IGNORECASE)
_BRIGHT_VIGNETTE = re.compile(r"\b(?:white|bright|brighter|lighter)\s+(?:\w+\s+)?vignett", re.IGNORECASE)
#: Grain wished for, not complained about ("it's too grainy" and "remove the grain" denoise).
ADD_GRAIN_RE = re.compile(
    r"\b(?:add|apply|put|give(?:\s+it)?|with|more|extra|film|fine|coarse|heavy|subtle|light|strong|like|want|love|"
    r"a\s+(?:bit|touch|hint)\s+of)\s+(?:\w+\s+){0,2}?grain\b|\bgrain\s+(?:effect|look|filter|texture)\b|"
    r"(?:^\s*|\b(?:finally|then|also|plus|and|that|afterwards)\s+)(?:some|a\s+bit\s+of|a\s+little|a\s+touch\s+of)\s+"
    r"(?:film\s+|fine\s+|coarse\s+)?grain\b|"
    r"\bgrainy\s+(?:look|effect|feel|film|texture|style|black|b\s*&\s*w|monochrome|vintage|retro|old)\b|\bgrainier\b|"
    r"\b(?:make|making|want|look)\s+(?:it|this|the\s+\w+)\s+(?:look\s+)?(?:more\s+|a\s+bit\s+)?grainy\b",
    re.IGNORECASE)
_FINE = re.compile(r"\b(?:fine|finer|tiny|small)\b", re.IGNORECASE)
_COARSE = re.compile(r"\b(?:coarse|coarser|chunky|big|large|rough|heavy)\b", re.IGNORECASE)
#: Split toning named ("split tone", "colour grade", "teal and orange", "blue shadows and warm
#: highlights").
_HUE = rf"(?:{_HUE_WORDS})(?:ish)?"
_RANGE = r"(?:shadows|highlights)"
SPLIT_RE = re.compile(
    rf"\bsplit[- ]?ton(?:e|ed|ing)\b|\bcolou?r[- ]?grad(?:e|ed|ing)\b|\b(?:teal|cyan|blue)\s*(?:and|&|n|/)\s*orange\b|"
    rf"\borange\s*(?:and|&|n|/)\s*(?:teal|cyan|blue)\b|"
    rf"\b(?:make|turn|tint|tone|push|give)\s+(?:the\s+)?{_RANGE}\s+(?:\w+\s+){{0,3}}?{_HUE}\b|"
    rf"\b{_HUE}\s+{_RANGE}\b|"
    rf"\b{_RANGE}\s+(?:\w+\s+)?(?:{_HUE_WORDS})(?=.*\b{_RANGE}\b)", re.IGNORECASE)
#: A hue said of a range: "teal shadows", "the highlights a bit golden".
_TONED = re.compile(rf"\b(?P<hue>{_HUE_WORDS})(?:ish)?\s+(?P<range>shadows|highlights)\b|"
                    rf"\b(?P<range2>shadows|highlights)\s+(?:\w+\s+){{0,3}}?(?P<hue2>{_HUE_WORDS})(?:ish)?\b",
                    re.IGNORECASE)
_PAIR = re.compile(rf"\b(?P<a>{_HUE_WORDS})\s*(?:\s(?:and|n)\s|&|/)\s*(?P<b>{_HUE_WORDS})\b", re.IGNORECASE)
#: A teal shadow and an orange highlight: the grade people mean by "cinematic".
TEAL, ORANGE = 190.0, 35.0
_GRADE_AND = re.compile(rf"\b((?:{_HUE_WORDS})(?:ish)?(?:\s+(?:shadows|highlights))?)\s+and\s+(?=(?:{_HUE_WORDS})\b)",
                        re.IGNORECASE)


#: A split tone's balance said: "balance towards the highlights" (as :data:`REWRITES` joins it to the grade).
_BALANCED = re.compile(r"\bbalanced?\s+(?:\w+\s+)?(?:towards?|to|in\s+favou?r\s+of)\s+(?:the\s+)?(highlights|shadows)\b",
                       re.IGNORECASE)


def join_grades(text: str) -> str:
    """``text`` with the "and" inside a colour grade written "&" ("teal & orange", "blue shadows
    & golden highlights"), so that splitting the request into clauses keeps the grade whole."""
    return _GRADE_AND.sub(lambda m: f"{m.group(1)} & ", text)


def without_grades(text: str) -> str:
    """``text`` with its colour grades' words blanked ("blue shadows & golden highlights"), to
    tell whether the rest still names a colour change of its own."""
    return SPLIT_RE.sub(" ", _TONED.sub(" ", _PAIR.sub(" ", text)))


def effects(clause: str) -> dict[str, dict[str, float]]:
    """The effects one ``clause`` asks for, with their parameters: a vignette (dark, or bright
    for "a white vignette" or lifted corners), film grain (fine or coarse), split toning (the hues
    it names for the shadows and highlights, teal and orange by default). Strength words scale
    them ("a subtle vignette", "heavy grain")."""
    out: dict[str, dict[str, float]] = {}
    factor = strength(clause)
    if VIGNETTE_RE.search(clause):
        sign = 1.0 if _BRIGHT_VIGNETTE.search(clause) else -1.0
        out["vignette"] = {"amount": sign * min(1.0, 0.35 * factor)}
    if ADD_GRAIN_RE.search(clause):
        grain = {"amount": min(1.0, 0.3 * factor)}
        if _FINE.search(clause):
            grain["size"] = 0.05
        elif _COARSE.search(clause):
            grain["size"] = 0.6
        out["grain"] = grain
    if SPLIT_RE.search(clause):
        shadows, highlights = TEAL, ORANGE
        pair = _PAIR.search(clause)
        if pair and not _TONED.search(clause):
            a, b = HUES[pair.group("a").lower()], HUES[pair.group("b").lower()]
            warm = {a, b} & {HUES[w] for w in ("orange", "warm", "amber", "gold", "yellow")}
            # "orange and teal" is the same grade as "teal and orange": the warm hue lights the highlights
            shadows, highlights = (b, a) if warm == {a} and b not in warm else (a, b)
        named: set[str] = set()
        for m in _TONED.finditer(clause):
            hue = HUES[(m.group("hue") or m.group("hue2")).lower()]
            if (m.group("range") or m.group("range2")).lower() == "shadows":
                shadows = hue
                named.add("shadows")
            else:
                highlights = hue
                named.add("highlights")
        amount = min(1.0, 0.35 * factor)
        balance = _BALANCED.search(clause)
        if balance is not None:  # "balance towards the highlights": the highlight colour reaches further
            out["split_tone"] = {"balance": 0.5 if balance.group(1).lower() == "highlights" else -0.5}
        # "make the shadows a bit blue" tones the shadows only
        out["split_tone"] = {**out.get("split_tone", {}), "shadow_hue": shadows, "highlight_hue": highlights,
                             "shadow_amount": amount if not named or "shadows" in named else 0.0,
                             "highlight_amount": amount * 0.85 if not named or "highlights" in named else 0.0}
    return out


# ----------------------------------------------------------------------------- editor sliders
#: Tonal ranges the Highlights & shadows sliders move, by the words for them.
TONE_RANGE_RE = re.compile(
    r"\b(?:(?P<shadows>shadows?|shadow\s+detail|lowlights|(?:dark|darker|darkest|shadowy)\s+(?:areas?|parts?|regions?|"
    r"spots?|bits?|tones?))|(?P<highlights>highlights?|(?:bright|brighter|brightest|light|lighter|lightest)\s+"
    r"(?:areas?|parts?|regions?|spots?|bits?|tones?))|(?P<blacks>blacks)|(?P<whites>whites))\b", re.IGNORECASE)
#: How "more" of a range moves its slider: more shadows are darker, more highlights brighter.
_TONE_POLE = {"shadows": -1, "highlights": +1, "blacks": -1, "whites": +1}
#: A typical step of each slider.
TONE_STEP = {"shadows": 0.45, "highlights": 0.5, "whites": 0.35, "blacks": 0.4}
#: Verbs on the slider itself ("lift the shadows", "pull down the highlights").
_TONE_UP = re.compile(r"\b(?:lift|lifted|raise|boost|open(?:\s+up)?|(?:bring|pull|push|turn|pump|bump)\s+(?:the\s+)*(?:range\s+)?up|increase|"
                      r"brighten|lighten|fade|faded|matte|milky)\b", re.IGNORECASE)
_TONE_DOWN = re.compile(r"\b(?:lower|decrease|drop|(?:bring|pull|take|knock|drag|push|turn)\s+(?:the\s+)*(?:range\s+)?(?:down|back)|"
                        r"tone\s+down|tame|recover|"
                        r"rescue|bring\s+back|darken|dim|crush|crushed)\b", re.IGNORECASE)
#: Words on how much of a range there is ("less harsh shadows", "deeper blacks").
_TONE_LESS = re.compile(r"\b(?:less|reduce|reduced|soften|softer|remove|fewer|get\s+rid\s+of|too\s+(?:much|strong|harsh))\b",
                        re.IGNORECASE)
_TONE_MORE = re.compile(r"\b(?:more|deeper|deepen|richer|denser|inkier|stronger|punchier|cleaner|whiter|crisper)\b",
                        re.IGNORECASE)
_CLIPPED = re.compile(r"\b(?:blown(?:\s+out)?|clipped|clipping|burn(?:ed|t)\s+out|overexposed)\b", re.IGNORECASE)
_DETAIL = re.compile(r"\bdetails?\b", re.IGNORECASE)


#: A fault that lies in a tonal range, not its brightness ("noise in the shadows", "banding in the highlights").
_IN_THE_RANGE = re.compile(r"\b(?:noise|noisy|grain|grainy|banding|speckl\w*|artifacts?|artefacts?|blotch\w*|blocky|"
                           r"compression|colou?r\s+noise|chroma\s+noise)\b", re.IGNORECASE)


def tone_sliders(clause: str) -> dict[str, float]:
    """The Highlights & shadows sliders one clause moves ("lift the shadows": ``{"shadows":
    0.45}``, "recover the highlights", "deeper blacks", "brighter whites", "the shadows are too
    dark", "more detail in the highlights"); empty when it names no tonal range or does nothing
    to its brightness ("make the highlights warmer" is a colour's). Strength words size each step
    as they do a slider's (:data:`~.directions.STEP_SCALE`)."""
    found = [(next(k for k, v in m.groupdict().items() if v), m) for m in TONE_RANGE_RE.finditer(clause)]
    if not found:
        return {}
    rest = TONE_RANGE_RE.sub(" the range ", clause)
    if _IN_THE_RANGE.search(rest) and not (_TONE_UP.search(rest) or _TONE_DOWN.search(rest)):
        return {}  # "too much noise in the shadows" is the noise's (it lifted the shadows on her forehead)
    factor = strength(clause)
    out: dict[str, float] = {}
    for which, _ in found:
        pole = _TONE_POLE[which]
        if _DETAIL.search(rest) or _CLIPPED.search(rest):
            sign = -1 if which in ("highlights", "whites") else +1  # detail is found by moving away from the end
        elif _TONE_DOWN.search(rest) and not _TONE_UP.search(rest):
            sign = -1
        elif _TONE_UP.search(rest) and not _TONE_DOWN.search(rest):
            sign = +1
        elif _TONE_LESS.search(rest):
            sign = -pole
        elif _TONE_MORE.search(rest):
            sign = pole
        else:
            sign = direction(rest, "light") or 0
        if sign:
            out[which] = max(-1.0, min(1.0, sign * TONE_STEP[which] * STEP_SCALE.get(factor, factor)))
    return out


#: The sliders named outright, with a typical step: "add some clarity", "more vibrance".
SLIDER_STEP = {"clarity": 0.4, "vibrance": 0.4, "dehaze": 0.5, "texture": 0.4}
_TEXTURE_RE = re.compile(r"(?<!grain )\btextures?\b", re.IGNORECASE)
_SMOOTH_RE = re.compile(r"\b(?:smooth|smoothe|smoother|soften|softer|flatten)\b", re.IGNORECASE)
_SLIDER_WORDS = {"clarity": re.compile(r"\b(?:clarity|local\s+contrast|micro[- ]?contrast)\b", re.IGNORECASE),
                 "vibrance": re.compile(r"\b(?:vibrance|vibrancy)\b", re.IGNORECASE)}
#: ("it has no clarity", "it lacks vibrance" ask for more.)
_LESS_SLIDER = re.compile(r"\b(?:less|reduce|reduced|lower|lowered|decrease|decreased|drop|remove|soften|"
                          r"tone\s+down|too\s+(?:much|strong|high))\b", re.IGNORECASE)


def sliders(clause: str) -> dict[str, dict[str, float]]:
    """The editor sliders one clause names, with their values: Clarity ("add some clarity",
    "less local contrast"), Vibrance ("boost the vibrance"), Dehaze (:data:`HAZE_OFF` removes
    haze; :data:`HAZE_ON`, a veil wished for, adds it), and Highlights & shadows
    (:func:`tone_sliders`)."""
    out: dict[str, dict[str, float]] = {}
    factor = strength(re.sub(r"\btoo\s+much\b", " ", clause, flags=re.IGNORECASE))  # "too much" is a direction
    scale = STEP_SCALE.get(factor, factor)
    for op, rx in _SLIDER_WORDS.items():
        if rx.search(clause):
            sign = -1.0 if _LESS_SLIDER.search(clause) else 1.0
            out[op] = {"amount": max(-1.0, min(1.0, sign * SLIDER_STEP[op] * scale))}
    if _TEXTURE_RE.search(clause) and not ADD_GRAIN_RE.search(clause):  # "add some texture": Clarity & texture's
        sign = -1.0 if _LESS_SLIDER.search(clause) or _SMOOTH_RE.search(clause) else 1.0
        out.setdefault("clarity", {})["texture"] = max(-1.0, min(1.0, sign * SLIDER_STEP["texture"] * scale))
    low = clause.lower()
    if HAZE_ON in low:
        out["dehaze"] = {"amount": -min(1.0, 0.8 * SLIDER_STEP["dehaze"] * scale)}
    elif HAZE_OFF in low or re.search(r"\bdehaze\b", low):
        out["dehaze"] = {"amount": min(1.0, SLIDER_STEP["dehaze"] * scale)}
    tone = tone_sliders(clause)
    if tone:
        out["tone"] = tone
    return out


# ----------------------------------------------------------------------------- vague requests
VAGUE_RE = re.compile(r"\b(fix|fixed|enhance|enhanced|improve|improved|auto|automatic|automatically|better|nicer|good|"
                    r"great|professional|perfect|touch|polish|optimi[sz]e|correct|beautify|prettier|edit|nice|"
                    r"best|amazing|awesome|stunning|pro|magic|boost|upgrade|quality|correction|adjust)\b", re.I)
_VAGUE_FILLERS = frozenset("""
fix fixed enhance enhanced improve improved auto automatic automatically better nicer good great professional perfect
touch polish optimise optimize correct beautify prettier edit nice best amazing awesome stunning pro magic boost
upgrade quality correction adjust look looks looking make it this that the a an my our your photo picture image pic
pics shot photograph please pls plz can you could would just up overall general some bit little more much lot
do for me thanks thank please give overall whole entire all of to be up a do your thing its it's really very so
what how would should might will does need needs there anything something you'd i'd we i
whatever think use judgement judgment call decide subtle subtly slightly gentle gently light lightly quick nothing
heavy too without changing change mood feel vibe style keep natural naturally
""".split())


def vague(text: str) -> bool:
    """Whether ``text`` asks only to make the photo better ("fix it", "make this picture look
    better", "auto enhance please"), naming nothing to change."""
    words = _WORD.findall(text.lower().replace("’", "'"))
    return bool(words) and bool(VAGUE_RE.search(text)) and all(w in _VAGUE_FILLERS for w in words)


# ----------------------------------------------------------------------------- colour shifts
#: Colours the per-channel curves (``hue``) can push towards, as signed RGB weights; blue,
#: yellow and orange are the temperature's.
SHIFTS: dict[str, tuple[float, float, float]] = {
    "green": (-0.5, 1.0, -0.5), "red": (1.0, -0.5, -0.5), "pink": (0.7, -1.0, 0.7), "magenta": (0.7, -1.0, 0.7),
    "purple": (0.5, -1.0, 1.0), "violet": (0.5, -1.0, 1.0), "cyan": (-1.0, 0.5, 0.5), "teal": (-1.0, 0.5, 0.5),
}
_SHIFT_RE = re.compile(
    r"\b(?:(?P<more>more|less|extra|a\s+(?:bit\s+)?(?:more|less))\s+(?P<c1>green|red|pink|magenta|purple|violet|cyan|teal)"
    r"(?:ish)?\b(?!\s+(?:car|dress|shirt|door|wall|flower|flowers|light|lights|eye|eyes))|"
    r"\b(?P<c2>green|redd|pink|purpl|cyan)(?:er|ier)\b|"
    r"\b(?:a|an|some)\s+(?:\w+\s+)?(?P<c3>green|red|pink|magenta|purple|violet|cyan|teal)(?:ish)?\s+(?:tint|tone|cast|hue)\b)",
    re.IGNORECASE)
_SHIFT_STEM = {"redd": "red", "purpl": "purple"}


def colour_shift(text: str) -> tuple[str, float] | None:
    """The colour a request pushes towards, and +1 (more) or -1 (less): "make the grass greener"
    ("green", +1), "less magenta" ("magenta", -1), "a pink tint" ("pink", +1). None when it names
    no such shift; blue, yellow and orange are the temperature's ("bluer" is cooler)."""
    m = _SHIFT_RE.search(text)
    if m is None:
        return None
    colour = (m.group("c1") or m.group("c2") or m.group("c3")).lower()
    colour = _SHIFT_STEM.get(colour, colour)
    sign = -1.0 if (m.group("more") or "").lower().endswith("less") else 1.0
    return colour, sign


# ------------------------------------------------------------------ white balance from a place
_PLACE = r"(?P<place>(?:the|her|his|their|my|this|that|those|these)\s+[^,.;]+?)"
_NEUTRAL_AT = tuple(re.compile(p, re.IGNORECASE) for p in (
    # "pick the white balance from the wall", "set the white balance on her shirt", "wb off the road"
    rf"\b(?:(?:pick|set|take|get|measure|fix|correct|balance)\s+)?(?:the\s+)?(?:white|colou?r)\s+balance\s+"
    rf"(?:\w+\s+){{0,2}}?(?:from|on|off|using|by|with|to)\s+{_PLACE}(?=\s*(?:$|[,.;!]|\band\b|\bthen\b))",
    rf"\bwb\s+(?:from|on|off|using)\s+{_PLACE}(?=\s*(?:$|[,.;!]|\band\b|\bthen\b))",
    # "make the wall neutral", "the road should be grey", "the clouds are actually white"
    rf"\b(?:make|making|get|turn)\s+{_PLACE}\s+(?:look\s+)?(?:neutral(?:\s+gr[ae]y)?|colou?r[- ]?neutral)\b",
    rf"\b{_PLACE}\s+(?:should\s+be|is\s+supposed\s+to\s+be|are\s+supposed\s+to\s+be|is\s+actually|"
    rf"are\s+actually|is\s+really|are\s+really)\s+(?:neutral|gr[ae]y|white)\b",
))


def neutral_place(text: str) -> tuple[str, str] | None:
    """A white balance to take from a place ("pick the white balance from the wall", "the road
    should be grey", "make the clouds neutral"): the place, and ``text`` with that clause said as
    "fix the white balance" (so a place in it is not the edit's); None when it names none. "make
    the wall white" is a fill, not a white balance."""
    for rx in _NEUTRAL_AT:
        m = rx.search(text)
        if m:
            return m.group("place").strip(), text[: m.start()] + "fix the white balance" + text[m.end():]
    return None


# ------------------------------------------------------------------ "fix the colours"
_COLOUR_FIX_RE = re.compile(
    r"\b(?:fix|correct|repair|sort\s+out|balance)\b(?:\s+up)?(?:\s+(?:the|its|my|all|these|those|this|photo's|"
    r"image's|picture's))*\s+colou?rs?\b(?!\s+(?:balance|cast|to|toward|towards|so|by|on|in|of)\b)|"
    r"\bcolou?rs?\s+(?:is|are|look|looks|seem|seems|were|was)\s+(?:\w+\s+)?(?:off|wrong|weird|odd|strange|"
    r"unnatural|funny|not\s+right)\b|\bcolou?r[- ]correct(?:ion|ed|ing)?\b(?!\s+(?:to|toward|towards)\b)|"
    r"\bmake\s+(?:the\s+|its\s+|all\s+the\s+)?colou?rs?\s+(?:look\s+)?(?:more\s+)?(?:accurate|correct|true(?:\s+to\s+life)?|"
    r"right|realistic|true-to-life)\b",
    re.IGNORECASE)


def asks_colour_fix(clause: str) -> bool:
    """Whether ``clause`` asks to fix the colours without saying how ("fix the colours", "the
    colours look off", "colour correct it"): which colour is wrong cannot be told from the photo
    (a green meadow is not a cast), so the app asks for a click on something grey instead of
    guessing. "fix the white balance", "the colours are too blue", "fix the colours to be warmer"
    say how and are not this."""
    return bool(_COLOUR_FIX_RE.search(clause))


# ------------------------------------------------------------------ presets
_PRESET_SAVE_RE = re.compile(
    r"^(?:(?:please|ok|okay|now|and|then|can you|could you)[,\s]+)*(?:save|store|keep|remember|make)\s+"
    r"(?:(?:this|these|it|that|them|my edits?|the (?:edits?|layers?|look|settings?|adjustments?))\s+)?"
    r"(?:as|into|a|to)\s+(?:a\s+|my\s+|the\s+)?(?:new\s+)?preset\b[\s,:]*(?:(?:called|named|as)\s+)?"
    r"(?P<name>.*?)[\s.!]*$", re.IGNORECASE)
_PRESET_WORD_RE = re.compile(r"\bpresets?\b", re.IGNORECASE)


def preset_request(text: str) -> tuple[str, str] | None:
    """A request about the user's presets: ``("save", name)`` for "save this as a preset called
    Golden" (the name may be empty: the app asks), ``("apply", text)`` for anything else naming a
    preset ("apply my golden preset", "use the Beach preset"); None otherwise. The app matches
    the names it has (:func:`preset_named`)."""
    return _named_request(text.strip(), "save", (_PRESET_SAVE_RE,), _PRESET_WORD_RE)


def _named_request(text: str, verb: str, makes: Sequence[re.Pattern[str]], word: re.Pattern[str]) -> tuple[str, str] | None:
    """``(verb, name)`` when one of ``makes`` matches ``text`` (its ``name`` group, unquoted),
    ``("apply", text)`` when ``word`` is in it, else None: the shape of a request about the
    user's presets or snapshots."""
    m = next((m for m in (rx.match(text) for rx in makes) if m), None)
    if m:
        return (verb, m.group("name").strip().strip("'\"“”‘’").strip())
    if word.search(text):
        return ("apply", text)
    return None


_SNAPSHOT_TAKE_RE = re.compile(
    r"^(?:(?:please|ok|okay|now|and|then|can you|could you)[,\s]+)*(?:take|save|make|create|keep|add)\s+"
    r"(?:(?:this|these|it|that|my edits?|the edits?)\s+(?:as\s+)?)?(?:a\s+|the\s+|another\s+|new\s+)*snapshot\b"
    r"(?:\s+of\s+(?:(?:this|these|it|that|the|my)(?:\s+edits?)?))?[\s,:]*(?:(?:called|named|as)\s+)?(?P<name>.*?)[\s.!]*$",
    re.IGNORECASE)
_SNAPSHOT_THIS_RE = re.compile(r"^(?:please\s+)?snapshot\s+(?:this|it|these edits)(?:\s+as)?\s*(?P<name>.*?)[\s.!]*$",
                               re.IGNORECASE)
_SNAPSHOT_WORD_RE = re.compile(r"\bsnapshots?\b", re.IGNORECASE)


def snapshot_request(text: str) -> tuple[str, str] | None:
    """A request about the photo's snapshots: ``("take", name)`` for "take a snapshot called
    Mono" (the name may be empty: the date and time), ``("apply", text)`` for anything else
    naming a snapshot ("go back to the Colour snapshot"); None otherwise."""
    return _named_request(text.strip(), "take", (_SNAPSHOT_TAKE_RE, _SNAPSHOT_THIS_RE), _SNAPSHOT_WORD_RE)


_MERGE_RE = re.compile(
    r"\b(?:(?P<pano>panoramas?|pano|stitch(?:ed|ing)?)|(?P<hdr>hdr|high dynamic range|exposure (?:fusion|blend(?:ing)?)|"
    r"blend (?:the|these|those|my) exposures|bracket(?:ed|ing|s)?))\b", re.IGNORECASE)
_MERGE_VERB_RE = re.compile(r"\b(?:merge|merging|combine|combining|stitch|stitching|blend|blending|join|make|create|"
                            r"build|turn|put)\b", re.IGNORECASE)


_A_LOOK_RE = re.compile(r"\b(?:look|looks|looking|style|effect|feel|vibe|filter)\b", re.IGNORECASE)
_SEVERAL_RE = re.compile(r"\b(?:these|those|them|selected|photos|shots|exposures|brackets?|bracketed|images|pictures|"
                         r"frames|series)\b", re.IGNORECASE)


#: Sizes, file sizes and file types are export settings: "resize it to 1080 pixels wide", "make
#: the file smaller for email", "save it as a png".
_EXPORT_SIZE_RE = re.compile(
    r"\b(?:(?:resize|rescale|scale|shrink|downsize|downscale|reduce|make|export|save)\b[^,.;:]{0,30}?\b(?:to|at|down to)\s+|"
    r"(?=\d{1,5}\s*(?:px|pixels)\b))(?P<n>\d{1,5})\s*(?:(?P<pct>%|percent\b)|px\b|pixels?\b)?"
    r"(?:\s+(?P<side>wide|width|across|tall|high|height|long(?:\s+side|\s+edge)?|on the long(?:est)? (?:side|edge)))?(?!\w)",
    re.IGNORECASE)
_EXPORT_FILE_RE = re.compile(
    r"\b(?:smaller|reduce|compress|shrink|lower|cut|smallest)\b[^,.;:]{0,20}?\b(?:file\s*size|file|filesize|size in mb)\b|"
    r"\bcompress\s+(?:it|this|the\s+(?:photo|picture|image|pic|file))\b|"
    r"\bmake\s+(?:it|this|the\s+(?:photo|picture|image|pic|file))\s+(?:a\s+bit\s+|a\s+lot\s+|much\s+)?smaller\b|"
    r"\b(?:file|file\s*size|filesize)\s+(?:is\s+)?(?:too|way too|so)\s+(?:big|large|heavy)\b|"
    r"\bfor\s+(?:e-?mail(?:ing)?|an\s+e-?mail|the\s+web|web|whatsapp|sending|uploading)\b", re.IGNORECASE)
_EXPORT_FORMAT_RE = re.compile(r"\b(?:save|export|convert|write|turn)\b[^,.;:]{0,25}?\b(?:as|to|into|in)\s+(?:an?\s+)?"
                               r"(?P<fmt>jpe?g|png|tiff?|webp)\b(?:\s+(?:file|format|image))?", re.IGNORECASE)
#: What a file sent by email or put on the web is, as Lightroom's export presets for them.
SMALL_FILE = {"long_side": 2048, "quality": 80}


def export_request(text: str) -> tuple[dict[str, object], str] | None:
    """The export settings ``text`` asks for, and the rest of it (its edits, if any): ``long_side``
    (``side``: "width", "height" or "long" when a size is said) or ``scale`` (a share of the size:
    "50 %"), ``quality``, ``format`` ("jpg", "png", "tif", "webp"); None if it asks for none. "resize it to 1080 pixels wide" ->
    ({"long_side": 1080, "side": "width"}, ""); "make the file smaller for email" ->
    ({"long_side": 2048, "quality": 80}, "")."""
    out: dict[str, object] = {}
    rest = text
    found = _EXPORT_FORMAT_RE.search(text)
    if found is not None:
        fmt = found.group("fmt").lower()
        out["format"] = {"jpeg": "jpg", "tiff": "tif"}.get(fmt, fmt)
    for m in _EXPORT_SIZE_RE.finditer(text):
        if not (m.group("side") or m.group("pct") or re.search(r"\b(?:px|pixels?)\b", m.group(0), re.IGNORECASE) or
                re.match(r"(?:resize|rescale|scale|shrink|downsize|downscale)", m.group(0), re.IGNORECASE)):
            continue  # "reduce it to 20": an amount, not a size
        n = int(m.group("n"))
        if m.group("pct"):  # "resize it to 50 %": of its size ("brighten it 20 %" is an amount)
            if not 0 < n < 100 or not re.match(r"(?:resize|rescale|scale|shrink|downsize|downscale)", m.group(0),
                                               re.IGNORECASE):
                continue
            out["scale"] = n / 100.0
        elif n >= 16:
            side = (m.group("side") or "long").lower()
            out.update(long_side=n, side="width" if side in ("wide", "width", "across") else
                       "height" if side in ("tall", "high", "height") else "long")
        else:
            continue
        rest = rest.replace(m.group(0), " ")
        break
    for m in list(_EXPORT_FILE_RE.finditer(rest)):
        out.update({k: v for k, v in SMALL_FILE.items() if k not in out and not (k == "long_side" and "scale" in out)})
        rest = rest.replace(m.group(0), " ")
    if found is not None:
        rest = rest.replace(found.group(0), " ")
    if not out:
        return None
    rest = re.sub(r"^[\s,;.]*(?:and|then|also|please)?\b|\b(?:and|then|also|please)[\s,;.]*$", " ", rest.strip(),
                  flags=re.IGNORECASE)
    rest = " ".join(rest.split()).strip(" ,;.")
    # what is left of a request that was only about the file ("can you", "the file", "it") asks nothing
    words = [w for w in re.findall(r"[a-z]+", rest.lower()) if w not in _EXPORT_FILLER]
    return out, (rest if words else "")


def asked_long_side(asked: dict[str, object], size: tuple[int, int]) -> int | None:
    """The long side (pixels, at least 16) the export of a picture of ``size`` ``(h, w)`` must
    have for what :func:`export_request` read: "1080 pixels wide" on a portrait picture is its
    height for a width of 1080; "50 %" half its long side; None when no size was said."""
    h, w = size
    if asked.get("scale"):
        return max(16, round(max(h, w) * float(asked["scale"])))  # type: ignore[arg-type]
    n = asked.get("long_side")
    if not n:
        return None
    n = int(n)  # type: ignore[call-overload]
    side = asked.get("side", "long")
    return max(16, round(n * h / w) if side == "width" and h > w else round(n * w / h) if side == "height" and w > h
               else n)


_EXPORT_FILLER = frozenset("can could would you please pls it this the photo picture image pic file me for my i want "
                           "need to so that a an and then also just make size smaller".split())


def merge_request(text: str) -> str | None:
    """"hdr" or "panorama" for a request to merge the photos selected ("stitch these into a
    panorama", "merge the bracketed shots into an HDR"); None otherwise."""
    m = _MERGE_RE.search(text)
    if m is None or not _MERGE_VERB_RE.search(text) or _A_LOOK_RE.search(text):
        return None  # "make it look like HDR" is the look, on this photo
    if not (_SEVERAL_RE.search(text) or re.search(r"\bstitch", text, re.IGNORECASE)):
        return None  # "crop it to a panorama" is a shape for this photo
    return "panorama" if m.group("pano") else "hdr"


def preset_named(text: str, names: list[str]) -> str | None:
    """The name among ``names`` that ``text`` says (whole words, case aside; the longest when
    several fit: "warm sunset" before "warm"), or the only preset when the text says just "my
    preset"; None when it names none."""
    def words(s: str) -> str:
        return " ".join(re.findall(r"\w+", s.casefold()))

    low = words(text)
    said = [n for n in names if words(n) and re.search(r"(?<!\w)" + re.escape(words(n)) + r"(?!\w)", low)]
    if said:
        return max(said, key=len)
    if len(names) == 1 and re.search(r"\b(?:my|the|that|this) preset\b", low):
        return names[0]
    return None


# ------------------------------------------------------------------ colour ranges (the colour mixer)
#: Colour words and the colour mixer's range each names.
RANGE_OF = {"red": "reds", "orange": "oranges", "yellow": "yellows", "green": "greens", "aqua": "aquas",
            "cyan": "aquas", "teal": "aquas", "turquoise": "aquas", "blue": "blues", "purple": "purples",
            "violet": "purples", "magenta": "magentas", "pink": "magentas"}
#: Each range's hue (degrees), to tell which way "more yellow" turns the greens.
RANGE_HUE = {"reds": 0.0, "oranges": 30.0, "yellows": 60.0, "greens": 120.0, "aquas": 180.0, "blues": 240.0,
             "purples": 270.0, "magentas": 300.0}
_RANGE_WORD = "|".join(sorted(RANGE_OF, key=len, reverse=True))
#: "the reds", "greens", "blue tones", "the pink colours": a colour range, not a thing or a tint.
#: "the blue" with no thing after it ("make the blue pop", "tone down the red", "the yellow looks
#: too bright") is the range too; "the blue sky", "the red car" are things.
_THE_COLOUR = (rf"(?<=\bthe )(?P<d>{_RANGE_WORD})(?=\s*(?:$|[,.;:!?]|(?:is|are|was|looks?|seems?|feels?|pops?|stands?|"
               r"more|less|a|an|slightly|too|so|very|really|much|way|deeper|brighter|darker|lighter|richer|stronger|"
               r"softer|weaker|paler|up|down|out|into|to|towards|in the (?:photo|picture|image|shot)|of the (?:photo|picture|image|shot))\b))")
COLOUR_RANGE_RE = re.compile(rf"\b(?:(?P<a>{_RANGE_WORD})s|(?P<b>{_RANGE_WORD})\s+(?:tones|colou?rs|hues|shades)|"
                             rf"(?P<c>{_RANGE_WORD})\s+(?=(?:saturation|luminance|hue)\b)|{_THE_COLOUR})\b", re.IGNORECASE)
_RANGE_LIST = rf"(?:(?:{_RANGE_WORD})s?|(?:{_RANGE_WORD})\s+(?:tones|colou?rs|hues|shades))"
_RANGE_AND = re.compile(rf"\b({_RANGE_LIST})(\s*,\s*|\s+)and\s+(?=(?:the\s+)?{_RANGE_LIST}\b)", re.IGNORECASE)


#: A colour mixer slider by number: "orange saturation -20", "blues luminance +15", "green hue to 10".
_MIXER_NUMBER = re.compile(rf"\b(?:the\s+)?(?P<range>{_RANGE_WORD})s?\s+(?P<prop>saturation|luminance|hue)\s*[:=]?\s*"
                           r"(?:to\s+|by\s+|at\s+)?(?P<num>[+\-−]?\s?\d{1,3})\b(?!\s*(?:°|degrees?))|"
                           # the slider first: "saturation on the blues by 20", "luminance of the reds -15"
                           rf"\b(?P<prop2>saturation|luminance|hue)\s+(?:on|of|in|for)\s+(?:the\s+)?(?P<range2>{_RANGE_WORD})s?\s*[:=]?\s*"
                           r"(?:to\s+|by\s+|at\s+)?(?P<num2>[+\-−]?\s?\d{1,3})\b(?!\s*(?:°|degrees?))", re.IGNORECASE)


def join_ranges(text: str) -> str:
    """``text`` with the "and" between colour ranges written "&" ("the reds & blues"), so that
    splitting the request into clauses keeps the list whole ("make the reds and blues pop")."""
    return _RANGE_AND.sub(lambda m: f"{m.group(1)} & ", text)


#: What a clause does to its ranges: (property, sign) for each way of saying it.
_RANGE_ACTIONS: tuple[tuple[str, float, re.Pattern[str]], ...] = tuple((prop, sign, re.compile(rx, re.IGNORECASE))
                                                                      for prop, sign, rx in (
    ("saturation", -1.0, r"\b(desaturat\w*|(reduce|lower|decrease|drop|cut|less) (the |its )?saturation|"
                         r"mute[sd]?|tone (down)?|calm (down)?|dull\w*|soft(en|ened|er)|gentler|subtler|calmer|quieter|"
                         r"less (saturated|vivid|vibrant|"
                         r"intense|colou?rful|strong|bright and|neon|garish|loud|gaudy|fluorescent|radioactive)|weaker|"
                         r"too (saturated|vivid|vibrant|intense|strong|much|loud|garish|neon|fluorescent))\b"),
    ("luminance", 1.0, r"\b(brighten\w*|lighten\w*|lift\w*|brighter|lighter|too dark)\b"),
    ("luminance", -1.0, r"\b(darken\w*|deepen\w*|darker|deeper|too (bright|light))\b"),
    ("saturation", 1.0, r"\b(saturat\w*|boost\w*|intensif\w*|enrich\w*|pump\w*|richer|punchier|stronger|more (vivid|"
                        r"vibrant|intense|colou?rful|saturated)|pop|deeper|deepen\w*)\b"),
))
_TOWARDS = re.compile(rf"\b(?:more|towards?|into|to|a bit|slightly)\s+(?:an?\s+)?(?P<to>{_RANGE_WORD})(?:ish)?\b|"
                      # "turn the greens orange" (the range's words taken out): all the way the slider goes
                      rf"\b(?:turn|make|shift|change)\s+(?:the\s+|its\s+|all\s+the\s+)?(?P<all>{_RANGE_WORD})(?:ish)?\b|"
                      rf"\b(?P<er>redder|yellower|greener|bluer|pinker|oranger)\b", re.IGNORECASE)
_ER = {"redder": "red", "yellower": "yellow", "greener": "green", "bluer": "blue", "pinker": "pink", "oranger": "orange"}
#: The colour a range looks that it should not ("the reds look orange").
_LOOKS_LIKE = re.compile(rf"\b(?:looks?|is|are|seems?|appears?|came\s+out|turned)\s+(?:too\s+|a\s+bit\s+|kind\s+of\s+|"
                         rf"slightly\s+|very\s+|quite\s+|more\s+)?(?P<like>{_RANGE_WORD})(?:ish)?\b", re.IGNORECASE)
#: How far one step moves a colour range's slider.
RANGE_STEP = {"saturation": 0.4, "luminance": 0.4, "hue": 0.5}


_ALL_BUT_RE = re.compile(rf"\bdesaturate\s+every\s+colou?r\s+except\s+the\s+({_RANGE_WORD})s?\b", re.IGNORECASE)


def colour_ranges(clause: str) -> dict[str, float]:
    """The colour mixer's sliders one clause asks for ("make the blues deeper", "desaturate the
    greens", "the reds are too strong", "turn the greens more yellow"): ``{"saturation_blues":
    0.4, "luminance_blues": -0.4}``; empty when the clause names no colour range or nothing to do
    to it. Strength words scale each step ("slightly less saturated reds")."""
    kept = _ALL_BUT_RE.search(clause)
    if kept is not None:  # "desaturate every colour except the reds": a colour kept in black and white
        keep = RANGE_OF[kept.group(1).lower()]
        return {f"saturation_{r}": -1.0 for r in RANGE_HUE if r != keep}
    ranges = list(dict.fromkeys(RANGE_OF[(m.group("a") or m.group("b") or m.group("c") or m.group("d")).lower()]
                                for m in COLOUR_RANGE_RE.finditer(clause)))
    if not ranges:
        return {}
    rest = re.sub(r"\s+", " ", COLOUR_RANGE_RE.sub(" ", clause))
    factor = strength(clause)
    out: dict[str, float] = {}
    taken: set[str] = set()
    for prop, sign, rx in _RANGE_ACTIONS:
        if prop in taken or not rx.search(rest):
            continue
        taken.add(prop)
        for r in ranges:
            out[f"{prop}_{r}"] = max(-1.0, min(1.0, sign * RANGE_STEP[prop] * factor))
    m = _TOWARDS.search(rest)
    wrong = _LOOKS_LIKE.search(rest) if not m else None
    if wrong:  # "the reds look orange": turned away from the colour they look
        like = RANGE_OF[wrong.group("like").lower()]
        for r in ranges:
            d = (RANGE_HUE[like] - RANGE_HUE[r] + 180.0) % 360.0 - 180.0
            if r != like and d:
                out[f"hue_{r}"] = max(-1.0, min(1.0, (-1.0 if d > 0 else 1.0) * RANGE_STEP["hue"] * factor))
    if m:
        target = RANGE_OF[(m.group("to") or m.group("all") or _ER.get((m.group("er") or "").lower(), "")).lower()]
        step = 1.0 if m.group("all") else RANGE_STEP["hue"] * factor
        for r in ranges:
            if r == target:
                continue
            d = (RANGE_HUE[target] - RANGE_HUE[r] + 180.0) % 360.0 - 180.0  # the short way round
            out[f"hue_{r}"] = max(-1.0, min(1.0, (1.0 if d > 0 else -1.0) * step))
    return out
