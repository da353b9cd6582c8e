"""Overlapping highlights: the visible text is the document text, exactly, and tags balance."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from presslens.report.highlight import Mark, escape_text, render_marked

VOID = {"br", "img", "input", "meta", "link", "hr"}


class _Text(HTMLParser):
    """Collects text and checks that every element closes in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.balanced = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [v or "" for k, v in attrs if k == "id"]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.balanced = False

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser


text_st = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80
)


@st.composite
def marked(draw: st.DrawFn) -> tuple[str, list[Mark]]:
    text = draw(text_st)
    n = len(text)
    marks = []
    for i in range(draw(st.integers(0, 8))):
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, n))
        tag = draw(st.sampled_from(["span", "mark", "strong"]))
        marks.append(
            Mark(
                a,
                b,
                tag=tag,
                classes=("hl",),
                title=draw(st.text(max_size=5)),
                data=(("label", draw(st.text(max_size=5))),),
                anchor=f"a{i}",
                priority=draw(st.integers(0, 3)),
            )
        )
    return text, marks


@settings(max_examples=300, deadline=None)
@given(marked())
def test_visible_text_equals_the_document_text(case: tuple[str, list[Mark]]) -> None:
    text, marks = case
    parsed = visible(render_marked(text, marks))
    assert "".join(parsed.parts) == text
    assert parsed.balanced and not parsed.stack
    assert sorted(parsed.ids) == sorted(m.anchor for m in marks if m.anchor)


def test_nested_and_overlapping_marks_split_at_every_boundary() -> None:
    text = "abcdefghij"
    html = render_marked(
        text,
        [Mark(0, 6, tag="strong", anchor="k", priority=1), Mark(3, 9, tag="mark", anchor="t")],
    )
    assert html == (
        '<strong id="k">abc</strong><strong><mark id="t">def</mark></strong><mark>ghi</mark>j'
    )


def test_markup_in_text_and_attributes_is_escaped() -> None:
    text = "<script>alert(1)</script> <img src=x onerror=alert(1)>"
    html = render_marked(text, [Mark(0, 8, title='"><script>', data=(("label", "<b>"),))])
    assert "<script>" not in html and "<img" not in html
    assert 'title="&quot;&gt;&lt;script&gt;"' in html
    assert "".join(visible(html).parts) == text


def test_carriage_returns_survive_and_nul_becomes_replacement() -> None:
    assert escape_text("a\r\nb") == "a&#13;\nb"
    assert "".join(visible(render_marked("a\r\nb", [])).parts) == "a\r\nb"
    assert render_marked("a\x00b", []) == "a\ufffdb"
    assert render_marked("a\ud800b", []) == "a\ufffdb"


def test_zero_length_marks_leave_an_anchor() -> None:
    html = render_marked("abc", [Mark(1, 1, anchor="here"), Mark(3, 3, anchor="end")])
    assert html == 'a<span id="here" class="anchor"></span>bc<span id="end" class="anchor"></span>'


def test_invalid_tag_or_data_names_are_refused() -> None:
    import pytest

    with pytest.raises(ValueError):
        Mark(0, 1, tag="script onload=x")
    with pytest.raises(ValueError):
        Mark(0, 1, data=(("x onclick", "1"),))
