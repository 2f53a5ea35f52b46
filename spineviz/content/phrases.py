r"""Phrase patterns for the linker: one written phrase stands for the ways people write it.

A vocabulary phrase is a few words with a small notation, compiled here to a regular expression:

- a space between words matches any run of spaces, line breaks, hyphens and dashes ("low back" finds
  "low-back" and "low\\nback"); a hyphen matches that too or nothing ("lumbo-sacral" finds
  "lumbosacral", "lumbo sacral" and "lumbo-sacral");
- a word ending in ``*`` is a verb and matches its inflections ("bend*": bend, bends, bending, bent;
  regular forms are made by rule, irregular ones come from the vocabulary's ``[verbs]``);
- a determiner ("the", "your", "my", "her", "each", "one", …) matches any determiner, optionally
  followed by "left" or "right" ("back of the thigh" finds "back of my left thigh");
- ``[…]`` marks optional words ("facet [joint] arthropathy"), ``{a|b}`` required alternatives
  ("bend* {forward|forwards}"), ``a|b`` inside ``[…]`` optional ones, and ``#`` a small number or
  Roman numeral ("Modic type # change");
- with ``plural``, the last word also matches its plural ("synovial cyst" finds "synovial cysts"), also
  when it is a group ("{backward|backwards} {bend|lean}" finds "backward bends");
- in a vocabulary phrase (``bare``), a word of manner may follow a verb ("lean* to the side" finds "lean
  slowly to the side").

Everything is matched case-insensitively as whole words. :func:`phrase_key` gives the form used to
spot the same phrase listed twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

GAP = r"[\s\-\u2010-\u2015]+"
"""Between the words of a phrase: spaces, line breaks, hyphens, dashes."""

DETERMINERS = (
    "the", "your", "my", "his", "her", "their", "our", "one's", "each", "either", "both", "one", "a", "an",
    "this", "that",
)
_DET = "(?:" + "|".join(d.replace("'", "['\u2019]") for d in DETERMINERS) + rf")(?:{GAP}(?:left|right))?"
_SIDE = r"(?:left|right|l|r)"
"""A side written where a determiner would be ("top of R shoulder")."""
_NUMBER = r"(?:[0-9]{1,2}|i{1,3}|iv)"
_MANNER = r"(?-i:[a-z]{2,}ly)(?<!only)(?<!early)"
"""A word of manner after a verb ("lean slowly to one side"), which a written phrase need not list."""
_TOKEN = re.compile(r"\[[^\[\]{}]*\]|\{[^\[\]{}]*\}|[^\s\[\]{}]+|\s+|.")


class PhraseError(ValueError):
    """A phrase that cannot be compiled; the message names it."""


def plural(word: str) -> str:
    """The regular English plural of a noun ("cyst" → "cysts", "calf" → "calves", "arthropathy" → …ies)."""
    w = word.lower()
    if w.endswith(("s", "sh", "ch", "x", "z")):
        return word + "es"
    if w.endswith("f") and not w.endswith("ff"):
        return word[:-1] + "ves"
    if re.search(r"[^aeiou]y$", w):
        return word[:-1] + "ies"
    return word + "s"


def verb_forms(lemma: str, irregular: Iterable[str] = ()) -> tuple[str, ...]:
    """A verb's forms: the lemma, third person, -ing and -ed by the regular rules, plus ``irregular``."""
    w = lemma.lower()
    third = lemma + "es" if w.endswith(("s", "sh", "ch", "x", "z", "o")) else (
        lemma[:-1] + "ies" if re.search(r"[^aeiou]y$", w) else lemma + "s"
    )
    stem = lemma
    if w.endswith("e") and not w.endswith("ee"):
        stem = lemma[:-1]
    elif re.search(r"(?:^|[^aeiou])[aeiou][^aeiouwxy]$", w) and len(re.findall(r"[aeiou]+", w)) == 1:
        stem = lemma + lemma[-1]  # one syllable ending consonant-vowel-consonant: tip → tipping
    past = stem + "ed" if not w.endswith("e") else lemma + "d"
    if re.search(r"[^aeiou]y$", w):
        past = lemma[:-1] + "ied"
    return tuple(dict.fromkeys((lemma, third, stem + "ing", past, *irregular)))


def _word(word: str, verbs: Mapping[str, tuple[str, ...]], last: bool, with_plural: bool) -> str:
    if word == "#":
        return _NUMBER
    if word.lower() in DETERMINERS:
        return _DET
    if word.endswith("*"):
        lemma = word[:-1]
        forms = verb_forms(lemma, verbs.get(lemma.lower(), ()))
        return "(?:" + "|".join(_literal(f) for f in sorted(forms, key=len, reverse=True)) + ")"
    if last and with_plural and not word.lower().endswith("s"):
        return f"(?:{_literal(plural(word))}|{_literal(word)})"
    return _literal(word)


def _literal(word: str) -> str:
    parts = [re.escape(p).replace("'", "['\u2019]") for p in word.split("-")]
    return f"(?:{GAP})?".join(parts)


