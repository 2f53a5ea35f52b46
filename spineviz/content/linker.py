"""Find the levels, joints, regions, motions, body areas and scan-report words a text talks about.

Levels and joints are read by their syntax ("L4", "L4/5", "L 4/5", "L4-L5", "L4–5", "L5/S1", "C7/T1",
"T12-L1"; a joint may be written in lower case, "l4/5") and by their grammar ("the fifth lumbar
vertebra"), and checked with :func:`spineviz.anatomy.levels.parse_segment`, so "L6" or "C0/C1" are
never linked. Everything else is vocabulary: ``data/link_terms.toml`` in the phrase notation of
:mod:`spineviz.content.phrases` (inflected verbs, any determiner, optional words, plurals), plus every
plain body word of the referred-pain atlas, so the linker and the body map share one body vocabulary.

A match is then checked against its context, from the same file: a motion straight after a limb word
is that limb's ("hip rotation"); a body area straight before an object word is what is examined or
operated on ("her hip replaced"); a lone body word followed by "of" is a part of something else ("the
bottom of the lane"); a word with another sense is read by its neighbours ("head to our website"); T1
and T2 in a clause about imaging are MRI sequences. A level after a label word is a label ("bay C4"), and
one in a clause about parking a floor; two neighbouring levels with only a space between are a joint
("L4 L5"). A bare motion verb followed by something that is not the body moves that thing ("rotating the
cannula", "bend your knees"); a body area that is held or moved ("keep your head still"), has a support
put under it ("a pillow under your hips"), carries a sign ("a seatbelt mark across the chest") or
measures reach ("fingertips to mid-shin") is not where pain is felt. The atlas's zone names, labels and
plain names ("lateral thigh", "front of the chest", "belly") are body words too. Where matches overlap
the longest wins ("L4/5" over "L4", "turn your head" over "head").

Also read from context (session 6): whose body part it is, from the possessive the text uses most
(:meth:`Linker._not_theirs`); a support, needle or electrode put there, or what someone stands on ("a
pillow for his neck", "needled at the base of the skull", "stand on one leg"); anatomy ("the nerves to the
legs"); a named condition ("a frozen shoulder"); a symptom word named as a category ("medication-overuse
headache becomes a risk"); an exercise and its count ("shoulder blade squeezes x15"); a finding in brackets
or under an examination heading; a bare motion at a limb joint ("bend at the knees"). A movement and its
purpose naming the same motion are one link ("tipping the head back to look at the ceiling"), and a
phrase's determiners after its first word may be left out, as notes do ("turn head to L").

Added in session 7 (each a class of miss or false link on held-out sets 13-15): a motion noun with its
direction before it ("a sideways lean", "backward bending"); describing words inside a scan phrase ("arthritis
in the lower lumbar facet joints"); a note's clause that leaves out the subject of a symptom travelling
("Often goes down into the calf"); a table's "Where" column, whose cells name places of pain; a plain verb of
movement joined to a spine motion in its clause ("bending and turning to stack shelves", ``joined_motions``);
pressure on a place, and a symptom told by waking the sleeper, as things felt; a body area where a needle goes
when the needle word follows it ("at the base of the skull, shallow insertion"); a blow's site ("a knock to the
head"); a finding named after the muscle ("hamstring tightness"); and a patient's own words quoted in a note,
whose "my" does not make the writer the text's subject. After set 16's first run: a range obeys the label
and place checks of a single level ("park in bays T1 to T4"); what something leads to in general is a category
("can feed into headaches"); a body part looked at or checked, also the second of two ("a look at your neck and
shoulders"); a thing put across a body part is not a symptom's path ("a pole across her shoulders"); a finding
said of the reader's body part is what the writer found ("your calves were super tight"), unless asked or felt;
a symptom's path denied ("never down the leg") or told after its subject ("going in the right buttock") places
it; a degree after a bare motion verb is not its object ("arch a little"); a lay verb with a spine part as its
object ("flatten the small of your back", "twists your lower back"); "degenerative changes of the facet joints".
After set 17's first run: "Ext. 4417" is a telephone extension; a motion "of the L leg" is the limb's; a thing
held between two body parts ("cradling the phone between my ear and shoulder"); an exercise named after the
body part without a count ("shoulder blade squeezes"); "the weight off my hips"; the skin's site ("numb the skin
at the side of your neck"), and the words inside a longer body area the context rules out; an answer ("A:")
read with its question ("Q: ... from L4/5?"); a verb, the spine part and a direction ("bending my neck
forward"); "curled up". After set 18's: a thing named and put behind, round or across a body part ("a club
behind the neck"), whatever else the clause says; a posture named as a noun with its size ("a big arch in his
lower back"); "arch your back like a cat" (a rounded back); a kinship word used as a name ("Nan says her
headaches are better"); "!" inside a bracket does not end a clause; a motion noun of a
spine part ("twisting of my neck"); "they feel like concrete". After set 19's: a body part that is itself the
subject of a verb of travelling ("her shoulders creep up towards her ears"); "studio" and other labels before a
level; "worse on rotation" (only a post is "on rotation"); a verb moving the person ("bends her backwards");
dance words for bending ("cambré back", "port de bras forward"). After set 20's: every body area, a longer one
too, is linked only where its clause says something is felt (a tattoo "at the base of the neck", a headrest for
"the base of your skull" are not); a form's answer is read with its question on the same line ("Headaches? Now
and then, at the back of my head"); how far a symptom reaches ("only as far as the back of my thigh, never below
the knee"); a level in a clause may be written in lower case or dictated ("the c2 3 joint is a big cause of
headache"); a product code ("EP500-L2"); "booth T3"; "head back to your seat". After sets 20 and 21, regions
(which need no symptom: "neck exercises", "if your neck was injected"), unless their clause names one: a region
where an object sits or fits ("no lower than the small of the back", "just above the belt line"), a thing named
after it ("the neck piece", ``region_objects``), a region held up for someone else ("Support her neck",
``supporting_verbs``); and a body part given to "she", "he" or "him" ("She has a bad neck herself") is read with
the sentence before, where "Arthur's daughter" names a person; "corridor C2" is a label.

Added in session 8 (the classes of sets 16-23, for precision on fresh text): a possessive over a coordinated list
("her hands and neck"); a sentence opened by "she", "he" or "they" read with the sentence before; the writer's own
body part ("a bad neck myself") in a text about him or her; another person's motion in a "my" text that names them,
and another person who "has a" body part there ("My sister has a bad neck too"), a possessive inside a link counting
towards the text's subject (:meth:`Linker._not_theirs`); a finding someone else reports ("she said his hamstrings
are tight"); a region where a support goes, whatever its length, the support named anywhere before it in the clause,
unless the clause says it helps; a thing from the vocabulary put across a body part ("bag straps across the
shoulder"); a body area a limb or hand is moved to (``moving_verbs``: "draw it towards your chest"); a body word
inside a title-case name ("Indian Head Massage"); a motion's past form before a plain word ("arched windows"); an
answer read with the question or "where" sentence before it ("Shade where you feel symptoms. (... "cheek of bum")").

Added in session 9 (the classes of sets 24-25, for recall on fresh text): shorthand as data (``[abbreviations]``:
"leaning fwd", "Cx AROM", matched wherever the full word is in a phrase); a bare motion verb ending in "down" that
moves something else ("rolled down the window"); a plain "turn" on the line of an exercise that rotates
(:meth:`Linker._motion_near`); a word whose sense names the only words it may follow (``only_after``: "side" is the
flank "into your left side", not "on your side"), checked before the felt check; a body area a radiograph's shadow
falls on (``overlap_words``: "overlying shoulders").
"""

from __future__ import annotations

import bisect
import functools
import html as _html
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from spineviz.anatomy.levels import LevelError, parse_level, parse_segment
from spineviz.content.phrases import (
    DETERMINERS,
    GAP,
    PhraseError,
    first_words,
    phrase_key,
    phrase_regex,
    phrases_pattern,
    plural,
    sample,
    verb_forms,
    with_abbreviations,
)

LINK_KINDS = ("level", "joint", "region", "motion", "body_area", "article")
"""Every kind of :class:`Link`."""

REGION_IDS = ("cervical", "thoracic", "lumbar")
MOTION_IDS = ("flexion", "extension", "lateral_bending", "rotation")
HREF_SCHEME = "spineviz"
_PLURAL_KINDS = ("region", "body_area", "article", "motion")
_TARGET = {
    "article": re.compile(r"[a-z0-9][a-z0-9\-]*#[a-z0-9][a-z0-9\-]*"),
    "": re.compile(r"[a-z][a-z_]*"),
}


class VocabularyError(ValueError):
    """The linker's vocabulary file is malformed; the message says where."""


@dataclass(frozen=True, order=True)
class Link:
    """One thing found in a text.

    Attributes
    ----------
    term
        The text as written (``text[start:end]``).
    kind
        One of :data:`LINK_KINDS`.
    start, end
        Character offsets into the text searched (end exclusive).
    target
        Normalised value: a level name ("L4"), a segment name ("L4/5"), a region id ("lumbar"), a
        motion id ("extension"), a body-area id the atlas knows ("buttock", "top_of_the_shoulder") or
        an article section ("reading-your-scan-report#stenosis").
    """

    term: str
    kind: str
    start: int
    end: int
    target: str

    @property
    def href(self) -> str:
        """The app's link for this target, ``spineviz:KIND/TARGET`` (for example ``spineviz:joint/L4/5``)."""
        return f"{HREF_SCHEME}:{self.kind}/{self.target}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse_href(href: str) -> tuple[str, str] | None:
    """Return ``(kind, target)`` for a link made by :func:`link_html`, or None for any other href."""
    prefix = f"{HREF_SCHEME}:"
    if not href.startswith(prefix):
        return None
    kind, _, target = href[len(prefix) :].partition("/")
    return (kind, target) if kind in LINK_KINDS and target else None


# --------------------------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Term:
    """One vocabulary entry: phrases that mean ``target`` (of ``kind``), except inside ``not_in``."""

    kind: str
    target: str
    phrases: tuple[str, ...]
    not_in: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sense:
    """Neighbouring words that show a word means something other than a body part."""

    not_before: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    only_after: tuple[str, ...] = ()
    """When given, the word is this body part only straight after one of these and perhaps a determiner and a
    side ("into your left side": the flank; "to one side", "by her side" are not)."""


