"""Person names: titles, possessives, transliteration-tolerant comparison. Pure functions."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def words(text: str) -> list[str]:
    """The whitespace-separated words of a long literal (keeps word lists readable)."""
    return text.split()


#: Honorifics and titles that precede a name; the value is the gender they imply, if any.
HONORIFICS: dict[str, str | None] = {
    "mr": "m", "mister": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m",
    "sheikh": "m", "emir": "m", "sultan": "m", "pope": "m", "father": "m", "brother": "m",
    "mme": "f", "mlle": "f", "frau": "f", "senora": "f", "herr": "m", "senor": "m",
    "mrs": "f", "ms": "f", "miss": "f", "madam": "f", "madame": "f", "dame": "f", "lady": "f",
    "queen": "f", "princess": "f", "sister": "f", "mother": "f",
    "dr": None, "prof": None, "professor": None, "rev": None, "reverend": None,
}  # fmt: skip

#: Role nouns used as titles before a name or as descriptions of a person ("the president").
ROLE_NOUNS = frozenset(
    words(
        """
    president minister premier chancellor spokesman spokeswoman spokesperson leader
    governor mayor general commander ambassador secretary senator sen rep representative
    congressman congresswoman chief head director chairman chairwoman chair ceo envoy
    prosecutor judge justice lawyer attorney official officer colonel col lt lieutenant
    major maj capt captain sgt sergeant admiral marshal gen adviser advisor aide deputy
    lawmaker mp president-elect king queen prince princess monarch dictator ruler
    commissioner inspector sheriff coach founder owner pastor bishop archbishop cardinal
    imam rabbi activist analyst economist researcher scientist professor author
    spokesperson vice-president vp candidate nominee gov
    """
    )
)

#: Role nouns that imply a gender.
ROLE_GENDER = {
    "spokesman": "m", "spokeswoman": "f", "chairman": "m", "chairwoman": "f",
    "congressman": "m", "congresswoman": "f", "king": "m", "queen": "f", "prince": "m",
    "princess": "f", "businessman": "m", "businesswoman": "f",
}  # fmt: skip

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_TRANSLIT = (
    ("yy", "i"), ("iy", "i"), ("ij", "i"), ("ii", "i"), ("y", "i"), ("kh", "h"), ("w", "v"),
    ("ph", "f"), ("ou", "u"), ("ck", "k"), ("dzh", "j"), ("zh", "j"), ("tch", "ch"),
)  # fmt: skip


def strip_possessive(name: str) -> str:
    return _POSSESSIVE.sub("", name.strip())


@lru_cache(maxsize=65536)
def plain(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=65536)
def translit_key(word: str) -> str:
    """A spelling-tolerant key: Zelenskiy, Zelensky and Zelenskyy all give "zelenski"."""
    key = re.sub(r"[^a-z]", "", plain(word))
    for a, b in _TRANSLIT:
        key = key.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", key)


def skeleton(word: str) -> str:
    """Consonant skeleton of the key: Vladimir and Volodymyr both give "vldmr"."""
    return re.sub(r"[aeiou]", "", translit_key(word))


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def similarity(a: str, b: str) -> float:
    """1 - normalised edit distance between transliteration keys (1.0 = same key)."""
    ka, kb = translit_key(a), translit_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    return 1.0 - edit_distance(ka, kb) / max(len(ka), len(kb))


def same_word(a: str, b: str, threshold: float) -> bool:
    return similarity(a, b) >= threshold


def first_names_compatible(a: str, b: str, threshold: float) -> bool:
    """Same first name, an initial of it ("V." / "Vladimir"), or a transliteration of it."""
    ka, kb = translit_key(a), translit_key(b)
    if not ka or not kb:
        return True
    if ka == kb or (len(ka) == 1 and kb.startswith(ka)) or (len(kb) == 1 and ka.startswith(kb)):
        return True
    return similarity(a, b) >= threshold or (len(ka) > 3 and skeleton(a) == skeleton(b))


def is_name_word(word: str) -> bool:
    return bool(word) and word[0].isupper() and any(c.isalpha() for c in word)
