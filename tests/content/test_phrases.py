"""The phrase notation: one written phrase stands for the ways people write it."""

from __future__ import annotations

import re

import pytest

from spineviz.content.phrases import PhraseError, phrase_key, phrase_regex, phrases_pattern, plural, sample, verb_forms


@pytest.mark.parametrize(
    ("lemma", "irregular", "forms"),
    [
        ("bend", ["bent"], {"bend", "bends", "bending", "bent"}),
        ("tip", [], {"tip", "tips", "tipping", "tipped"}),
        ("rotate", [], {"rotate", "rotates", "rotating", "rotated"}),
        ("hunch", [], {"hunch", "hunches", "hunching", "hunched"}),
        ("look", [], {"look", "looks", "looking", "looked"}),
    ],
)
def test_verb_forms(lemma, irregular, forms):
    assert forms <= set(verb_forms(lemma, irregular))


@pytest.mark.parametrize(
    ("word", "expected"),
    [("cyst", "cysts"), ("calf", "calves"), ("arthropathy", "arthropathies"), ("stenosis", "stenosises")],
)
def test_plural(word, expected):
    assert plural(word) == expected


@pytest.mark.parametrize(
    ("phrase", "matches", "misses"),
    [
        ("turn* the head", ["turning my head", "turned her left head", "turns your head"], ["turn head", "turning"]),
        ("turn* [the] head", ["turn head", "turn the head"], ["turning"]),
        ("lumbo-sacral", ["lumbosacral", "lumbo sacral", "lumbo-sacral", "lumbo\nsacral"], ["lumbo"]),
        ("bend* {forward|over}", ["bent over", "bending forward"], ["bend", "bending down"]),
        ("modic [type #] change", ["Modic change", "modic type 1 changes", "Modic type II change"], ["modic"]),
        ("back of the thigh", ["back of my left thigh", "back of the thighs"], ["back of thigh"]),
    ],
)
def test_notation(phrase, matches, misses):
    pattern = phrases_pattern([phrase], {"bend": ("bent",)}, plural_last=True)
    for text in matches:
        assert pattern.fullmatch(text), (phrase, text)
    for text in misses:
        assert not pattern.fullmatch(text), (phrase, text)


def test_keys_and_samples():
    assert phrase_key("side bend") == phrase_key("side-bend") == phrase_key("Side Bend")
    assert phrase_key("back of the thigh") == phrase_key("back of my thigh")
    assert sample("bend* [down] {to|towards} the side") == "bend to the side"


@pytest.mark.parametrize("bad", ["[the]", "turn [the head", "a {} b", "   "])
def test_bad_phrases_are_refused(bad):
    with pytest.raises(PhraseError):
        phrases_pattern([bad])


def test_first_words():
    from spineviz.content.phrases import first_words

    assert first_words("turn* [the] head") == {"turn", "turns", "turning", "turned"}
    # a first word may carry its plural (a one-word phrase can be plural): more candidates, never fewer
    assert {"spinal", "back", "trunk"} <= first_words("{spinal|back|trunk} extension")
    assert {"facet", "joint"} <= first_words("[facet] joint effusion")
    assert {"lumbo", "lumbosacral"} <= first_words("lumbo-sacral")
    assert "shoulders" in first_words("shoulder")
    assert first_words("# weeks") is None


def test_bare_phrases_may_leave_out_a_determiner_after_their_first_word():
    """Notes and forms drop determiners ("turn head to L", "base of skull", "top of R shoulder")."""
    bare = phrases_pattern(["turn* the head", "top of the shoulder"], bare=True)
    for text in ("turn head", "turned her head", "top of R shoulder", "top of shoulder", "top of my left shoulder"):
        assert bare.fullmatch(text), text
    strict = phrases_pattern(["turn* the head", "top of the shoulder"])
    assert not strict.fullmatch("turn head") and not strict.fullmatch("top of R shoulder")
    # a phrase's first determiner stays required, so a phrase is still only tried where its first word is
    assert not phrases_pattern(["the small of the back"], bare=True).fullmatch("small of back")


def test_the_last_group_takes_plurals_and_a_verb_a_word_of_manner():
    """Session 8: "{backward|backwards} {bend|lean}" finds "backward bends"; "lean* to the side" finds "lean
    slowly to the side" (a vocabulary phrase only), but not "leaning only" nor a not_in idiom with a word added."""
    plural_group = re.compile(phrase_regex("{backward|backwards} {bend|lean}", plural_last=True), re.IGNORECASE)
    assert plural_group.fullmatch("backward bends") and plural_group.fullmatch("backwards leans")
    manner = re.compile(phrase_regex("lean* to the side", bare=True), re.IGNORECASE)
    assert manner.fullmatch("lean slowly to the side") and manner.fullmatch("leaning gently to the side")
    assert not manner.fullmatch("lean only to the side")
    assert not re.compile(phrase_regex("lean* to the side"), re.IGNORECASE).fullmatch("lean slowly to the side")


def test_short_forms_match_where_the_word_does():
    from spineviz.content.phrases import with_abbreviations

    short = {"forward": ("fwd",), "cervical": ("cx",)}
    assert with_abbreviations("bend* {forward|over}", short) == "bend* {forward|fwd|over}"
    assert with_abbreviations("cervical spine", short) == "{cervical|cx} spine"
    pattern = phrases_pattern([with_abbreviations("lean* [slightly] {forward|over}", short)])
    assert pattern.search("leaning fwd on the trolley")
    assert not pattern.search("leaning fw on the trolley")
