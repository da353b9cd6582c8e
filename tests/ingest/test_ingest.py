"""``ingest``: every input gives its documents or a rejection, under the name it is known by."""

from __future__ import annotations

from pathlib import Path

from presslens.ingest import Ingested, Rejection, ingest

TEXT = "A title\n\nThe council met on Monday and agreed on the budget for the harbour.\n"


def test_inputs_can_be_known_by_another_name(tmp_path: Path) -> None:
    good, empty, missing = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "gone.txt"
    good.write_text(TEXT, encoding="utf-8")
    empty.write_text("  \n", encoding="utf-8")
    names = {str(p): f"upload:job1/0{i}-{p.name}" for i, p in enumerate((good, empty, missing))}
    items = list(ingest([str(good), str(empty), str(missing)], origins=names))
    (read,) = [i for i in items if isinstance(i, Ingested)]
    assert {d.source.origin for d in read.docs} == {"upload:job1/00-a.txt"}
    rejected = sorted(i.origin for i in items if isinstance(i, Rejection))
    assert rejected == ["upload:job1/01-b.txt", "upload:job1/02-gone.txt"]


def test_the_name_is_part_of_the_document_id(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")

    def doc_id(origins: dict[str, str] | None) -> str:
        (item,) = ingest([str(path)], origins=origins)
        assert isinstance(item, Ingested)
        return item.docs[0].id

    plain, named = doc_id(None), doc_id({str(path): "upload:job1/00-a.txt"})
    assert plain != named and named == doc_id({str(path): "upload:job1/00-a.txt"})
