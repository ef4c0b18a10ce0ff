"""``stale-translation``: a translated section whose English source changed since it was synced.

Written against the registry API only: the logic lives in
:func:`curriculum_tools.status.states.stale_rows` (shared with ``ctools status``: the lock
file, or git history for documents it does not list), which the runner lends as the
``stale_rows`` service, so this rule imports nothing above the model.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import DocumentPair
from ..registry import Context, Finding, hit, rule


@rule("stale-translation", severity="warning", scope="pair")
def stale_translation(pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a Korean section whose English section changed after the translation was last
    brought up to date. With a lock file entry for the document (`ctools status
    --mark-synced` records a fingerprint of each English section), "changed" means the
    fingerprint differs. Without one, in a git repository, it means the English section's
    words changed in a later commit than the Korean section's (a commit changing both is a
    sync; commits that only re-wrap or re-format do not count); the message names the
    English commit and its date.

    ## Why is this bad?
    The translation silently describes an older version of the text: readers of the two
    languages learn different things. `ctools status --explain` shows what changed.

    ## Example
    ```markdown
    <!-- en.md, edited after the sync -->   <!-- ko.md -->
    ## 2. Usage                             ## 2. 사용법
    Run it on any folder.                   폴더 하나에 실행하세요.
    ```

    Use instead: update the Korean section (and commit it, or run
    `ctools status --mark-synced ko.md --section 2` when the project keeps a lock file).
    """
    if pair.en is None or pair.ko is None:
        return
    for en, ko, message in ctx.services["stale_rows"](pair, ctx.config, ctx.corpus):
        yield hit(pair.ko, ko.line, message, other=pair.en, other_line=en.line)
