"""Is this text English? A cheap check without a model: scripts and function words.

claimgraph's models and patterns are English only, so other languages are refused with a
message that names the language it looks like. The check:

1. Script: when most letters are not Latin (Cyrillic, Greek, Arabic, Hebrew, CJK, ...), the
   text is refused and the script named.
2. Function words: the share of tokens that are English function words is compared with the
   share for several other Latin-script languages (lists of distinctive words: a word that is
   also English, such as "a", "in", "die", "son", is not in another language's list). Text is
   refused when another language clearly wins.
3. Long text with almost no English function words (and no other language winning) is
   refused too: it is probably not prose (a list, a table, a dump of names).

Short texts and English with many names pass the word rules: they only fire on enough
evidence (``MIN_WORDS`` words, or at least ``MIN_FOREIGN_HITS`` foreign function words). The
script rule needs only a few letters: a short Russian sentence is refused.
"""

from __future__ import annotations

import re
import unicodedata

from claimgraph.errors import UnsupportedLanguageError
from claimgraph.settings import get_settings

SAMPLE_CHARS = 20_000  # only the start of a long text is inspected
MIN_WORDS = 60  # below this, only a clear foreign-language signal refuses the text
MIN_FOREIGN_HITS = 4  # foreign function words needed before a short text is refused
FOREIGN_MARGIN = 1.2  # another language must beat English by this factor
MIN_LETTERS_FOR_SCRIPT = 3  # letters needed before the script rule fires: a short
# sentence in another script ("Мы победим.") is no more English than a long one
MAX_NON_LATIN_SHARE = 0.5  # share of non-Latin letters above which text is refused

_ENGLISH_WORDS = """
    the of and to a in that is was he she it for on are as with his her they at be this
    have from or by had not but what all were when we there can an which their said if
    will would has been who its also after than more one two about over into could other
    some them these told according year people i you our up out no so do did just only
    new because while where how before between against during under since any most those
    then such through being him my your us do does should may might must very like well
    back still even many much both each own same first last us government president
    minister officials police
"""
ENGLISH = frozenset(_ENGLISH_WORDS.split())

FOREIGN: dict[str, frozenset[str]] = {
    name: frozenset(words.split())
    for name, words in {
        "German": """der das und ist nicht ein eine einen dem des mit sich auf für
            von zu wird werden wurde sind auch nach bei oder wie aus noch über nur
            durch dass sie haben  vor kann sein seine ihre unter zwischen gegen
            schon wenn diese dieser jetzt sagte""",
        "French": """le la les et est une des du pour que qui dans sur pas par avec
            sont été ont  mais comme ou au aux cette ces leur nous vous être
            fait selon entre sans sous depuis déjà très il elle ils elles avait""",
        "Spanish": """el los las y es una del para que por con se su sus pero como
            más este esta fue   sido sobre entre también desde cuando muy
            porque hasta dijo según ya todo todos él ella ellos""",
        "Italian": """il di lo noi chi si nel negli ci della dei delle degli nella
            che è con una sono
            gli anche più   questo questa stato  hanno dopo tra fra
            secondo ancora già alla alle sul sulla loro essere""",
        "Portuguese": """os que da em na ou pelos uma um não para  por mais como mas foi são está
            também pelo pela dos das nos nas ao aos seu sua seus suas ele ela
            eles foram ser ter quando muito já segundo disse""",
        "Dutch": """het een van en  niet zijn  voor op dat ook maar bij aan
             naar werd wordt worden hij zij wij ze heeft hebben nog geen
            deze dit uit tegen  zei volgens""",
        "Swedish/Danish/Norwegian": """och är att det som för på med av  inte
             har var ett  om eller hade från kan vid efter også ikke og
            af til fra blev blir være sagde sier""",
        "Polish": """ w z na że się nie   jest od jak za po   są przez
            tak był była było jego jej ich już który która które oraz według""",
        "Turkish": """ve bir bu da de için ile olarak daha çok gibi olan ancak
            sonra kadar göre değil ise ama şu tüm veya""",
        "Czech/Slovak": """je se že pro jako jsou byl byla bylo který která které také
            už jeho jejich podle když nebo ve ze této tento sme som""",
        "Hungarian": """az és hogy nem egy meg van volt már csak még mint ez azt
            szerint után között pedig amely lesz""",
        "Romanian": """și în că nu din care mai este sunt fost pentru după acest
            această între cu pe""",
        "Finnish": """ja ei että hän oli ovat mutta kun myös tai jo sen joka mukaan
            vuonna""",
        "Vietnamese": """của và là các có được cho trong không người những với này
            đã một theo""",
        "Indonesian/Malay": """yang  di ini itu dengan untuk tidak dari dalam
            akan pada juga ke karena oleh ada mereka sudah kata telah bahwa""",
    }.items()
}