def phrase_regex(
    phrase: str, verbs: Mapping[str, tuple[str, ...]] | None = None, plural_last: bool = False, bare: bool = False
) -> str:
    """The regular expression (no anchors) for one vocabulary phrase in the notation above.

    With ``bare``, a determiner after the first word may be left out, or written as a side alone, as notes
    and forms do ("turn head to L", "base of skull", "top of R shoulder"). Never for a ``not_in`` phrase, whose
    determiners are part of an idiom ("a pain in the neck").
    """
    verbs = verbs or {}
    tokens = [t for t in _TOKEN.findall(phrase.strip()) if not t.isspace()]
    if not tokens:
        raise PhraseError(f"empty phrase {phrase!r}")
    words_at = [i for i, t in enumerate(tokens) if not t.startswith("[")]
    groups = {"[": True, "{": False}  # optional, required
    if not words_at:
        raise PhraseError(f"phrase {phrase!r} has no word outside []")
    items: list[tuple[str, bool]] = []  # (regex, optional)
    for i, tok in enumerate(tokens):
        if tok[0] in groups and len(tok) > 1:
            inner = tok[1:-1].strip()
            if not inner:
                raise PhraseError(f"empty {tok} in phrase {phrase!r}")
            # the last word may be a group ("{backward|backwards} {bend|lean}"): its options take plurals too
            last = plural_last and i == words_at[-1]
            options = "|".join(phrase_regex(o, verbs, last, bare=bare and i > 0) for o in inner.split("|"))
            items.append((f"(?:{options})", groups[tok[0]]))
        elif any(c in tok for c in "[]{}"):
            raise PhraseError(f"unbalanced [] in phrase {phrase!r}")
        elif bare and i > 0 and tok.lower() in DETERMINERS:
            items.append((f"(?:{_DET}|{_SIDE})", True))
        else:
            items.append((_word(tok, verbs, i == words_at[-1], plural_last), False))
            if bare and tok.endswith("*") and i < len(tokens) - 1:
                items.append((_MANNER, True))  # "lean slowly to one side", "tilts gently back"
    out: list[str] = []
    started = False
    for regex, optional in items:
        if not started:
            out.append(f"(?:{regex}{GAP})?" if optional else regex)
            started = not optional
        else:
            out.append(f"(?:{GAP}{regex})?" if optional else GAP + regex)
    return "".join(out)


def sample(phrase: str) -> str:
    """One plain text the phrase matches: optional words left out, the first of each alternative."""
    out = []
    for tok in _TOKEN.findall(phrase.strip()):
        if tok.isspace() or tok.startswith("["):
            continue
        word = tok[1:-1].split("|")[0] if tok.startswith("{") else tok
        out.append(word.rstrip("*").replace("#", "1"))
    return " ".join(out)


def first_words(phrase: str, verbs: Mapping[str, tuple[str, ...]] | None = None) -> frozenset[str] | None:
    """The lower-case words (runs of letters and digits) a match of the phrase can start with.

    None when it can start with any word (a leading ``#``). The linker only tries a phrase where the text
    has one of these words, which keeps a search over dozens of phrases as fast as one.
    """
    verbs = verbs or {}
    tokens = [tok for tok in _TOKEN.findall(phrase.strip()) if not tok.isspace()]
    out: set[str] = set()
    for tok in tokens:
        optional = tok.startswith("[")
        if tok[0] in "[{" and len(tok) > 1:
            for option in tok[1:-1].split("|"):
                words = first_words(option, verbs)
                if words is None:
                    return None
                out |= words
        else:
            words = _token_first_words(tok, verbs)
            if words is None:
                return None
            out |= words
        if not optional:
            return frozenset(out)
    return frozenset(out)


def _token_first_words(tok: str, verbs: Mapping[str, tuple[str, ...]]) -> frozenset[str] | None:
    low = tok.lower()
    if low == "#":
        return None
    if low in DETERMINERS:
        forms: Iterable[str] = DETERMINERS
    elif low.endswith("*"):
        forms = verb_forms(low[:-1], verbs.get(low[:-1], ()))
    else:
        forms = (low, plural(low))  # a one-word phrase may be plural
    # a hyphen matches nothing too: "back-bend*" starts "backbends" as well as "back bends"
    return frozenset(w for f in forms for g in (f, f.replace("-", "")) for w in re.findall(r"\w+", g)[:1])


def with_abbreviations(phrase: str, abbreviations: Mapping[str, tuple[str, ...]]) -> str:
    """The phrase with each word that has shorthand forms ("forward": "fwd") matching them too.

    A plain word becomes a group ("bend* {forward|fwd}"); an option inside a group gains the forms as options
    ("{forward|fwd|forwards|fwds|over}"). Verbs (``*``) and determiners are left alone.
    """
    if not abbreviations:
        return phrase
    out: list[str] = []
    for tok in _TOKEN.findall(phrase):
        if tok[0] in "[{" and len(tok) > 1:
            options = [o for w in tok[1:-1].split("|") for o in _short_forms(w, abbreviations)]
            out.append(tok[0] + "|".join(options) + tok[-1])
        elif not tok.isspace() and tok.casefold() in abbreviations:
            out.append("{" + "|".join(_short_forms(tok, abbreviations)) + "}")
        else:
            out.append(tok)
    return "".join(out)


def _short_forms(option: str, abbreviations: Mapping[str, tuple[str, ...]]) -> list[str]:
    words = option.split(" ")
    if len(words) != 1 or option.casefold() not in abbreviations:
        return [option]
    return [option, *abbreviations[option.casefold()]]


def phrase_key(phrase: str) -> str:
    """A phrase folded for spotting duplicates: lower case, no spaces or hyphens, determiners alike."""
    words = re.split(GAP, phrase.casefold().strip())
    return "".join("<det>" if w in DETERMINERS else w for w in words)


def phrases_pattern(
    phrases: Iterable[str],
    verbs: Mapping[str, tuple[str, ...]] | None = None,
    plural_last: bool = False,
    bare: bool = False,
) -> re.Pattern[str]:
    """One case-insensitive whole-word pattern for ``phrases``, longer phrases tried first.

    ``bare``: a determiner after a phrase's first word may be left out (see :func:`phrase_regex`).
    """
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    if not ordered:
        return re.compile(r"(?!)")
    body = "|".join(phrase_regex(p, verbs, plural_last, bare) for p in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
