"""The English check: refuses other languages with a reason, lets real English through."""

from __future__ import annotations

import pytest

from claimgraph.clean.language import check_language, guess_language
from claimgraph.errors import UnsupportedLanguageError

ENGLISH = [
    "Velk said 12,000 troops moved.",
    "Tomas Velk, Ilse Marrow, Jonas Feld, Edda Holm and Oskar Lunde met in Rennick.",
    "She questioned the figures.",
    # headline + dateline + names: few function words at the start
    "Dravenia Sends Troops To Sevrian Border\n\nHALVAR, March 9 (Kestrel Wire) - Dravenia "
    "has sent about 12,000 troops to its border with Sevria, President Tomas Velk said.",
    # English that quotes a little French
    'Le Monde called it "la fin d\'une époque", but the minister said the talks would go on '
    "and that Dravenia would send a delegation to Rennick next week.",
]

FOREIGN = {
    "French": "Le président a déclaré que les troupes ne seraient pas retirées de la frontière "
    "avant la fin du mois, selon un communiqué publié dimanche par le ministère.",
    "German": "Der Präsident sagte, dass die Truppen nicht vor Ende des Monats von der Grenze "
    "abgezogen werden, wie das Verteidigungsministerium am Sonntag mitteilte.",
    "Spanish": "El presidente dijo que las tropas no se retirarán de la frontera antes de fin "
    "de mes, según un comunicado del ministerio de defensa publicado el domingo.",
    "Portuguese": "O presidente disse que as tropas não serão retiradas da fronteira antes do "
    "fim do mês, segundo um comunicado do ministério da defesa publicado no domingo.",
    "Dutch": "De president zei dat de troepen niet voor het einde van de maand van de grens "
    "worden teruggetrokken, volgens een verklaring van het ministerie van defensie.",
    # links to a shortener ("amzn.to") must not count as the English word "to"
    "Italian": "Il presidente ha detto che i soldati resteranno al confine: per chi non lo "
    "sapesse, è il terzo anno di crisi. https://amzn.to/x1 https://amzn.to/x2 https://amzn.to/x3 "
    "https://amzn.to/x4 https://amzn.to/x5 https://amzn.to/x6 della settimana.",
    "Czech/Slovak": "Prezident řekl, že vojáci zůstanou na hranici, protože podle ministerstva "
    "jsou jednotky připraveny a situace je také napjatá, jako byla v roce 2019.",
    "Hungarian": "Az elnök szerint a katonák a határon maradnak, és hogy a helyzet nem "
    "változott, mert a minisztérium már azt közölte, hogy ez csak egy átmeneti lépés.",
    "Romanian": "Președintele a spus că soldații vor rămâne la graniță și că situația nu "
    "este mai bună decât în anul trecut, după cum a declarat ministerul pentru presă.",
    "Finnish": "Presidentti sanoi, että sotilaat jäävät rajalle, mutta hän ei kertonut "
    "kuinka kauan, ja ministeriön mukaan joukot ovat myös valmiina.",
    "Vietnamese": "Tổng thống cho biết các binh sĩ sẽ ở lại biên giới và không có kế hoạch "
    "rút quân trong tháng này, theo thông báo của bộ quốc phòng được công bố.",
    "Cyrillic": "Президент заявил, что войска не будут выведены с границы до конца месяца, "
    "говорится в заявлении министерства обороны.",
    "CJK": "总统表示，在本月底之前不会从边境撤军，国防部周日发表的声明中称。总统表示不会撤军。",
}


@pytest.mark.parametrize("text", ENGLISH)
def test_english_passes(text):
    assert check_language(text) == "en"


@pytest.mark.parametrize(("name", "text"), FOREIGN.items())
def test_other_languages_are_refused_with_the_language_named(name, text):
    language, reason = guess_language(text)
    assert language == "other"
    assert name in reason
    with pytest.raises(UnsupportedLanguageError, match=name) as info:
        check_language(text, source="a.txt")
    assert str(info.value).startswith("a.txt: ")


def test_long_non_prose_is_refused():
    text = " ".join(f"Zork{i} Blim{i} Quax{i}" for i in range(40))
    assert guess_language(text)[0] == "other"


def test_empty_and_digits_are_not_called_foreign():
    assert guess_language("")[0] == "unknown"
    assert guess_language("12 345 678")[0] == "unknown"
