"""Person names: titles, possessives, transliteration-tolerant comparison. Pure functions."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
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


# -- the parts of a person's name ------------------------------------------------------------

#: Lower-case particles that belong to the family name after them ("Osama bin Laden" ->
#: surname "bin Laden", "Gaetano Lo Presti" -> "Lo Presti", "Charles de Gaulle" -> "de Gaulle").
PARTICLES = frozenset(
    words("al el bin ibn bint ben van von der den ter de da di du del della dos das la le lo")
)
#: Generational suffixes after a name ("Arcade Joseph Comeaux Jr.", "W. Mark Felt Sr.").
NAME_SUFFIXES = frozenset(words("jr sr ii iii iv"))
#: An article prefix written onto an Arabic family name: "al-Bashir", "el-Sisi", "Al-Assad".
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ul|ad|ar|as|ash|at|az|an)[-‐‑’']", re.IGNORECASE)
_INITIAL = re.compile(r"^[A-Za-z]\.?$|^(?:[A-Z]\.){2,}$")
_QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]*)[\"“”«»]|\(([^)]*)\)")


def is_initial(word: str) -> bool:
    """ "J.", "J", "J.R.": a given name written as its initial(s)."""
    return bool(_INITIAL.match(word))


def is_particle(word: str) -> bool:
    """A name particle that belongs to the family name after it: "bin", "al", "van", "de",
    also capitalised ("Gaetano Lo Presti", "Bin Laden")."""
    return word.lower() in PARTICLES


@dataclass(frozen=True)
class PersonName:
    """A person's name cut into its parts; honorifics, titles, nicknames in quotes and
    generational suffixes are dropped."""

    given: tuple[str, ...]  # given names and initials as written ("W.", "Mark")
    surname: str  # with its particles: "bin Laden", "al-Bashir", "Lo Presti"

    @property
    def surname_key(self) -> str:
        """The family name without particles, spelling-tolerant: "al-Bashir", "Bashir" ->
        "bashir"; "bin Laden" -> "laden"; "Zelenskyy" -> "zelenski"."""
        parts = [w for w in self.surname.split() if w.lower() not in PARTICLES]
        core = "".join(_ARTICLE_PREFIX.sub("", w) for w in parts) or self.surname
        return translit_key(core)

    def text(self) -> str:
        return " ".join([*self.given, self.surname])


def _tidy(word: str) -> str:
    return word.strip(",;:")


@lru_cache(maxsize=65536)
def parse_person_name(text: str) -> PersonName:
    """Cut a person's name: "Dr. Omar Hassan al-Bashir" -> given ("Omar", "Hassan"), surname
    "al-Bashir"; "Osama bin Laden" -> ("Osama",), "bin Laden"; "Donald J. Trump" ->
    ("Donald", "J."), "Trump"; "Vincent "The Chin" Gigante" -> ("Vincent",), "Gigante"."""
    text = _QUOTED.sub(" ", strip_possessive(text))
    tokens = [t for t in (_tidy(w) for w in text.split()) if t and any(c.isalnum() for c in t)]
    while len(tokens) > 1 and tokens[0].lower().rstrip(".") in HONORIFICS.keys() | ROLE_NOUNS:
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1].lower().rstrip(".") in NAME_SUFFIXES:
        tokens = tokens[:-1]
    if not tokens:
        return PersonName((), text.strip())
    start = len(tokens) - 1
    while start > 0 and is_particle(tokens[start - 1]):
        start -= 1  # "bin Laden", "Lo Presti", "de la Vega": one surname
    return PersonName(tuple(tokens[:start]), " ".join(tokens[start:]))


def _given_pair(a: str, b: str, threshold: float) -> bool:
    if is_initial(a) or is_initial(b):
        return plain(a)[:1] == plain(b)[:1]
    return first_names_compatible(a, b, threshold)


def _genders_differ(a: str, b: str) -> bool:
    from claimgraph.extract.gender import first_name_gender

    if is_initial(a) or is_initial(b):
        return False
    ga, gb = first_name_gender(a), first_name_gender(b)
    return ga is not None and gb is not None and ga != gb


def given_compatible(a: tuple[str, ...], b: tuple[str, ...], threshold: float) -> bool:
    """Given names that can be one person's: equal, an initial of one another ("J." /
    "John"), a transliteration (Rachid / Rached), a middle name or initial left out
    ("Donald Trump" / "Donald J. Trump", "Mark Felt" / "W. Mark Felt"). Two names that both
    carry middle parts must carry as many ("George W." / "George H. W." are two people);
    first names of different genders (Maria / Mario) never match."""
    if not a or not b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 2 and len(short) != len(long_):
        return False
    # order-preserving alignment of the shorter into the longer
    j = 0
    for k, word in enumerate(short):
        while j < len(long_) and not _given_pair(word, long_[j], threshold):
            if k > 0 or len(short) >= 2:
                return False  # only the first given name may skip a leading initial/name
            j += 1
        if j == len(long_):
            return False
        if k == 0 and _genders_differ(word, long_[j]):
            return False
        j += 1
    return True


def same_person_name(a: PersonName, b: PersonName, surname_threshold: float, first: float) -> bool:
    """Two written names that can be one person (surname alone matches any given names)."""
    ka, kb = a.surname_key, b.surname_key
    if not ka or not kb:
        return False
    if ka != kb and not (a.given and b.given and similarity(ka, kb) >= surname_threshold):
        return False
    return given_compatible(a.given, b.given, first)


def specificity(name: PersonName) -> tuple[int, int, int]:
    """How much of a name is written out: given names, of which full (not initials), length."""
    full = sum(not is_initial(g) for g in name.given)
    return (len(name.given), full, len(name.text()))