_URL = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?", re.UNICODE)
_SCRIPT_NAMES = (
    "CYRILLIC",
    "GREEK",
    "ARABIC",
    "HEBREW",
    "CJK",
    "HIRAGANA",
    "KATAKANA",
    "HANGUL",
    "DEVANAGARI",
    "THAI",
    "GEORGIAN",
    "ARMENIAN",
    "BENGALI",
    "TAMIL",
)


def _script(char: str) -> str:
    if char.isascii() or ord(char) < 0x250:
        return "LATIN"
    name = unicodedata.name(char, "")
    for script in _SCRIPT_NAMES:
        if name.startswith(script):
            return script.title() if script != "CJK" else "CJK (Chinese/Japanese)"
    return "LATIN" if "LATIN" in name else "other"


def _non_latin(sample: str) -> tuple[float, str | None]:
    """Share of letters outside the Latin script, and the most common such script."""
    counts: dict[str, int] = {}
    letters = 0
    for char in sample:
        if char.isalpha():
            letters += 1
            script = _script(char)
            if script != "LATIN":
                counts[script] = counts.get(script, 0) + 1
    if letters < MIN_LETTERS_FOR_SCRIPT or not counts:
        return 0.0, None
    top = max(counts, key=lambda k: counts[k])
    return sum(counts.values()) / letters, top


def _words(sample: str) -> list[str]:
    """Lower-cased word tokens without URLs and e-mail addresses; a lower-case "i" (an
    article in Italian, a conjunction in Polish) becomes "i_" so it is not English "I"."""
    sample = _URL.sub(" ", sample)
    return ["i_" if w == "i" else w.lower().replace("\u2019", "'") for w in _WORD.findall(sample)]


def english_ratio(text: str, sample_chars: int = SAMPLE_CHARS) -> float:
    """Share of word tokens in the sample that are English function words."""
    words = _words(text[:sample_chars])
    if not words:
        return 0.0
    return sum(w in ENGLISH for w in words) / len(words)


def guess_language(text: str, sample_chars: int = SAMPLE_CHARS) -> tuple[str, str]:
    """("en" | "other" | "unknown", reason). Pure; the reason is a readable sentence."""
    sample = text[:sample_chars]
    share, script = _non_latin(sample)
    if script is not None and share > MAX_NON_LATIN_SHARE:
        return "other", f"mostly {script} script ({share:.0%} of letters)"
    words = _words(sample)
    if not words:
        return "unknown", "no words"
    english = sum(w in ENGLISH for w in words)
    best_name, best_hits = max(
        ((name, sum(w in vocab for w in words)) for name, vocab in FOREIGN.items()),
        key=lambda item: item[1],
    )
    if best_hits >= MIN_FOREIGN_HITS and best_hits > FOREIGN_MARGIN * english:
        return "other", (
            f"looks like {best_name} ({best_hits / len(words):.0%} {best_name} function "
            f"words vs {english / len(words):.0%} English)"
        )
    ratio = english / len(words)
    if len(words) >= MIN_WORDS and ratio < get_settings().min_english_ratio:
        return "other", f"only {ratio:.0%} common English words in {len(words)} words"
    return "en", f"{ratio:.0%} common English words"


def check_language(text: str, source: str | None = None) -> str:
    """Return "en" or raise UnsupportedLanguageError for text that is not English."""
    language, reason = guess_language(text)
    if language == "other":
        raise UnsupportedLanguageError(
            f"text does not look like English: {reason}; claimgraph reads English only",
            source,
        )
    return "en"