@dataclass(frozen=True)
class Felt:
    """The words that show a body part is where something is felt (see ``[felt]`` in link_terms.toml).

    A body area is linked only where its clause carries one of them: a symptom word (``words``, or an
    inflection of ``verbs``), a symptom travelling there (one of ``travel`` then one of ``particles``:
    "goes down into", "spreading round to"), or, in a sentence about the spine (``spine_words``), one of
    ``towards`` just before it ("lower back, sometimes into my left glute"). ``not_words`` are findings,
    not symptoms ("pain-free", "non-tender"); ``findings`` count only in a clause with none of
    ``exam_words`` ("sensation in the legs was normal on examination"). A symptom word that is a body word
    ("headache") with no determiner, in a clause with one of ``category_words``, is a category ("at which
    medication-overuse headache becomes a risk").
    """

    words: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ()
    travel: tuple[str, ...] = ()
    goes: tuple[str, ...] = ()
    it: tuple[str, ...] = ()
    particles: tuple[str, ...] = ()
    not_words: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    exam_words: tuple[str, ...] = ()
    spine_words: tuple[str, ...] = ()
    towards: tuple[str, ...] = ()
    category_words: tuple[str, ...] = ()
    openers: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    relief: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """Everything the linker looks for besides the syntax of levels, and the context rules."""

    terms: tuple[Term, ...]
    level_not_followed_by: tuple[str, ...] = ()
    verbs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sequence_names: tuple[str, ...] = ()
    imaging_words: tuple[str, ...] = ()
    ordinal_nouns: tuple[str, ...] = ()
    ordinal_regions: Mapping[str, str] = field(default_factory=dict)
    limb_words: tuple[str, ...] = ()
    object_words: tuple[str, ...] = ()
    part_of: str = ""
    other_people: tuple[str, ...] = ()
    senses: Mapping[str, Sense] = field(default_factory=dict)
    level_not_preceded_by: tuple[str, ...] = ()
    place_words: tuple[str, ...] = ()
    motion_objects: tuple[str, ...] = ()
    reach_words: tuple[str, ...] = ()
    handling_verbs: tuple[str, ...] = ()
    support_words: tuple[str, ...] = ()
    sign_words: tuple[str, ...] = ()
    dorsal_context: tuple[str, ...] = ()
    span_words: tuple[str, ...] = ()
    placing_words: tuple[str, ...] = ()
    felt: Felt = field(default_factory=lambda: Felt())
    condition_words: tuple[str, ...] = ()
    exercise_counts: tuple[str, ...] = ()
    needle_words: tuple[str, ...] = ()
    stance_verbs: tuple[str, ...] = ()
    structure_words: tuple[str, ...] = ()
    impact_words: tuple[str, ...] = ()
    examining_words: tuple[str, ...] = ()
    joined_motions: Mapping[str, str] = field(default_factory=dict)
    region_objects: tuple[str, ...] = ()
    supporting_verbs: tuple[str, ...] = ()
    moving_verbs: tuple[str, ...] = ()
    abbreviations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    overlap_words: tuple[str, ...] = ()
    name_nouns: tuple[str, ...] = ()

    @classmethod
    def from_toml(cls, text: str, source: str = "link_terms.toml") -> Vocabulary:
        """Read and check a vocabulary; raise :class:`VocabularyError` naming the bad entry."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise VocabularyError(f"{source}: not valid TOML ({exc})") from exc
        entries, levels = data.get("term", []), data.get("levels", {})
        context, verbs = data.get("context", {}), data.get("verbs", {})
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise VocabularyError(f"{source}: each term must be a [[term]] table")
        for name, table in (("levels", levels), ("context", context), ("verbs", verbs)):
            if not isinstance(table, dict):
                raise VocabularyError(f"{source}: [{name}] must be a table")
        verb_forms = {k.lower(): tuple(_words(source, f"verbs.{k}", v)) for k, v in verbs.items()}
        short = data.get("abbreviations", {})
        if not isinstance(short, dict):
            raise VocabularyError(f"{source}: [abbreviations] must be a table")
        abbreviations = {k.casefold(): tuple(w.casefold() for w in _words(source, f"abbreviations.{k}", v))
                         for k, v in short.items()}
        seen: dict[str, str] = {}
        terms = [_term(f"{source}: term {i + 1} ({raw.get('target', '?')})", raw, seen, verb_forms, abbreviations)
                 for i, raw in enumerate(entries)]
        senses = {}
        for word, raw in (data.get("senses") or {}).items():
            if not isinstance(raw, dict):
                raise VocabularyError(f"{source}: [senses.{word}] must be a table")
            sense = Sense(
                tuple(w.casefold() for w in _words(source, f"senses.{word}.not_before", raw.get("not_before", []))),
                tuple(w.casefold() for w in _words(source, f"senses.{word}.not_after", raw.get("not_after", []))),
                tuple(w.casefold() for w in _words(source, f"senses.{word}.only_after", raw.get("only_after", []))),
            )
            # a key may be a verb phrase ("look* up"): every inflection of it shares the sense
            for form in _inflections(word.casefold(), verb_forms):
                senses[form] = sense
        regions = levels.get("ordinal_regions", {})
        if not isinstance(regions, dict) or any(v not in ("C", "T", "L", "S") for v in regions.values()):
            raise VocabularyError(f"{source}: levels.ordinal_regions maps a region word to C, T, L or S")
        felt = data.get("felt", {})
        if not isinstance(felt, dict):
            raise VocabularyError(f"{source}: [felt] must be a table")
        felt_lists = {
            name: tuple(_words(source, f"felt.{name}", felt.get(name, [])))
            for name in (
                "words", "verbs", "travel", "goes", "it", "particles", "not_words", "findings", "exam_words",
                "spine_words", "towards", "category_words", "openers", "columns", "relief",
            )
        }
        joined = context.get("joined_motions", {})
        if not isinstance(joined, dict) or any(m not in MOTION_IDS for m in joined.values()):
            raise VocabularyError(f"{source}: context.joined_motions maps a verb to one of {', '.join(MOTION_IDS)}")
        part_of = context.get("part_of", "")
        if not isinstance(part_of, str):
            raise VocabularyError(f"{source}: context.part_of must be a word such as 'of'")
        return cls(
            tuple(terms),
            tuple(_words(source, "levels.not_followed_by", levels.get("not_followed_by", []))),
            verb_forms,
            tuple(_words(source, "levels.sequence_names", levels.get("sequence_names", []))),
            tuple(_words(source, "levels.imaging_words", levels.get("imaging_words", []))),
            tuple(_words(source, "levels.ordinal_nouns", levels.get("ordinal_nouns", []))),
            {k.lower(): v for k, v in regions.items()},
            tuple(_words(source, "context.limb_words", context.get("limb_words", []))),
            tuple(_words(source, "context.object_words", context.get("object_words", []))),
            part_of,
            tuple(_words(source, "context.other_people", context.get("other_people", []))),
            senses,
            tuple(_words(source, "levels.not_preceded_by", levels.get("not_preceded_by", []))),
            tuple(_words(source, "levels.place_words", levels.get("place_words", []))),
            tuple(w.casefold() for w in _words(source, "context.motion_objects", context.get("motion_objects", []))),
            tuple(_words(source, "context.reach_words", context.get("reach_words", []))),
            tuple(_words(source, "context.handling_verbs", context.get("handling_verbs", []))),
            tuple(_words(source, "context.support_words", context.get("support_words", []))),
            tuple(_words(source, "context.sign_words", context.get("sign_words", []))),
            tuple(_words(source, "levels.dorsal_context", levels.get("dorsal_context", []))),
            tuple(_words(source, "levels.span_words", levels.get("span_words", []))),
            tuple(_words(source, "context.placing_words", context.get("placing_words", []))),
            Felt(**felt_lists),
            tuple(_words(source, "context.condition_words", context.get("condition_words", []))),
            tuple(_words(source, "context.exercise_counts", context.get("exercise_counts", []))),
            tuple(_words(source, "context.needle_words", context.get("needle_words", []))),
            tuple(_words(source, "context.stance_verbs", context.get("stance_verbs", []))),
            tuple(_words(source, "context.structure_words", context.get("structure_words", []))),
            tuple(_words(source, "context.impact_words", context.get("impact_words", []))),
            tuple(_words(source, "context.examining_words", context.get("examining_words", []))),
            {k.casefold(): v for k, v in joined.items()},
            tuple(_words(source, "context.region_objects", context.get("region_objects", []))),
            tuple(_words(source, "context.supporting_verbs", context.get("supporting_verbs", []))),
            tuple(_words(source, "context.moving_verbs", context.get("moving_verbs", []))),
            abbreviations,
            tuple(_words(source, "context.overlap_words", context.get("overlap_words", []))),
            tuple(_words(source, "context.name_nouns", context.get("name_nouns", []))),
        )

    def with_body_words(self, words: Iterable[str] | Mapping[str, str]) -> Vocabulary:
        """Return the vocabulary with each body word not already listed, as a body area.

        ``words`` is either plain words, each linked to the body area named by the word ("top of the
        shoulder" → ``top_of_the_shoulder``), or a mapping from words to the body area they name.
        """
        listed = {phrase_key(p) for t in self.terms for p in t.phrases}
        pairs = words.items() if isinstance(words, Mapping) else (
            (w, re.sub(r"[\s\-]+", "_", w.strip().lower())) for w in words
        )
        extra = []
        for word, target in pairs:
            if phrase_key(word) in listed:
                continue
            listed.add(phrase_key(word))
            extra.append(Term("body_area", target, (word,)))
        return Vocabulary(**{**self.__dict__, "terms": self.terms + tuple(extra)})

    @classmethod
    def default(cls) -> Vocabulary:
        """The shipped vocabulary (``content/data/link_terms.toml``) with the atlas's body words."""
        from spineviz.content.atlas import body_words

        text = resources.files("spineviz.content").joinpath("data/link_terms.toml").read_text("utf-8")
        return cls.from_toml(text).with_body_words(tuple(body_words())).with_body_words(zone_words())


def zone_words() -> dict[str, str]:
    """Every name the referral atlas gives a zone, as words mapped to the zone.

    Its id ("lateral_thigh" as "lateral thigh"), its clinician's label ("Suprascapular region",
    "Anterior chest wall") and its plain name ("front of the chest", "belly").
    Names that hold a level or a list ("Paravertebral band, T6", "beside the spine, upper back") are
    left out: they describe a zone rather than name it. A parenthesis is dropped ("Low back (lumbar
    region)" → "low back").
    """
    from spineviz.content.atlas import default_atlas

    out: dict[str, str] = {}
    for zone in default_atlas().zones.values():
        for name in (zone.name.replace("_", " "), zone.display, zone.plain):
            name = re.sub(r"\s*\([^)]*\)", "", name).strip().lower()
            if name and not re.search(r"[0-9,;\u2013\u2014]", name):
                out.setdefault(name, zone.name)
    return out


def _inflections(phrase: str, verbs: Mapping[str, tuple[str, ...]]) -> list[str]:
    """Every plain form of a phrase whose words may end in ``*`` (a verb): "look* up" gives "looks up" too."""
    forms = [""]
    for word in phrase.split():
        options = verb_forms(word[:-1], verbs.get(word[:-1], ())) if word.endswith("*") else (word,)
        forms = [f"{f} {o}".strip() for f in forms for o in options]
    return forms


def _words(source: str, where: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise VocabularyError(f"{source}: {where} must be a list of non-empty strings")
    return value


def _term(
    where: str, raw: dict, seen: dict[str, str], verbs: Mapping[str, tuple[str, ...]],
    abbreviations: Mapping[str, tuple[str, ...]] | None = None,
) -> Term:
    kind, target = raw.get("kind"), raw.get("target")
    phrases, not_in = raw.get("phrases"), raw.get("not_in", [])
    allowed = {"region": REGION_IDS, "motion": MOTION_IDS}.get(kind)
    if kind not in ("region", "motion", "body_area", "article"):
        raise VocabularyError(f"{where}: kind must be region, motion, body_area or article, not {kind!r}")
    pattern = _TARGET.get(kind, _TARGET[""])
    if not isinstance(target, str) or not pattern.fullmatch(target):
        example = "'reading-your-scan-report#stenosis'" if kind == "article" else "'buttock'"
        raise VocabularyError(f"{where}: target must be an id such as {example}")
    if allowed is not None and target not in allowed:
        raise VocabularyError(f"{where}: a {kind} target is one of {', '.join(allowed)}")
    for name, value in (("phrases", phrases), ("not_in", not_in)):
        if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
            raise VocabularyError(f"{where}: {name} must be a list of non-empty strings")
    if not phrases:
        raise VocabularyError(f"{where}: phrases is empty")
    for p in phrases:
        if phrase_key(p) in seen:
            raise VocabularyError(f"{where}: phrase {p!r} is already listed for {seen[phrase_key(p)]}")
        seen[phrase_key(p)] = f"{kind} {target}"
    # shorthand forms of a phrase's words ("leaning fwd", "Cx"), added after the check for phrases listed twice
    phrases = [with_abbreviations(p, abbreviations or {}) for p in phrases]
    try:
        # Checking the notation needs only the regular-expression text; compiling it is the costly part,
        # left to the linker, which compiles a term's pattern when the text first offers one of its words.
        for p in (*phrases, *not_in):
            phrase_regex(p, verbs, kind in _PLURAL_KINDS and p in phrases, bare=p in phrases)
        own = phrases_pattern(phrases, verbs, kind in _PLURAL_KINDS) if not_in else None
    except PhraseError as exc:
        raise VocabularyError(f"{where}: {exc}") from None
    for p in not_in:
        if own is not None and not own.search(sample(p)):
            raise VocabularyError(f"{where}: not_in phrase {p!r} contains none of the phrases")
    return Term(kind, target, tuple(phrases), tuple(not_in))


# ------------------------------------------------------------------------------------------------- linker

_DASHES = r"/\-\u2010-\u2015\u2212"
_NOT_A_LEVEL = r"(?:mm|cm|%|\u00b0|deg|x\b|times|years?|yrs?|weeks?|months?|days?|/|\.[0-9])"
"""After a bare number: a measure or a time, so the number is not the second level of a dictated joint."""
_LEVEL_OR_JOINT = re.compile(
    rf"(?<!\w)([CTLSDctls])([ \u00a0]?)([0-9]{{1,2}})"
    rf"(?:(?:[ \t\u00a0]*(?:[{_DASHES}]|[ \t\u00a0](?:to|on|over)[ \t\u00a0])[ \t\u00a0]*"
    # or only spaces, then a second level ("L4 L5", or as dictated "L4 5" but not "L4 5 mm"): a joint when
    # the two are neighbours
    rf"|([ \t\u00a0]+)(?=[CTLSD][0-9]|[0-9]{{1,2}}(?![0-9])(?![ \t\u00a0]*{_NOT_A_LEVEL})))"
    rf"([CTLSDctls]?)([0-9]{{1,2}}))?"
    r"(?!\w)(?![.,][0-9])"
)
_LONG_NUMBER = re.compile(rf"[.:]?{GAP}\d{{3,}}")
_GAP = re.compile(GAP)
_NEXT_WORD = re.compile(rf"{GAP}([\w']+)")
_WHOSE_BEFORE = re.compile(
    rf"(?<!\w)(?:(?:his|her|their)(?:{GAP}own)?|(?:operation|surgery|op|injection|scan|x-ray)s?{GAP}(?:of|on|to){GAP}the)"
    rf"{GAP}(?:[\w\-]+,?{GAP}(?:and|or){GAP})?$",
    re.IGNORECASE,
)
"""Before a body part: "his", "her" or "their", perhaps over a first body part ("her hands and neck"), or an
operation on it: a body part that may be someone else's."""
_ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth",
)
_CLAUSE_MARKS = ".;:!?\n"
_FELT_BOUND = re.compile(r"[!?](?!\))|[;\n]|\.(?=\s|$)")
"""Where the clause a symptom must share with a body area ends: a sentence, a semicolon, a line."""
_BOUND_CHARS = "!?;\n."
_NAMED_LEVEL = re.compile(
    r"(?<!\w)[CTLS][0-9]{1,2}(?:(?:[/\-\u2013]|[ ](?=[0-9]))[CTLS]?[0-9]{1,2})?(?!\w)", re.IGNORECASE
)
_BULLET = re.compile(r"[ \t]*(?:[-*\u2022]|[0-9]{1,2}[.)])[ \t]")
"""A list item's marker at the start of a line."""
_BULLET_LEAD = re.compile(r"([^\n]*:)[ \t]*\n(?:[ \t]*\n)?(?:[ \t]*(?:[-*\u2022]|[0-9]{1,2}[.)])[ \t][^\n]*\n)*$")
"""The line ending in a colon that leads into a list, then the list's items before the one being read."""
_CONTEXT_WORD = re.compile(
    r"(?<!\w)(?!(?:the|a|an|my|your|his|her|their|our|left|right|both|and|or)(?!\w))[^\W\d_]+", re.IGNORECASE
)
"""A word in a body area's clause other than a determiner or a side: context to judge the body area by."""
_DETERMINER_BEFORE = re.compile(
    rf"(?<!\w)(?:the|a|an|his|her|their|my|your|our|its|this|that|these|those|any|some|no|occasional|daily|"
    rf"frequent|recurrent|regular)(?:{GAP}[\w']+)?{GAP}$",
    re.IGNORECASE,
)
"""A determiner or a word of frequency before a symptom word (perhaps with one word between): someone's own."""
_CLAUSE_END = re.compile(f"[{re.escape(_CLAUSE_MARKS)}]")
_WORD = re.compile(r"(?<!\w)\w+")


def _ordinal_number(word: str) -> int:
    w = word.lower()
    return _ORDINALS.index(w) + 1 if w in _ORDINALS else int(re.match(r"\d+", w).group())  # type: ignore[union-attr]


def _words_alternation(words: Iterable[str], gaps: bool = True) -> str:
    """Words or short phrases as one alternation; a space matches any gap, a hyphen any gap or none.

    Written as a tree of shared beginnings ("pain", "painful", "pains" as ``pain(?:ful|s)?``), longer
    readings tried first: the regular-expression engine then tries each letter once at a position instead
    of every word in turn, which makes the context checks (long word lists searched around every match)
    several times faster than a flat list. With ``gaps`` False the words are matched letter for letter (the
    folded first words of phrases, which hold no spaces or hyphens).
    """
    tree: dict = {}
    for w in set(words):
        node = tree
        for atom in _atoms(w) if gaps else [re.escape(c) for c in w]:
            node = node.setdefault(atom, {})
        node[""] = {}
    return _tree_regex(tree) or "(?!)"


def _atoms(word: str) -> list[str]:
    """A word's pieces of pattern: each character, a run of spaces as a gap, a hyphen as an optional gap."""
    out: list[str] = []
    for chunk_i, chunk in enumerate(word.split()):
        if chunk_i:
            out.append(GAP)
        for part_i, part in enumerate(chunk.split("-")):
            if part_i:
                out.append(f"(?:{GAP})?")
            out.extend(re.escape(c) for c in part)
    return out


def _tree_regex(node: dict) -> str:
    branches = [atom + _tree_regex(child) for atom, child in sorted(node.items()) if atom]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _words_pattern(words: Sequence[str], tail: str) -> re.Pattern[str] | None:
    """One of ``words`` as a whole word, then ``tail``; None when there are no words."""
    if not words:
        return None
    return re.compile(rf"(?<!\w)(?:{_words_alternation(words)}){tail}", re.IGNORECASE)


class Linker:
    """Finds :class:`Link` s in text with one :class:`Vocabulary`."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        v = self.vocabulary = vocabulary
        self._terms = v.terms
        self._patterns: list[re.Pattern[str] | None] = [None] * len(v.terms)  # compiled on first use
        # Which terms can start at a word: a phrase is only tried where the text has one of its first words.
        self._by_first: dict[str, list[int]] = {}
        self._anywhere: list[int] = []
        for i, term in enumerate(v.terms):
            starts = [first_words(p, v.verbs) for p in term.phrases]
            if any(s is None for s in starts):
                self._anywhere.append(i)
                continue
            for word in set().union(*starts):  # type: ignore[arg-type]
                self._by_first.setdefault(word, []).append(i)
        # every such word as one pattern, so the text is scanned once in C rather than word by word in Python
        self._first_words = re.compile(rf"(?<!\w)(?:{_words_alternation(self._by_first, gaps=False)})(?!\w)")
        # each term's not_in phrases, by the term's index (a Term's hash is costly: it hashes all its phrases)
        self._not_in = {
            i: phrases_pattern(t.not_in, v.verbs, t.kind in _PLURAL_KINDS) for i, t in enumerate(v.terms) if t.not_in
        }
        # how far around a match to look for its term's not_in phrases (each term its own, so one long idiom
        # does not widen every search)
        self._reach = {
            i: 2 * max(_longest_reading(p) for p in t.not_in) + 16 for i, t in enumerate(v.terms) if t.not_in
        }
        self._level_veto = self._after(v.level_not_followed_by)
        det = "(?:the|a|an|this|that|my|your|his|her|their|our|one's|each|both)"
        side = f"(?:(?:left|right){GAP})?"
        self._label_before = _words_pattern(v.level_not_preceded_by, rf"(?:\s*:)?{GAP}$")
        self._places = _words_pattern(v.place_words, r"(?!\w)")
        # a body part that is not where pain is felt, read from the words just before it: a measure of reach
        # ("fingertips to mid-shin"), a part held or moved ("keep your head still"), a support put under it
        # ("a pillow under your hips"), a sign on it ("a seatbelt mark across the chest"); one pattern, one search
        handled = [f for verb in v.handling_verbs for f in verb_forms(verb, v.verbs.get(verb, ()))]
        stances = [f for verb in v.stance_verbs for f in verb_forms(verb, v.verbs.get(verb, ()))]
        befores = [
            (v.reach_words, rf"{GAP}(?:\w+{GAP})?(?:to|past|below|above|beyond){GAP}(?:the{GAP})?(?:mid{GAP}?)?$"),
            (handled, f"{GAP}(?:{det}{GAP})?{side}$"),
            # a support, or a thing held, put under or between ("cradling the phone between my ear and shoulder")
            (v.support_words,
             rf"{GAP}(?:[\w']+{GAP}){{0,2}}(?:{_SUPPORT_PLACES}){GAP}(?:{det}{GAP})?(?:[\w']+{GAP}and{GAP}(?:{det}{GAP})?)?$"),
            (v.sign_words, f"{GAP}(?:across|on|over|to|at){GAP}(?:{det}{GAP})?{side}$"),
            (v.overlap_words, f"{GAP}(?:{det}{GAP})?{side}$"),
            (v.placing_words, f"{GAP}(?:on|onto|behind){GAP}(?:{det}{GAP})?{side}$"),
            (v.needle_words, rf"(?:{GAP}[\w']+)?{GAP}(?:at|into|in|on|over|beside|along){GAP}(?:{det}{GAP})?{side}$"),
            (stances, f"{GAP}(?:on|off){GAP}(?:(?:{det}|one){GAP})?{side}$"),
            (v.structure_words, f"{GAP}(?:to|of|supplying|for){GAP}(?:{det}{GAP})?{side}$"),
            (v.impact_words, f"{GAP}(?:to|on|in){GAP}(?:{det}{GAP})?{side}$"),
            # where a limb or a thing is moved to ("draw it towards your chest", "sliding one hand down the side of
            # your leg"): the verb's object goes there, not a symptom
            ([f for verb in v.moving_verbs for f in verb_forms(verb, v.verbs.get(verb, ()))],
             rf"{GAP}(?:it|them|(?:{det}|one|both){GAP}[\w']+(?:{GAP}[\w']+)?){GAP}(?:[\w]+ly{GAP})?"
             rf"(?:to|towards|toward|down|along|up|onto|on|into|over|past|across){GAP}(?:{det}{GAP})?{side}$"),
            # what is looked at or checked, perhaps the second of two ("a look at your neck and shoulders")
            (v.examining_words,
             rf"{GAP}(?:{det}{GAP})?{side}(?:[\w'\-]+(?:{GAP}[\w'\-]+)?,?{GAP}and{GAP}(?:{det}{GAP})?{side})?$"),
        ]
        either = "|".join(rf"(?<!\w)(?:{_words_alternation(w)}){tail}" for w, tail in befores if w)
        self._not_a_place_before = re.compile(either, re.IGNORECASE) if either else None
        # for a region ("neck"), only a support put there: "a pillow for his neck"
        support, tail = befores[2]
        self._support_before = (
            re.compile(rf"(?<!\w)(?:{_words_alternation(support)}){tail}", re.IGNORECASE) if support else None
        )
        self._irregular_past = frozenset(f.casefold() for forms in v.verbs.values() for f in forms)
        self._supports = _words_pattern(v.support_words, r"(?!\w)")
        # a support or a thing named after a region, put across or round a body part ("bag straps across the shoulder")
        self._thing_placed = _words_pattern(
            [*v.support_words, *v.region_objects],
            rf"()(?:{GAP}[\w']+)?{GAP}(?:behind|round|around|across|over){GAP}(?:{det}{GAP})?{side}$",
        )
        self._relief = _words_pattern(v.felt.relief, r"(?!\w)")
        # a thing named after a region ("the neck piece"), or a region held up for someone else ("Support her neck")
        self._region_object_after = self._after(v.region_objects) if v.region_objects else None
        self._held_for_another = (
            re.compile(rf"(?<!\w)(?:{_words_alternation(v.supporting_verbs)}){GAP}"
                       rf"(?:his|her|their|(?:the{GAP})?(?:baby|child|(?-i:[A-Z][a-z]+))['\u2019]s){GAP}$",
                       re.IGNORECASE)
            if v.supporting_verbs else None
        )
        # a plural body part after "between" names the space between them ("numbness between your legs")
        self._between = re.compile(rf"(?<!\w)between{GAP}{det}{GAP}$", re.IGNORECASE)
        self._other_object = (
            re.compile(rf"{GAP}{det}{GAP}([\w']+)", re.IGNORECASE) if v.motion_objects else None
        )
        self._imaging = _words_pattern(v.imaging_words, r"(?!\w)")
        self._dorsal_words = _words_pattern(v.dorsal_context, r"(?!\w)")
        # "from the skull base to T2", "the T1 and T2 vertebrae": levels, even in a clause about imaging
        self._span_before = _words_pattern(v.span_words, f"{GAP}$")
        self._level_noun_after = self._after(v.ordinal_nouns)
        self._limb_before = _words_pattern(v.limb_words, f"{GAP}$")
        # an object word in any form: "straight leg raise", "straight leg raising", "hip replaced"
        self._object_after = self._after(
            [*v.object_words, *(plural(w) for w in v.object_words),
             *(f for w in v.object_words if " " not in w for f in verb_forms(w, v.verbs.get(w, ())))]
        )
        # an examination heading or finding straight after a body part: "R shoulder: full AROM", "Hips FROM",
        # "her hips have a full range of movement"
        self._examined_after = re.compile(
            rf"(?:\s*[:\-])?{GAP}(?:(?:have|has|had|show|shows|showed){GAP}(?:an?{GAP})?)?"
            r"(?:(?:full|normal|good|reduced|restricted|limited|pain[\s\-]?free|painless)[\s,\-]+){0,3}"
            r"(?:range|(?-i:FROM|AROM|PROM|ROM)|arom|prom)(?!\w)",
            re.IGNORECASE,
        )
        self._someone_else = (
            # "my mum", "the dog", "Arthur's daughter", or a kinship word used as a name ("Nan sends her love")
            re.compile(rf"(?<!\w)(?:(?:my|his|her|their|our|the|a|(?-i:[A-Z][a-z]+)['\u2019]s){GAP}|(?-i:(?=[A-Z])))(?:{_words_alternation(v.other_people)})"
                       rf"(?:['\u2019]s)?(?!\w)", re.IGNORECASE)
            if v.other_people else None
        )
        # a clause whose subject is another person who "has a" body part: "My husband has a bad neck"
        self._has_a = (
            re.compile(rf"(?:^|[.;:!?\n(]|(?<!\w)(?:and|but|so))[ \t]*(?:(?:my|his|her|their|our|the){GAP})?"
                       rf"({_words_alternation(v.other_people)})(?:['\u2019]s)?{GAP}"
                       rf"(?:has|had|have|gets|got|has{GAP}got|suffers{GAP}from|complains{GAP}of){GAP}(?:a|an){GAP}"
                       rf"(?:[\w\-]+{GAP})?$", re.IGNORECASE | re.MULTILINE)
            if v.other_people else None
        )
        self._person = (
            re.compile(rf"(?<!\w)({_words_alternation(v.other_people)})(?!\w)", re.IGNORECASE)
            if v.other_people else None
        )
        # a named condition of a limb or organ ("a frozen shoulder", "tennis elbow"): the word before the body word
        self._condition_before = _words_pattern(v.condition_words, f"{GAP}$")
        # an exercise written with its count straight after the body part ("shoulder blade squeezes x15")
        units = _words_alternation(v.exercise_counts) if v.exercise_counts else r"(?!)"
        self._exercise_after = re.compile(
            rf"(?:{GAP}[a-z]+){{0,2}}[\s,:]+(?:[x\u00d7][ ]?[0-9]+|[0-9]+[ ]?[x\u00d7](?:[ ]?[0-9]+)?"
            rf"|[0-9]+{GAP}(?:{units}))(?!\w)"
            r"(?![ ]?(?:/|[0-9]|(?:days?|weeks?|wks?|months?|years?|yrs?|hours?|hrs?)\b))",  # not a duration
            re.IGNORECASE,
        )
        # a bare motion verb done at a limb joint ("bend at the knees", "hinge from the hips") is the limb's
        self._at_a_limb = (
            re.compile(rf"{GAP}(?:at|from|through){GAP}(?:{det}{GAP})?(?:{_words_alternation(v.limb_words)})(?!\w)",
                       re.IGNORECASE)
            if v.limb_words else None
        )
        self._of_a_limb = (
            re.compile(rf"{GAP}of{GAP}(?:{det}{GAP})?(?:(?:left|right|[LR]\.?){GAP})?(?:{_words_alternation(v.limb_words)})(?!\w)",
                       re.IGNORECASE)
            if v.limb_words else None
        )
        # a body part something is put behind or round ("the bar behind the neck", "a collar round his neck")
        self._round_before = re.compile(
            rf"(?<!\w)(?:behind|round|around){GAP}(?:{det}{GAP})?$", re.IGNORECASE
        )
        self._part_of = self._after([v.part_of]) if v.part_of else None
        f = v.felt
        felt_forms = [*f.words, *(form for verb in f.verbs for form in verb_forms(verb, v.verbs.get(verb, ())))]
        felt = [rf"(?<!\w)(?:{_words_alternation(felt_forms)})(?!\w)"] if felt_forms else []
        particles = rf"(?:{GAP}[\w']+)?{GAP}(?:{_words_alternation(f.particles)})(?!\w)" if f.particles else ""
        subject = rf"(?:{_words_alternation(f.it)})(?:{GAP}[\w']+)?{GAP}" if f.it else None
        # a note's clause may leave the subject out: "Sometimes goes into my right hip."
        opener = rf"(?:(?:{_words_alternation(f.openers)}){GAP})?" if f.openers else ""
        elided = rf"(?:^|(?<=[.;:!?\n(\"\u201c]))[ \t]*{opener}"
        # without a subject, only a particle of travelling towards a place ("goes into", not "goes to the gym")
        towards = rf"(?:{GAP}[\w']+)?{GAP}(?:{_words_alternation(f.towards)})(?!\w)" if f.towards else ""
        for verbs, who, tail in ((f.travel, "", particles), (f.goes, subject, particles),
                                 (f.goes, elided if f.openers else None, towards)):
            forms = [form for verb in verbs for form in verb_forms(verb, v.verbs.get(verb, ()))]
            if forms and tail and who is not None:
                felt.append(rf"(?<!\w){who}(?:{_words_alternation(forms)}){tail}")
        self._felt = re.compile("|".join(felt), re.IGNORECASE) if felt else None
        self._needles = _words_pattern(v.needle_words, r"(?!\w)")
        travelling = [form for verb in f.travel for form in verb_forms(verb, v.verbs.get(verb, ()))]
        self._moves_after = (
            re.compile(rf"(?:{GAP}(?:still|often|always|slowly|then))?{GAP}(?:{_words_alternation(travelling)})(?!\w)"
                       rf"(?:{GAP}[\w']+)?{GAP}(?:{_words_alternation(f.particles)})(?!\w)", re.IGNORECASE)
            if travelling and f.particles else None
        )
        self._place_column = (
            re.compile(rf"\s*(?:{_words_alternation(f.columns)})\s*(?:\(.*\))?\s*", re.IGNORECASE)
            if f.columns else None
        )
        joined = [(form, motion) for verb, motion in v.joined_motions.items()
                  for form in verb_forms(verb, v.verbs.get(verb, ()))]
        self._joined_motion = {form: motion for form, motion in joined}
        self._name_nouns = frozenset(w.casefold() for w in v.name_nouns)
        self._only_after = {w: sense.only_after for w, sense in v.senses.items() if sense.only_after}
        self._joined = _words_pattern([form for form, _ in joined], r"(?!\w)")
        self._not_felt = _words_pattern(f.not_words, r"(?!\w)")
        self._findings = _words_pattern(f.findings, r"(?!\w)")
        # a finding said of the body part straight after it: "his hamstrings are really tight"
        self._finding_after = (
            re.compile(rf"{GAP}(?:is|are|was|were|looked|looks|seemed|seem|felt)(?:{GAP}(?:really|very|quite|so|too|"
                       rf"super|a{GAP}bit|a{GAP}little|pretty|rather))?{GAP}(?:{_words_alternation(f.findings)})(?!\w)",
                       re.IGNORECASE)
            if f.findings else None
        )
        self._exam = _words_pattern(f.exam_words, r"(?!\w)")
        self._spine_words = _words_pattern(f.spine_words, r"(?!\w)")
        self._towards_before = _words_pattern(f.towards, f"{GAP}(?:{det}{GAP})?{side}$")
        going = [form for verb in (*f.goes, *f.travel) for form in verb_forms(verb, v.verbs.get(verb, ()))]
        self._going_in = (
            re.compile(rf"(?<!\w)(?:{_words_alternation(going)}){GAP}(?:{_words_alternation([*f.towards, 'in'])})"
                       rf"{GAP}(?:{det}{GAP})?{side}$", re.IGNORECASE)
            if going and f.towards else None
        )
        # a body area that itself names a direction ("below the knee")
        self._towards_start = _words_pattern(f.towards, r"(?!\w)")
        self._denied_path = (
            re.compile(rf"(?<!\w)(?:not|never|no)(?:{GAP}(?:{_words_alternation(f.goes + f.travel)})\w*)?{GAP}"
                       rf"(?:{_words_alternation(f.towards)}){GAP}(?:{det}{GAP})?{side}$", re.IGNORECASE)
            if f.towards else None
        )
        self._category = _words_pattern(f.category_words, r"(?!\w)")
        self._own_symptom = _words_pattern(f.words, r"$")
        self._ordinal = None
        ordinal = f"(?:{_words_alternation(_ORDINALS)}|1st|2nd|3rd|[4-9]th|1[0-2]th)"
        if v.ordinal_nouns and v.ordinal_regions:
            self._ordinal = re.compile(
                rf"(?<!\w)({ordinal})(?:{GAP}and{GAP}(?:the{GAP})?({ordinal}))?{GAP}"
                rf"({_words_alternation(v.ordinal_regions)}){GAP}(?:{_words_alternation(v.ordinal_nouns)})(?!\w)",
                re.IGNORECASE,
            )

    @staticmethod
    def _after(words: Sequence[str]) -> re.Pattern[str] | None:
        """A pattern matching, at a link's end, a gap and then one of ``words``."""
        if not words:
            return None
        return re.compile(rf"{GAP}(?:{_words_alternation(words)})(?!\w)", re.IGNORECASE)

    @classmethod
    def default(cls) -> Linker:
        """A linker with the shipped vocabulary (built once)."""
        return _default_linker()

    def find(self, text: str) -> list[Link]:
        """Return the links in ``text``, in order, none overlapping.

        Parameters
        ----------
        text
            Any text; offsets in the result index into it.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        words, rejected = self._vocabulary_matches(text)
        found = _inside_rejected(words, rejected) + self._level_links(text) + self._ordinal_links(text)
        links = _longest_first(found)
        return _joined_purposes(text, self._not_theirs(text, self._joined_motions(text, links)))

    def _joined_motions(self, text: str, links: list[Link]) -> list[Link]:
        """Add a plain verb of movement ("turning") that is joined to a spine motion in its clause.

        "Turn" alone has too many senses to link ("turn the page", "it turned out"), but listed with a
        spine motion it is one too: "bending and twisting together, as in lifting boxes and turning to load
        a cage". Only where the clause holds another motion link, and the verb moves nothing else and is
        not a phrasal verb ("turn out", "turn up").
        """
        motions = [k for k in links if k.kind == "motion"]
        if self._joined is None or not motions:
            return links
        starts, motion_starts = [k.start for k in links], [k.start for k in motions]  # both in order, none overlapping
        extra = []
        for m in self._joined.finditer(text):
            i = bisect.bisect_left(starts, m.end())
            if i and links[i - 1].end > m.start():
                continue  # inside a link already found
            target = self._joined_motion[m.group().casefold()]
            if not self._motion_near(text, m.start(), m.end(), motions, motion_starts, target):
                continue
            nxt = _NEXT_WORD.match(text, m.end())
            if nxt and nxt.group(1).casefold() in _PHRASAL:
                continue
            if _NOUN_BEFORE.search(text, max(0, m.start() - 20), m.start()):
                continue  # a noun: "in turn", "your turn", "a turn"
            if self._acts_on_something_else(text, m.end()) or (
                self._limb_before is not None and self._limb_before.search(text, max(0, m.start() - 40), m.start())
            ):
                continue
            extra.append(Link(m.group(), "motion", m.start(), m.end(), target))
        return sorted(links + extra) if extra else links

    @staticmethod
    def _motion_near(
        text: str, start: int, end: int, motions: list[Link], motion_starts: list[int], target: str
    ) -> bool:
        """Another spine motion in the clause, or the same motion on the same line (one item of a list).

        An exercise's line names its motion once and then says it plainly: "Spine Twist: rotate only as far as
        your upper back wants to go. Think 'tall then turn'."
        """
        lo, hi = _felt_clause(text, start, end, brackets=False)
        j = bisect.bisect_left(motion_starts, lo)
        if j < len(motions) and motions[j].end <= hi:
            return True
        lo, hi = text.rfind("\n", 0, start) + 1, text.find("\n", end)
        hi = len(text) if hi < 0 else hi
        j = bisect.bisect_left(motion_starts, lo)
        return any(k.target == target for k in motions[j:] if k.end <= hi)

    # --- vocabulary and context ---
    def _vocabulary_matches(self, text: str) -> tuple[list[Link], list[tuple[int, int]]]:
        """The vocabulary's links in ``text``, and the spans of longer body areas the context ruled out."""
        links: list[Link] = []
        rejected: list[tuple[int, int]] = []
        folded = text.casefold()
        if len(folded) != len(text):  # a letter that folds to two ("ß"): fold word by word instead
            folded = _WORD.sub(lambda w: w.group().casefold()[: len(w.group())].ljust(len(w.group())), text)
        by_first, patterns = self._by_first, self._patterns
        for w in self._first_words.finditer(folded):  # only the words a phrase starts with, found in one scan
            ids = by_first.get(w.group())
            if ids:
                pos = w.start()
                for i in ids:  # most tries fail at once: match here, and only then call the checks
                    m = (patterns[i] or self._pattern(i)).match(text, pos)
                    if m is not None:
                        accepted = self._accepted(i, text, m)
                        links += accepted
                        if not accepted and self._terms[i].kind == "body_area" and _GAP.search(m.group()):
                            rejected.append((m.start(), m.end()))
        for i in self._anywhere:
            for m in self._pattern(i).finditer(text):
                links += self._accepted(i, text, m)
        return links, rejected

    def _match_at(self, i: int, text: str, pos: int) -> list[Link]:
        """Term ``i`` matched at ``pos`` as a link, or nothing (a test compares this with the indexed search)."""
        m = self._pattern(i).match(text, pos)
        return [] if m is None else self._accepted(i, text, m)

    def _accepted(self, i: int, text: str, m: re.Match[str]) -> list[Link]:
        """Term ``i``'s match ``m`` as a link, unless a longer phrase or the context says otherwise."""
        term = self._terms[i]
        if self._excluded(i, text, m.start(), m.end()) or not self._fits_context(term, text, m):
            return []
        return [Link(m.group(), term.kind, m.start(), m.end(), term.target)]

    def _pattern(self, i: int) -> re.Pattern[str]:
        """Term ``i``'s pattern, compiled the first time a text needs it (most texts use few terms)."""
        pattern = self._patterns[i]
        if pattern is None:
            term = self._terms[i]
            pattern = phrases_pattern(term.phrases, self.vocabulary.verbs, term.kind in _PLURAL_KINDS, bare=True)
            self._patterns[i] = pattern
        return pattern

    def compile_all(self) -> None:
        """Compile every term's pattern now (a test checks the whole vocabulary compiles; a server may warm up)."""
        for i in range(len(self._terms)):
            self._pattern(i)

    def _excluded(self, i: int, text: str, start: int, end: int) -> bool:
        """Whether term ``i``'s match ``start:end`` lies inside one of its ``not_in`` phrases.

        Only a window around the match is searched, as wide as the term's longest phrase reaches: the phrases
        begin with long alternations that make a search of the whole text slower than many small ones.
        """
        pattern = self._not_in.get(i)
        if pattern is None:
            return False
        reach = self._reach[i]
        lo, hi = max(0, start - reach), min(len(text), end + reach)
        # quotation marks do not break a phrase: 'describes it as "a pain in the neck"'
        window = text[lo:hi]
        if _QUOTE.search(window):
            window = window.translate(_QUOTES)
        for m in pattern.finditer(window):
            if m.start() + lo > start:
                return False  # the rest start after the match and cannot hold it: stop scanning
            if m.end() + lo >= end:
                return True
        return False

    def _fits_context(self, term: Term, text: str, m: re.Match[str]) -> bool:
        kind, word, end = term.kind, m.group(), m.end()
        before = text[max(0, m.start() - 40) : m.start()]
        single = len(word.split()) == 1
        if single and self._only_after and not self._after_its_words(word, before):
            return False  # checked first: "side" is mostly "to one side", and the felt check costs more
        if kind == "motion":
            if self._limb_before is not None and self._limb_before.search(before):
                return False
            if (single or word.rsplit(None, 1)[-1].casefold() == "down") and self._acts_on_something_else(text, end):
                return False  # "rotating the cannula", "rolled down the window": the verb moves something else
            if _LONG_NUMBER.match(text, end):
                return False  # "ext 2231": a telephone extension, not a movement
            if single and self._at_a_limb is not None and self._at_a_limb.match(text, end):
                return False  # "bend at the knees"
            if self._of_a_limb is not None and self._of_a_limb.match(text, end):
                return False  # "rotation of the L leg", "flexion of the knee": the limb's motion
            if single and self._participle_before_a_noun(word, text, end):
                return False  # "an arched doorway", "arched eyebrows": a describing word, not a movement
        elif kind == "body_area":
            if self._not_a_place_before is not None and self._not_a_place_before.search(before):
                return False
            count = self._exercise_after.match(text, end)
            if count and not (self._felt is not None and self._felt.search(count.group())):
                return False  # "shoulder blade squeezes x15": an exercise and its count (not "leg pain x 3/52")
            if single and self._named_as_a_category(text, m.start(), end, before):
                return False
            if word.casefold().endswith("s") and self._between.search(before):
                return False
            if (self._object_after is not None and self._object_after.match(text, end)) or (
                self._examined_after.match(text, end)
            ):
                return False
            if not self._felt_here(text, m.start(), end, before):
                return False
            if self._needled(text, m.start(), end):
                return False
        if kind == "region" and (
            _LANDMARK_BEFORE.search(before, len(before) - 30)
            or (self._region_object_after is not None and self._region_object_after.match(text, end))
            or (self._held_for_another is not None and self._held_for_another.search(before))
        ) and not self._felt_in_clause(text, m.start(), end):
            # where an object sits ("no lower than the small of the back", "just above the belt line"), a thing
            # named after the region ("the neck piece"), a region held up for someone else ("Support her neck")
            return False
        if kind in ("body_area", "region"):
            if single and self._part_of is not None and self._part_of.match(text, end):
                return False
            if self._condition_before is not None and self._condition_before.search(before):
                return False  # "a frozen shoulder": a named condition of a limb joint, not a place of referred pain
            if (single or kind == "region") and self._object_goes_there(text, m.start(), end, before, kind):
                return False
        if kind in ("body_area", "region") and self._in_a_name(text, m.start(), end):
            return False  # "Indian Head Massage", "Back & Hip Heat Patches": a name, not a place
        said = _GAP.sub(" ", word.casefold())
        # the word as written, or its singular ("arches" → "arch", "heads" → "head")
        keys = (said, said[:-1], said[:-2]) if said.endswith("s") else (said,)
        sense = next((self.vocabulary.senses[k] for k in keys if k in self.vocabulary.senses), None)
        if sense is not None:
            nxt = _NEXT_WORD.match(text, end)
            tail = " ".join(re.findall(r"[\w']+", before.casefold())[-3:])
            if (nxt and nxt.group(1).casefold() in sense.not_before) or any(
                tail == w or tail.endswith(" " + w) for w in sense.not_after
            ):
                return False
        return True

    def _after_its_words(self, word: str, before: str) -> bool:
        """False for a word whose sense has ``only_after`` words ("side") where none of them comes before it."""
        said = word.casefold()
        words = self._only_after.get(said, self._only_after.get(said[:-1]) if said.endswith("s") else None)
        return words is None or _after_one_of(before, words)

    def _in_a_name(self, text: str, start: int, end: int) -> bool:
        """Whether a capitalised body word stands inside a name written in title case.

        Between a capitalised word (or "&") and a capitalised word that names no symptom: "Indian Head Massage",
        "Back & Hip Heat Patches". A heading such as "Right Hip Pain" or "Neck and Shoulder" is still read.
        """
        if not text[start].isupper():
            return False
        after = _TITLE_WORD_AFTER.match(text, end)
        if after is None:
            return False
        if _TITLE_SYMPTOM.fullmatch(after.group(1)):
            # a title-case symptom heading followed by what it names: "the Back & Neck Pain board", "the Lower Back
            # Pain forum", "a Neck Pain clinic"
            noun = _NEXT_WORD.match(text, after.end())
            return noun is not None and noun.group(1).casefold() in self._name_nouns
        return bool(_TITLE_WORD_BEFORE.search(text, max(0, start - 30), start))

    def _felt_here(self, text: str, start: int, end: int, before: str) -> bool:
        """Whether the clause around a one-word body area says something is felt there.

        The clause runs from the last sentence mark, semicolon or line break before the body area to the
        next one after it, or is the bracket that holds it; a list item is read whole, with the line
        ending in a colon that leads into the list ("Referred pain tends to:" / "- move from one buttock
        to the other"). It must hold a symptom ("pain", "aching", "numbness", "it hurts"), a symptom
        travelling ("it goes down into", "spreading round to"), a place on a referral map ("referral
        pattern"), or a level or joint, which makes it a statement of where that joint's pain goes
        ("Groin: possible from L2 to L5"). Findings such as "pain-free" or "non-tender" do not count, and
        "sensation" or "tenderness" count only outside an examination. In a clause about the spine, a
        body area just after "into", "down" or "above" is where the spine's pain reaches ("lower back,
        sometimes into my left glute"). Without any of these a body part is
        named in another sense: examined, exercised, relaxed, injured long ago, a landmark of a tackle.

        Since session 7 a longer body area ("the back of my thigh", "below the knee") is checked too: a tattoo
        "at the base of the neck" or a headrest for "the base of your skull" is no place of pain. A body area with
        no other word in its clause (a heading, a list item, a word set in bold, which :func:`link_html`
        reads as a text of its own) is linked as before.
        """
        if self._felt is None:
            return True
        lo, hi = _felt_clause(text, start, end)
        clause = text[lo:hi]
        if not _CONTEXT_WORD.search(text[lo:start] + " " + text[end:hi]):
            return True  # the body area alone (a heading, a list item, a word in bold): nothing to judge by
        line = text.rfind("\n", 0, start) + 1
        if _BULLET.match(text, line):  # a list item is read whole, with the line that leads into the list
            lead = _BULLET_LEAD.search(text, max(0, line - 600), line)
            clause = (lead.group(1) if lead else "") + " " + text[line:lo] + clause
        if lo > line and text[lo - 1] == "?":  # a form's answer after its question on one line ("Headaches? Now and")
            clause = text[line:lo] + clause
        if _ANSWER.match(text, line):  # an answer ("A: ...") is read with its question ("Q: ... from L4/5?")
            question = _QUESTION_BEFORE.search(text, max(0, line - 400), line)
            clause = (question.group(1) if question else "") + " " + clause
        if self._in_place_column(text, start):
            return True  # a table's "Where" column names places of pain
        if (self._finding_after is not None and self._finding_after.match(text, end)
                and _REPORTED_FINDING.search(text, lo, start)):
            return False  # what someone else found: "She said his hamstrings are really tight ... maybe L5"
        if _NAMED_LEVEL.search(clause):
            return True  # a level or joint in the clause: where its pain is felt ("groin: possible from L2 to L5")
        if self._not_felt is not None:
            clause = self._not_felt.sub(" ", clause)
        moves = self._moves_after.match(text, end) if self._moves_after is not None else None
        if moves:  # the body part itself moving ("her shoulders creep up towards her ears") is no symptom's travel
            clause = clause.replace(moves.group(), " ")
        if self._felt.search(clause):
            return True
        if self._answers_where(text, lo, hi):
            return True
        if (
            self._findings is not None and self._findings.search(clause) and not self._examined(text, start, end)
            and not self._found_in_the_reader(text, lo, hi, start, clause)
        ):
            return True  # "stiffness in her neck and shoulder", but not "sensation in the legs normal on examination"
        if self._denied_path is not None and self._denied_path.search(before):
            return True  # a symptom's path denied: "never down the leg", "not into the buttock"
        if _AS_FAR_AS.search(before) or (_NEGATION_BEFORE.search(before) and self._towards_start is not None
                                         and self._towards_start.match(text, start)):
            return True  # how far a symptom reaches: "only as far as the back of my thigh, never below the knee"
        if self._going_in is not None and self._going_in.search(before):
            return True  # a symptom travelling, its subject said before: "low back on right side, going in the buttock"
        towards = self._towards_before.search(before) if self._towards_before is not None else None
        return bool(
            towards is not None and not _OBJECT_BEFORE.search(before, 0, towards.start())
            and self._spine_words is not None and self._spine_words.search(clause)
        )

    def _answers_where(self, text: str, lo: int, hi: int) -> bool:
        """Whether the clause starting at ``lo`` answers the sentence just before it about where a symptom is.

        "Shade where you feel symptoms on the diagram. (Patient wrote: "right cheek of bum")", "HANDLER: Does it go
        down your leg at all? CALLER: No, just to the top of my leg at the back.": a question, or a sentence with
        "where", that names a symptom or its travel. A question after a question answers nothing.
        """
        if text.startswith("?", hi):
            return False
        head = text[max(0, lo - 240) : lo].rstrip(" \t\n(\"\u201c")
        if not head:
            return False
        cut = max(head.rfind(c, 0, len(head) - 1) for c in ".!?\n") + 1
        prev = head[cut:]
        if not (prev.endswith("?") or _WHERE.search(prev)):
            return False
        return bool(self._felt is not None and self._felt.search(prev))

    def _felt_in_clause(self, text: str, start: int, end: int) -> bool:
        """Whether the clause around ``start:end`` names a symptom itself (not a finding, not a path)."""
        if self._felt is None:
            return True
        lo, hi = _felt_clause(text, start, end)
        clause = text[lo:hi] if self._not_felt is None else self._not_felt.sub(" ", text[lo:hi])
        return bool(self._felt.search(clause))

    @staticmethod
    def _found_in_the_reader(text: str, lo: int, hi: int, start: int, clause: str) -> bool:
        """Whether a finding ("tight", "stiff") is said of the reader's body part: what the writer found there.

        "Your calves and glutes were super tight, so keep up the foam rolling" is a therapist telling a client
        what the massage found; "if your hips feel tight" is the reader's own feeling, and "any weakness in
        your legs?" asks about one: both are still read as symptoms.
        """
        asked = text.startswith("?", hi)
        return bool(_YOUR.search(text, lo, start)) and not asked and not _FEEL.search(clause)

    def _needled(self, text: str, start: int, end: int) -> bool:
        """Whether a body area is where a needle or tape goes: a needle word in its clause and nothing felt.

        The needle word may come after it too, as an acupuncture record writes a point ("GB21 right, at the
        top of the shoulder, shallow insertion"); this holds for longer body areas as well, which are
        otherwise taken as descriptions of where something is felt.
        """
        if self._needles is None:
            return False
        lo, hi = _felt_clause(text, start, end, brackets=False)
        if not self._needles.search(text, lo, hi):
            return False
        clause = text[lo:hi] if self._not_felt is None else self._not_felt.sub(" ", text[lo:hi])
        return not (self._felt is not None and self._felt.search(clause))

    def _in_place_column(self, text: str, start: int) -> bool:
        """Whether ``start`` is in a table cell under a heading that names a place ("Where", "Location").

        A table is lines of cells split by "|"; its heading is the first line of the run of such lines.
        """
        if self._place_column is None:
            return False
        line = text.rfind("\n", 0, start) + 1
        eol = text.find("\n", start)
        row = text[line : eol if eol >= 0 else len(text)]
        if "|" not in row:
            return False
        head = line
        while head > 0:
            prev = text.rfind("\n", 0, head - 1) + 1
            if "|" not in text[prev : head - 1]:
                break
            head = prev
        if head == line:
            return False  # the heading itself
        heading = text[head : text.find("\n", head)].split("|")
        column = text[line:start].count("|")
        return column < len(heading) and bool(self._place_column.fullmatch(heading[column]))

    def _examined(self, text: str, start: int, end: int) -> bool:
        """Whether a body part is named in an examination.

        An exam word in its sentence, a bracket included ("(calf tightness)"), or in the heading that opens
        its paragraph or line ("Examination: ... ankle dorsiflexion limited (calf tightness).", "O/E: ...").
        """
        if self._exam is None:
            return False
        if self._exam.search(_sentence(text, start, end)):
            return True
        blank = text.rfind("\n\n", 0, start)
        for head in {blank + 2 if blank >= 0 else 0, text.rfind("\n", 0, start) + 1}:
            colon = text.find(":", head, min(start, head + 40))
            if colon >= 0 and self._exam.search(text, head, colon):
                return True
        return False

    def _object_goes_there(self, text: str, start: int, end: int, before: str, kind: str) -> bool:
        """Whether a body part is where an object goes, in a clause where nothing is felt.

        "the bar behind the neck", "a collar round his neck" (and, for a region such as "neck", which is
        not otherwise checked for a symptom, "a pillow for his neck", "the roller under the upper back", or a
        support named earlier in the clause: "our Contour Pillow, which ... fills the gap under your neck"). A
        region where a support goes is still linked where the clause says it helps ("a cushion behind her lower
        back, says this helps"): relief tells of pain there.
        """
        supported = kind == "region" and self._support_before is not None and self._support_before.search(before)
        named = None if supported else (
            _PLACED_OBJECT.search(before) or (self._thing_placed is not None and self._thing_placed.search(before))
        )
        # the thing and the verb before it: "feel a stretch across your lower back" names a sensation, not a thing
        thing = before[max(0, named.start() - 14) : named.end(1)] if named else ""
        if named and not (self._felt is not None and self._felt.search(thing)) and not (
            self._findings is not None and self._findings.search(named.group(1))
        ):
            return True  # a thing named and put there ("with a club behind the neck"), whatever the clause feels
        if not supported and self._round_before.search(before):
            return not self._felt_here(text, start, end, before)
        if kind != "region" or self._support_before is None:
            return False
        lo, hi = _felt_clause(text, start, end, brackets=False)
        placed = supported or (
            _UNDER_BEFORE.search(before) and self._supports is not None and self._supports.search(text, lo, start)
        )
        if placed and self._relief is not None and self._relief.search(text, lo, hi):
            return False
        # the region's own clause, not a whole list item ("open-book stretch; ... the roller under the upper back")
        return bool(placed) and not self._felt_in_clause(text, start, end)

    def _named_as_a_category(self, text: str, start: int, end: int, before: str) -> bool:
        """A body word that names its own symptom ("headache"), named as a category rather than someone's.

        Without a determiner or possessive before it, in a clause about a risk or about causes in general
        ("the level at which medication-overuse headache becomes a risk", "headaches have lots of causes").
        """
        if self._category is None or self._own_symptom is None or not self._own_symptom.search(text[start:end]):
            return False
        if _DETERMINER_BEFORE.search(before):
            return False
        lo, hi = _felt_clause(text, start, end)
        clause = text[lo:hi]
        return bool(self._category.search(clause)) and not _NAMED_LEVEL.search(clause)

    def _participle_before_a_noun(self, word: str, text: str, end: int) -> bool:
        """Whether a one-word motion in its past form describes the noun after it ("arched windows").

        A participle straight before a plain lower-case word that is not a function word, a direction, an
        adverb ("-ly") or another verb ("-ing") is used as an adjective: a shape or a posture, not a movement
        ("an arched doorway", "hunched shoulders"); "twisted round", "bent fully", "twisted reaching up" are still
        movements.
        """
        w = word.casefold()
        if not (w.endswith("ed") or w in self._irregular_past):
            return False
        nxt = _PLAIN_WORD_AFTER.match(text, end)
        if nxt is None:
            return False
        after = nxt.group(1)
        return not (after in _FUNCTION_WORDS or after.endswith(("ly", "ing")))

    def _acts_on_something_else(self, text: str, end: int) -> bool:
        """A bare motion verb followed by a thing that is not the body ("rotating the cannula")."""
        if self._other_object is None:
            return False
        obj = self._other_object.match(text, end)
        return obj is not None and obj.group(1).casefold() not in self.vocabulary.motion_objects

    def _not_theirs(self, text: str, links: list[Link]) -> list[Link]:
        """Drop the body parts and regions that belong to someone other than the person the text is about.

        The text's subject is read from the possessives before its body parts: one written at least twice
        and more often than any other ("my lower back ... my bum"; "his neck ... his shoulder" in a letter or
        a parent's message about a son). A body part after another possessive is someone else's when the
        writer tells of their own pain (a dog's "her hips are sore" among "my" body parts), or when a person
        such as "my mum", "the dog" or "Nan" is named in its clause, or in the clause before when the text has
        a subject ("Dad slipped too. His hip is sore."). A body part after the subject's own possessive is
        someone else's only where its clause names a person other than the one the text names most ("My
        brother had his neck operated on" in an email about dad; not "my son ... his lower back" in one
        about a son). Since session 8: the writer's own body part ("I've also had a dodgy neck myself") in a
        text about "him" or "her" is not the subject's; and a motion of "his", "her" or "their" body part in a
        text whose subject is "my" and which names another person is that person's ("My husband ... He still
        can't turn his head").
        """
        owners = []
        quoted = [q.span() for q in _QUOTED.finditer(text)] if _QUOTE.search(text) else []
        quote_starts = [a for a, _ in quoted]
        for link in links:
            if link.kind in ("body_area", "region"):
                q = bisect.bisect_left(quote_starts, link.start) - 1
                if q >= 0 and link.start < quoted[q][1]:
                    continue  # a patient's own words quoted in a note: "my hip" there is the patient's
                owner = _OWNER_BEFORE.search(text, max(0, link.start - 40), link.start) or _OWNER_INSIDE.search(
                    link.term
                )  # "my hip", or inside a longer body area: "low down in my back"
                mine = not owner and _MYSELF_AFTER.match(text, link.end)  # "I've had a dodgy neck myself"
                owners.append((link, owner.group(1).casefold() if owner else "myself" if mine else ""))
        if not owners:
            return links
        # the subject is read from the motions' possessives too ("twisting to look over my shoulder")
        motion_owners = [
            o.group(1).casefold() for k in links if k.kind == "motion" and (o := _OWNER_INSIDE.search(k.term))
        ]
        ranked = Counter([*(o for _, o in owners if o and o != "myself"), *motion_owners]).most_common(2)
        subject = ""
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            subject = ranked[0][0]
        dropped = set()
        main: list[str] = []  # the person the text names most, counted once (a search of the whole text)

        def main_person() -> str:
            if not main:
                main.append(self._main_person(text))
            return main[0]

        for link, owner in owners:
            before = text[max(0, link.start - 40) : link.start]
            if owner and owner == subject:
                mentioned = self._person_named(text, link.start)
                if mentioned and mentioned != main_person():
                    dropped.add(id(link))
            elif owner == "myself":
                if subject in ("his", "her"):
                    dropped.add(id(link))
            elif not owner and (has := self._person_has_a(text, link.start)) and (
                subject == "my" or has != main_person()
            ):
                dropped.add(id(link))  # "My husband has a bad neck too" in a text about the writer's own pain
            elif (owner and subject == "my") or (
                self._belongs_to_someone_else(text, link.start, before, previous=bool(subject))
            ):
                dropped.add(id(link))
        for link in links:  # a motion of someone else's body part: "He still can't turn his head" in "my" post
            mine = link.kind == "motion" and subject == "my"
            if mine and _THIRD_PERSON.search(link.term) and main_person():
                dropped.add(id(link))
        return [link for link in links if id(link) not in dropped] if dropped else links

    def _person_has_a(self, text: str, start: int) -> str:
        """The other person whose clause gives them the body part at ``start``, or "".

        "My husband has a bad neck": "husband".
        """
        if self._has_a is None:
            return ""
        m = self._has_a.search(text, max(0, start - 80), start)
        return m.group(1).casefold() if m else ""

    def _person_named(self, text: str, start: int) -> str:
        """The other person ("brother", "mum") named in the clause before ``start``, or ""."""
        if self._person is None:
            return ""
        found = self._person.findall(text, _clause_start(text, start), start)
        return found[-1].casefold() if found else ""

    def _main_person(self, text: str) -> str:
        """The other person a text names most often ("dad" in a daughter's email about her father), or ""."""
        if self._person is None:
            return ""
        ranked = Counter(w.casefold() for w in self._person.findall(text)).most_common(1)
        return ranked[0][0] if ranked else ""

    def _belongs_to_someone_else(self, text: str, start: int, before: str, previous: bool = False) -> bool:
        """Whether a body part after "his", "her" or "their" is another person's named in its clause.

        "my mum had her hip replaced"; with ``previous``, a person named in the clause before counts too
        ("My mum fell. Her hip is sore."). A clause that gives "she", "he" or "they" a body part ("Arthur's
        daughter Janet rings on Sundays. She has a bad neck herself") is read with the whole sentence before it,
        whatever the text's subject: the pronoun stands for the person named there.
        """
        if self._someone_else is None:
            return False
        lo = _clause_start(text, start)
        tail = before[-24:]
        if (" a " in tail or " an " in tail) and _THEIR_OWN_CLAUSE.search(before):
            lo = max(text.rfind(c, 0, max(0, lo - 2)) for c in ".!?\n") + 1
        elif not _WHOSE_BEFORE.search(before):
            return False
        else:
            sentence = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
            if _PRONOUN_SUBJECT.match(text, sentence):  # "She says that her headaches are better": "she" is
                lo = min(lo, max(text.rfind(c, 0, max(0, sentence - 2)) for c in ".!?\n") + 1)  # named before
            elif previous and lo > 1:
                lo = _clause_start(text, lo - 2)
        return bool(self._someone_else.search(text, lo, start))

    # --- levels ---
    def _level_links(self, text: str) -> list[Link]:
        links = []
        items = _item_numbers(text)
        for m in _LEVEL_OR_JOINT.finditer(text):
            if m.start() in items:
                continue
            if self._level_veto is not None and self._level_veto.match(text, m.end()):
                continue
            if "D" in (m.group(1), m.group(5)) and not self._dorsal_context(text, m.start()):
                continue
            l1, spaced, n1, l2, n2 = m.group(1), m.group(2), m.group(3), m.group(5) or m.group(1), m.group(6)
            l1, l2 = _DORSAL.get(l1, l1), _DORSAL.get(l2, l2)
            if m.group(4) is not None:  # two levels with only spaces between: a joint if neighbours, else two levels
                sequences = {f"{l1}{n1}".upper(), f"{l2}{n2}".upper()} <= set(self.vocabulary.sequence_names)
                try:
                    if sequences and self._in_clause(text, m.start(), m.end(), self._imaging):
                        raise LevelError("MRI sequences")
                    links.append(Link(m.group(), "joint", m.start(), m.end(), parse_segment(f"{l1}{n1}/{l2}{n2}").name))
                except LevelError:
                    links += self._single_level(text, m.start(1), m.end(3), spaced)
                    links += self._single_level(text, m.start(5), m.end(6), "")
                continue
            if n2 is None:  # a single level: capitals, no space ("s1" or "t1" in prose is too often not one)
                links += self._single_level(text, m.start(1), m.end(3), spaced)
                continue
            try:
                segment = parse_segment(f"{l1}{n1}/{l2}{n2}")
            except LevelError:
                # not a joint; a range such as "L1-L5" or "C5-7" still names its levels, if both exist
                first = self._single_level(text, m.start(1), m.end(3), spaced)  # not a label ("bays T1 to T4")
                if first and _valid(l2, n2):
                    links += first + (self._level(text, m.start(5), m.end(6)) if m.group(5) else [])
                continue
            links.append(Link(m.group(), "joint", m.start(), m.end(), segment.name))
        return links

    def _dorsal_context(self, text: str, start: int) -> bool:
        """Whether a "D" level ("D12", "D11-D12") is written among words about the spine.

        Continental reports number the thoracic (dorsal) vertebrae D1-D12; elsewhere "D3" is a vitamin
        and "D1" a day after surgery, so a D level counts only near a spine word.
        """
        words = self._dorsal_words
        return words is not None and bool(words.search(text, max(0, start - 80), start))

    def _single_level(self, text: str, start: int, end: int, spaced: str) -> list[Link]:
        """One level written alone, unless it is a label or an MRI sequence.

        Only in capitals and without a space ("s1" or "t1" in prose is too often not one); not after a
        label word ("bay C4"), nor in a clause about parking ("level L2 of the car park"), nor T1 or T2
        in a clause about imaging.
        """
        name = text[start:end]
        if not name[0].isupper() or spaced:
            return []
        if _MODEL_CODE.search(text, max(0, start - 12), start):
            return []  # the end of a product code ("Model: EP500-L2")
        if self._label_before is not None and self._label_before.search(text, max(0, start - 24), start):
            return []
        if self._in_clause(text, start, end, self._places):
            return []
        if (
            name.upper() in self.vocabulary.sequence_names
            and self._in_clause(text, start, end, self._imaging)
            and not (self._span_before is not None and self._span_before.search(text, max(0, start - 24), start))
            and not (self._level_noun_after is not None and self._level_noun_after.match(text, end))
        ):
            return []
        return self._level(text, start, end)

    @staticmethod
    def _in_clause(text: str, start: int, end: int, words: re.Pattern[str] | None) -> bool:
        """Whether the clause holding ``text[start:end]`` has one of ``words``."""
        if words is None:
            return False
        end_m = _CLAUSE_END.search(text, end)
        return bool(words.search(text, _clause_start(text, start), end_m.start() if end_m else len(text)))

    def _ordinal_links(self, text: str) -> list[Link]:
        if self._ordinal is None:
            return []
        links = []
        for m in self._ordinal.finditer(text):
            letter = self.vocabulary.ordinal_regions[re.sub(GAP, " ", m.group(3).lower())]
            first, second = _ordinal_number(m.group(1)), m.group(2)
            try:
                if second is not None:
                    target = parse_segment(f"{letter}{first}/{letter}{_ordinal_number(second)}").name
                    links.append(Link(m.group(), "joint", m.start(), m.end(), target))
                else:
                    links.append(Link(m.group(), "level", m.start(), m.end(), parse_level(f"{letter}{first}").name))
            except LevelError:
                continue
        return links

    @staticmethod
    def _level(text: str, start: int, end: int) -> list[Link]:
        name = text[start:end]
        try:
            level = parse_level(_DORSAL.get(name[0], name[0]) + name[1:])
        except LevelError:
            return []
        return [Link(text[start:end], "level", start, end, level.name)]


def _after_one_of(before: str, words: Sequence[str]) -> bool:
    """``before`` ends with one of ``words``, perhaps followed by a determiner and a side ("into your left")."""
    tail = re.findall(r"[\w']+", before.casefold())[-5:]
    if tail and tail[-1] in ("left", "right", "l", "r"):
        tail.pop()
    if tail and tail[-1] in DETERMINERS:
        tail.pop()
    said = " ".join(tail)
    return any(said == w or said.endswith(" " + w) for w in words)


def _longest_reading(phrase: str) -> int:
    """The length of a phrase read with the longest option of each ``{a|b}`` or ``[a|b]`` group.

    How far around a match the linker looks for a ``not_in`` phrase: the notation's own length would
    overstate it many times for a phrase with long alternatives, and slow every search.
    """
    return len(re.sub(r"[\[{]([^\]}]*)[\]}]", lambda g: max(g.group(1).split("|"), key=len), phrase))


def _last_bound(text: str, lo: int, start: int) -> int:
    """Just after the last mark of :data:`_FELT_BOUND` in ``text[lo:start]``, or ``lo`` when there is none.

    Found by looking back from ``start`` (a mark at the very end of the slice counts, as the pattern's
    lookaheads see the slice's end there), rather than by finding every mark from ``lo`` on.
    """
    pos = start
    while pos > lo:
        k = max(text.rfind(c, lo, pos) for c in _BOUND_CHARS)
        if k < 0:
            break
        at_end = k + 1 >= start
        c = text[k]
        if c in ";\n" or (c in "!?" and (at_end or text[k + 1] != ")")) or (
            c == "." and (at_end or text[k + 1].isspace())
        ):
            return k + 1
        pos = k
    return lo


@functools.lru_cache(maxsize=512)
def _felt_clause(text: str, start: int, end: int, brackets: bool = True) -> tuple[int, int]:
    """The bounds of the clause around ``text[start:end]`` that :meth:`Linker._felt_here` reads.

    From the last sentence mark, semicolon or line break before it to the next one after it (at most 240
    characters each way), or the bracket that holds it ("(head on the wrong side)"). Kept for the last few
    hundred calls: the checks of one match ask for the same clause several times.
    """
    lo = _last_bound(text, max(0, start - 240), start)
    nxt = _FELT_BOUND.search(text, end, end + 240)
    hi = nxt.start() if nxt else min(len(text), end + 240)
    opened, closed = text.rfind("(", lo, start), text.find(")", end, hi)
    if brackets and opened > text.rfind(")", lo, start) and closed >= 0:
        lo, hi = opened + 1, closed
    return lo, hi


def _sentence(text: str, start: int, end: int) -> str:
    """The clause around ``text[start:end]`` as :func:`_felt_clause` finds it, brackets included.

    A finding in brackets belongs to the sentence around it: "Ankle dorsiflexion limited on examination
    (calf tightness)" is an examination finding although its bracket names none.
    """
    lo, hi = _felt_clause(text, start, end, brackets=False)
    return text[lo:hi]


def _clause_start(text: str, pos: int) -> int:
    """Where the clause holding ``pos`` begins: just after the last clause mark before it (or 0).

    Searches back from ``pos`` only as far as that mark, so a long document is not rescanned from its
    start for every candidate (it was, and that made finding links quadratic in the text's length).
    """
    return max(text.rfind(c, 0, pos) for c in _CLAUSE_MARKS) + 1


_QUOTES = str.maketrans(dict.fromkeys('"\u201c\u201d\u201e', " "))
"""Double quotation marks, read as spaces (same length) where a not_in phrase is looked for."""
_QUOTE = re.compile('["\u201c\u201d\u201e]')
_QUOTED = re.compile('["\u201c\u201e][^"\u201c\u201d\u201e\n]{3,400}["\u201d]')
"""Words in double quotation marks, within a line: someone's own words quoted."""

_SUPPORT_PLACES = "under|underneath|beneath|between|for|behind|supporting"
"""After a support word and a few words: where the support goes ("a pillow for his neck")."""

_DORSAL = {"D": "T"}
"""The continental letter for a thoracic (dorsal) vertebra."""


_ITEM = re.compile(r"^[ \t]*([A-Z])([0-9]{1,2})([.)])[ \t]", re.MULTILINE)


def _item_numbers(text: str) -> set[int]:
    """Where a line opens with the number of a form's item ("C1. What is ...", "C2. Describe ...").

    A letter and a number that open a line, with a full stop or bracket, number an item when lines open
    with the same letter and mark for every number from 1 up to it and at least one more: a form's
    numbered series. A report that heads its lines with levels ("C5. Normal.", "C6. Normal.") does not
    number them from C1, and a joint ("L4-5: ...") is never an item.
    """
    found = [(m.start(1), m.group(1), int(m.group(2)), m.group(3)) for m in _ITEM.finditer(text)]
    keys = {(letter, n, mark) for _, letter, n, mark in found}

    def run(letter: str, mark: str) -> int:
        n = 0
        while (letter, n + 1, mark) in keys:
            n += 1
        return n

    return {start for start, letter, n, mark in found if 2 <= run(letter, mark) and n <= run(letter, mark)}


def _valid(letter: str, number: str) -> bool:
    try:
        parse_level(f"{letter}{number}")
    except LevelError:
        return False
    return True


def _inside_rejected(links: list[Link], rejected: list[tuple[int, int]]) -> list[Link]:
    """Drop the regions and body areas inside a longer body area that the context ruled out.

    A longer body area the context rules out takes its inner words with it: the needle site "at the side of
    your neck" is not the cervical region either.
    """
    if not rejected:
        return links
    spans = sorted(rejected)
    starts = [a for a, _ in spans]

    def inside(k: Link) -> bool:  # only spans starting a little before the link can hold it (a body area is short)
        near = spans[bisect.bisect_left(starts, k.start - 80) : bisect.bisect_right(starts, k.start)]
        return any(k.end <= b and (k.start, k.end) != (a, b) for a, b in near)

    return [k for k in links if k.kind not in ("region", "body_area") or not inside(k)]


def _longest_first(links: Sequence[Link]) -> list[Link]:
    """Drop overlapping links, keeping the longer (the earlier when equal)."""
    kept: list[Link] = []
    for link in sorted(links, key=lambda k: (k.start, -(k.end - k.start))):
        if kept and link.start < kept[-1].end:
            if link.end - link.start > kept[-1].end - kept[-1].start:
                kept[-1] = link
            continue
        kept.append(link)
    return kept


_ANSWER = re.compile(r"[ \t]*A[:.][ \t]")
_QUESTION_BEFORE = re.compile(r"^[ \t]*Q[:.][ \t]*([^\n]*)\n(?:[ \t]*\n)?$", re.MULTILINE)
"""The question line just before a line that answers it (flashcards, FAQs)."""
_PLACED_OBJECT = re.compile(
    rf"(?<!\w)(?:a|an)((?:{GAP}[\w\-]+){{1,2}}){GAP}(?:behind|round|around|across){GAP}"
    rf"(?:(?:the|my|your|his|her|their|our){GAP})?(?:(?:left|right){GAP})?$", re.IGNORECASE
)
"""A thing named and put behind, round or across a body part ("a club behind the neck", "a pole across her
shoulders"); the thing is not a symptom ("a sharp pain across my shoulders" is read as felt)."""
_AS_FAR_AS = re.compile(
    rf"(?<!\w)as{GAP}far{GAP}as{GAP}(?:(?:the|my|your|his|her|their){GAP})?(?:(?:left|right){GAP})?$", re.IGNORECASE
)
_NEGATION_BEFORE = re.compile(rf"(?<!\w)(?:not|never|no){GAP}$", re.IGNORECASE)
_MODEL_CODE = re.compile(r"[A-Za-z]{2,}[0-9]+[\-/]$")
"""Letters and digits then a hyphen, just before a level: a product code ("EP500-L2"), not a vertebra."""
_NOUN_BEFORE = re.compile(
    rf"(?<!\w)(?:in|by|a|an|the|your|my|his|her|their|our|each|next|whose){GAP}$", re.IGNORECASE
)
"""Before a plain verb of movement: the word is a noun ("in turn", "your turn")."""
_OBJECT_BEFORE = re.compile(rf"(?<!\w)(?:a|an)(?:{GAP}[\w\-]+){{1,2}}{GAP}$", re.IGNORECASE)
"""Before "across", "round" ...: a thing put there ("a pole across her shoulders"), not a symptom's path."""
_YOUR = re.compile(r"(?<!\w)your(?!\w)", re.IGNORECASE)
_FEEL = re.compile(r"(?<!\w)feel(?:s|ing)?(?!\w)", re.IGNORECASE)

_PHRASAL = frozenset({"out", "up", "off", "on", "into", "down", "in", "over", "away", "against", "back"})
"""After a plain verb of movement, particles that make it another verb ("turned out", "turn up", "turn in")."""

_LANDMARK_BEFORE = re.compile(
    rf"(?<!\w)(?:(?:lower|higher){GAP}than|above|level{GAP}with|(?:fits?|sits?){GAP}into{GAP}the{GAP}curve{GAP}of)"
    rf"{GAP}(?:(?:the|your|my|his|her|their){GAP})?$",
    re.IGNORECASE,
)
"""Before a region, a height or fit an object is set by ("no lower than the small of the back", "just above the
belt line", "fits into the curve of your lower back"): a landmark, unless its clause says something is felt."""
_THEIR_OWN_CLAUSE = re.compile(
    rf"(?:(?:^|[.;:!?\n]|\b(?:and|but|so))[ \t]*(?:she|he|they){GAP}"
    rf"(?:has|had|have|'s|’s|has{GAP}got|'s{GAP}got|’s{GAP}got)"
    rf"|(?<!\w)(?:him|her|them)){GAP}(?:a|an){GAP}(?:[\w\-]+{GAP})?$",
    re.IGNORECASE,
)
"""A clause that gives "she", "he" or "they" a body part ("She has a bad neck herself", "the carrier gives him a
bad neck"): that person's, where the sentence before names someone other than the text's subject."""
_REPORTED_FINDING = re.compile(
    rf"(?<!\w)(?:she|he|they|physio|physiotherapist|doctor|gp|osteo|osteopath|chiro|chiropractor|consultant|therapist"
    rf"|nurse|coach|surgeon)(?:{GAP}[\w']+)?{GAP}(?:said|says|told|tells|thinks|thought|found|finds|reckons|reckoned"
    rf"|noticed|mentioned|felt)(?!\w)",
    re.IGNORECASE,
)
"""Someone else reporting what they found ("She said my hamstrings are tight"): a finding said of the body part
after it ("are tight", "was stiff") is theirs, not a symptom the person feels."""
_MYSELF_AFTER = re.compile(rf"(?:{GAP}[\w']+){{0,3}}?{GAP}myself(?!\w)", re.IGNORECASE)
"""After a body part, "myself" within a few words: the writer's own ("a dodgy neck myself for years")."""
_TITLE_WORD_BEFORE = re.compile(r"(?:(?<!\w)[A-Z][a-z']+|&)[ \t]+$")
_TITLE_WORD_AFTER = re.compile(r"[ \t]+([A-Z][a-z]+)(?!\w)")
"""Capitalised words on either side of a body word: a name in title case ("Indian Head Massage")."""
_TITLE_SYMPTOM = re.compile(
    r"pains?|aches?|aching|sore|soreness|stiffness|numbness|tingling|symptoms?|problems?|trouble|issues?|injur(?:y|ies)"
    r"|headaches?|discomfort|spasms?|referral",
    re.IGNORECASE,
)
"""After a capitalised body word: a heading about the symptom there ("Right Hip Pain"), not a name."""
_PLAIN_WORD_AFTER = re.compile(r"[ ]([a-z]+)(?![\w'\-])")
_FUNCTION_WORDS = frozenset(
    "to round around over forward forwards back backward backwards backwards up down sideways double and or but nor "
    "the a an my your his her their our its this that these those at in on into onto from with by for of as when "
    "while if so then too again all right left still it him them me us you is was were are be been am more less "
    "further towards toward away off out through across past than like until till after before during because "
    "since once just even only also not no very quite rather some any each both either every which who whom "
    "whose what where there here how why she he they we i".split()
)
"""Words after a past form that keep it a verb ("twisted round", "bent over and", "arched to the left")."""
_WHERE = re.compile(r"(?<!\w)where(?!\w)", re.IGNORECASE)
_OWNER_INSIDE = re.compile(r"(?<!\w)(my|his|her|their)(?!\w)", re.IGNORECASE)
"""A possessive inside a link's own words ("low down in my back", "turn his head")."""
_THIRD_PERSON = re.compile(r"(?<!\w)(?:his|her|their)(?!\w)", re.IGNORECASE)
_UNDER_BEFORE = re.compile(rf"(?<!\w)(?:under|underneath|beneath|behind){GAP}(?:[\w']+{GAP})?$", re.IGNORECASE)
"""Just before a region: a place under or behind it, where a support named earlier in the clause goes."""
_PRONOUN_SUBJECT = re.compile(r"[ \t\"\u201c]*(?:she|he|they)(?:['\u2019]s)?(?!\w)", re.IGNORECASE)
"""A sentence that opens with "she", "he" or "they": the person is the one named in the sentence before."""
_OWNER_BEFORE = re.compile(
    rf"(?<!\w)(my|his|her|their)(?:{GAP}own)?(?:{GAP}(?:left|right))?{GAP}(?:[\w\-]+,?{GAP}(?:and|or){GAP})?$",
    re.IGNORECASE,
)
"""The possessive that owns a body part, also the second of two ("her hands and neck")."""


_PURPOSE = re.compile(rf"{GAP}to{GAP}$", re.IGNORECASE)


def _joined_purposes(text: str, links: list[Link]) -> list[Link]:
    """One motion link for a movement and its purpose when both name the same motion.

    "tipping the head back to look at the ceiling", "bend forward to touch your toes": one movement,
    said twice, is one link.
    """
    out: list[Link] = []
    for link in links:
        prev = out[-1] if out else None
        if (
            prev is not None and link.kind == prev.kind == "motion" and link.target == prev.target
            and _PURPOSE.fullmatch(text, prev.end, link.start)
        ):
            out[-1] = Link(text[prev.start : link.end], "motion", prev.start, link.end, link.target)
            continue
        out.append(link)
    return out


@cache
def _default_linker() -> Linker:
    return Linker(Vocabulary.default())


def find_links(text: str) -> list[Link]:
    """Return the links in ``text`` found with the shipped vocabulary (see :class:`Linker`)."""
    return Linker.default().find(text)


# ------------------------------------------------------------------------------------------------- HTML

_TOKEN = re.compile(r"<!--.*?-->|<(?:\"[^\"]*\"|'[^']*'|[^'\">])*>", re.DOTALL)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
_SKIP_INSIDE = frozenset({"a", "code", "pre", "kbd", "samp", "script", "style", "textarea", "title"})


def link_html(html: str, linker: Linker | None = None) -> str:
    """Wrap every term found in the text of ``html`` in ``<a href="spineviz:KIND/TARGET">``.

    Only text between tags changes: tag attributes, existing links and code are left alone. A term
    split by markup ("lower <em>back</em>") is not found.

    Parameters
    ----------
    html
        Sanitised HTML (see :func:`spineviz.content.sanitize.sanitize`).
    linker
        Defaults to :meth:`Linker.default`.
    """
    linker = linker or Linker.default()
    out: list[str] = []
    skip: dict[str, int] = dict.fromkeys(_SKIP_INSIDE, 0)
    pos = 0
    for m in _TOKEN.finditer(html):
        out.append(_link_text(html[pos : m.start()], linker, any(skip.values())))
        out.append(m.group())
        tag = _TAG_NAME.match(m.group())
        if tag and tag.group(2).lower() in skip and not m.group().rstrip(">").endswith("/"):
            name = tag.group(2).lower()
            skip[name] = max(0, skip[name] + (-1 if tag.group(1) else 1))
        pos = m.end()
    out.append(_link_text(html[pos:], linker, any(skip.values())))
    return "".join(out)


def _link_text(raw: str, linker: Linker, skip: bool) -> str:
    if skip or not raw.strip():
        return raw
    text = _html.unescape(raw)
    links = linker.find(text)
    if not links:
        return raw
    pieces, pos = [], 0
    for link in links:
        pieces.append(_html.escape(text[pos : link.start], quote=False))
        pieces.append(f'<a href="{_html.escape(link.href)}">{_html.escape(link.term, quote=False)}</a>')
        pos = link.end
    pieces.append(_html.escape(text[pos:], quote=False))
    return "".join(pieces)
