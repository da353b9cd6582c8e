"""Colours: WCAG AA contrast for text on every highlight and table background."""

from __future__ import annotations

import pytest

from presslens.report.palette import (
    HEAT_SCALE,
    MUTED_TEXT,
    PAGE,
    QUOTE_TEXT,
    SOURCE_COLOURS,
    STANCE_SCALE,
    TECHNIQUE_COLOURS,
    TEXT,
    contrast_ratio,
    heat_colour,
    readable_text,
    relative_luminance,
    stance_colour,
    technique_colour,
    technique_name,
)

AA = 4.5


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert relative_luminance("#ffffff") == pytest.approx(1.0)
    with pytest.raises(ValueError):
        relative_luminance("red")


@pytest.mark.parametrize("background", [*TECHNIQUE_COLOURS, PAGE, "#f5f6f8"])
@pytest.mark.parametrize("foreground", [TEXT, QUOTE_TEXT, MUTED_TEXT])
def test_text_on_every_highlight_meets_aa(foreground: str, background: str) -> None:
    assert contrast_ratio(foreground, background) >= AA


@pytest.mark.parametrize("background", [*HEAT_SCALE, *STANCE_SCALE])
def test_table_cells_pick_a_readable_text_colour(background: str) -> None:
    assert contrast_ratio(readable_text(background), background) >= AA


@pytest.mark.parametrize("colour", SOURCE_COLOURS)
def test_source_colours_stand_out_on_white(colour: str) -> None:
    assert contrast_ratio(colour, PAGE) >= AA


def test_technique_colours_are_stable_and_distinct_for_known_techniques() -> None:
    assert technique_colour("Loaded_Language") == technique_colour("loaded language")
    assert technique_colour("Loaded_Language") != technique_colour("Doubt")
    assert technique_colour("Something new") in TECHNIQUE_COLOURS
    assert technique_colour("Something new") == technique_colour("something_new")


def test_technique_names_read_well() -> None:
    assert technique_name("Name_Calling,Labeling") == "Name calling, labeling"
    assert technique_name("Appeal_to_fear-prejudice") == "Appeal to fear-prejudice"


def test_scales_cover_their_range() -> None:
    assert heat_colour(0, 5) == HEAT_SCALE[0]
    assert heat_colour(5, 5) == HEAT_SCALE[-1]
    assert stance_colour(-1) == STANCE_SCALE[0]
    assert stance_colour(1) == STANCE_SCALE[-1]
    assert stance_colour(0) == STANCE_SCALE[len(STANCE_SCALE) // 2]
