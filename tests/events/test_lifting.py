"""Actor lifting and the place gazetteer."""

from __future__ import annotations

from presslens.actors import ActorKB
from presslens.events.lifting import country_of, gazetteer, lift, place_country


def test_persons_lift_to_their_principal(kb: ActorKB) -> None:
    assert lift(kb, "person/donald-trump") == "gov/USA"
    assert lift(kb, "person/volodymyr-zelensky") == "gov/UKR"
    assert lift(kb, "state/RUS") == "state/RUS"
    assert lift(kb, "gov/RUS") == "gov/RUS"
    assert lift(kb, "org/nato") == "org/nato"
    assert lift(kb, "state/XYZ") == "state/XYZ"  # unknown ids stay


def test_countries(kb: ActorKB) -> None:
    assert country_of(kb, "person/marco-rubio") == "USA"
    assert country_of(kb, "state/RUS") == "RUS"
    assert country_of(kb, "state/XYZ") == "XYZ"
    assert country_of(kb, "org/nato") is None


def test_gazetteer_places() -> None:
    assert place_country("Stavropol") == "RUS"
    assert place_country("Belgorod region") == "RUS"
    assert place_country("Kursk Oblast") == "RUS"
    assert place_country("the city of Kharkiv") == "UKR"
    assert place_country("Springfield") is None


def test_disputed_places_are_left_out() -> None:
    table = gazetteer()
    for name in ("Crimea", "Sevastopol", "Donetsk", "Luhansk", "Zaporizhzhia", "Kherson"):
        assert place_country(name, table) is None
