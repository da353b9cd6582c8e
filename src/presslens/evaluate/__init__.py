"""Quality measurements on public datasets: ``presslens eval TASK`` and ``presslens train TASK``.

:mod:`.registry` is the one way in (every task, its dataset folder, checked first, and its
options); the other modules hold the evaluations by layer: :mod:`.extraction` (main text of HTML
pages), :mod:`.quotes`, :mod:`.events`, :mod:`.techniques` and :mod:`.heads` (claims,
subjectivity, stance).
"""
