"""Take the screenshots in docs/img/ (not a test): ``python tests/browser/make_screenshots.py``.

The example corpus (and the bad inputs, to show rejections), analysed with the real default
pipeline: every layer in these pictures is what ``presslens analyze`` produces.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from conftest import launch, start_server  # noqa: E402

OUT = HERE.parents[1] / "docs" / "img"


def main() -> int:
    from playwright.sync_api import sync_playwright

    from presslens.api import analyze
    from presslens.report import write_report

    os.chdir(HERE.parents[1])  # origins relative to the repository in the pictures
    work = Path(tempfile.mkdtemp(prefix="presslens-shots-"))
    db = work / "presslens.db"
    result = analyze(["examples/corpus", "examples/bad"], db=db)
    title = "Valmora ceasefire: how the sources tell it"
    report = write_report(
        work / "report.html", result.documents, result.corpus, result.rejections, title=title
    )
    server, url = start_server(db)
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        context = launch(p, work / "profile")
        page = context.new_page()
        page.goto(report.as_uri())
        top = {"x": 0, "y": 0, "width": 1280, "height": 1500}
        page.screenshot(path=str(OUT / "report.png"), clip=top, full_page=True)
        page.goto(url + "/")
        page.screenshot(path=str(OUT / "ui.png"))
        page.goto(url + "/?q=Sellout")
        page.locator(".result-title a").first.click()
        page.wait_for_selector("article .text")
        page.screenshot(path=str(OUT / "ui-article.png"))
        context.close()
    server.should_exit = True
    for name in ("report.png", "ui.png", "ui-article.png"):
        print(OUT / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
