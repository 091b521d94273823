"""Gender of given names: a short list of common ones, then ``data/given_names.tsv``.

Below the entity and coreference modules (names, speakers, coref and entities all ask it),
so it imports none of them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

# A short list of common given names, for gender when the text gives no other evidence.
_MALE = set(
    str.split(
        """
    james john robert michael william david richard joseph thomas charles christopher
    daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian
    george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan
    stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick
    raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter
    kyle noah ethan jeremy walter christian keith roger terry austin sean gerald carl
    harold dylan arthur lawrence jordan jesse bryan billy bruce gabriel joe logan albert
    willie alan eugene russell vincent philip bobby johnny bradley barack bill vladimir
    volodymyr dmitry dmitri sergei sergey sergiy oleksandr olexander alexei alexey
    andriy andrei ivan igor mikhail boris viktor yuri oleg pavel nikolai petro emmanuel
    francois jean pierre jacques nicolas olaf friedrich hans klaus karl wolfgang juan
    carlos luis miguel pedro jorge javier antonio manuel francisco giuseppe giovanni
    marco luca matteo mohammed muhammad ahmed ali omar hassan hussein abdul ibrahim
    mahmoud khalid recep benjamin yair naftali ehud shimon xi li wang narendra rahul
    imran nawaz kim jong moon yoon shinzo fumio tomas tomasz jan piotr andrzej lech
    viktor janos ferenc emil milan aleksandar recep tayyip joe rishi boris keir nikita
    andy nigel tony gordon david liam noel sean patrick lars anders olof stefan michel
    matteo mario sergio pedro rodrigo jair luiz ignacio
    """
    )
)
_FEMALE = set(
    str.split(
        """
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa
    betty margaret sandra ashley kimberly emily donna michelle dorothy carol amanda
    melissa deborah stephanie rebecca sharon laura cynthia kathleen amy shirley angela
    helen anna brenda pamela nicole emma samantha katherine christine debra rachel
    catherine carolyn janet ruth maria heather diane virginia julie joyce victoria
    olivia kelly christina lauren joan evelyn judith megan cheryl andrea hannah martha
    jacqueline frances gloria ann teresa kathryn sara janice jean alice madison doris
    abigail julia judy grace denise amber marilyn beverly danielle theresa sophia marie
    diana brittany natalie isabella charlotte rose alexis kayla hillary kamala nancy
    angela ursula theresa liz margaret yulia yuliya tatiana tatyana olga irina natalia
    natalya svetlana elena yelena oksana iryna lyudmila valentina marina ekaterina
    kateryna anastasia ludmila galina nadia nadezhda sophie claire marine segolene anne
    christine brigitte giorgia ilaria chiara francesca giulia benazir indira sonia
    priyanka aung san suu golda tzipi ayelet fatima aisha layla leila yasmin jacinda
    mette sanna kaja annalena sahra ingrid greta frederikke elsa astrid sigrid birgit
    heidi katarzyna agnieszka beata ewa kristin kristen
    """
    )
)
# Given names that are not reliable (also surnames or shared).
for _w in ("jordan", "kim", "jean", "moon", "li", "wang", "aung", "san", "suu"):
    _MALE.discard(_w)
    _FEMALE.discard(_w)


def first_name_gender(name: str) -> str | None:
    """ "m", "f" or None: the short list above first, then ``data/given_names.tsv``."""
    low = name.lower().strip(".")
    if low in _MALE:
        return "m"
    if low in _FEMALE:
        return "f"
    return _given_names().get(low)


@lru_cache(maxsize=1)
def _given_names() -> dict[str, str]:
    path = Path(__file__).parent / "data" / "given_names.tsv"
    out: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                name, _, gender = line.rstrip("\n").partition("\t")
                out[name] = gender
    return out
