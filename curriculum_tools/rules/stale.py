"""``stale-translation``: a translated section whose English source changed since it was synced.

Written against the registry API only: the logic lives in
:func:`curriculum_tools.status.section_states` (shared with ``ctools status``), which the
runner lends as the ``section_states`` service, so this rule imports nothing above the model.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import DocumentPair
from ..registry import Context, Finding, hit, rule


@rule("stale-translation", severity="warning", scope="pair")
def stale_translation(pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a Korean section whose English section changed since a translator last ran
    `ctools status --mark-synced` on it (the lock file, `ctools.lock.yaml`, records a
    fingerprint of the English section's own text). Sections never marked are not reported.

    ## Why is this bad?
    The translation silently describes an older version of the text: readers of the two
    languages learn different things. `ctools status --explain` shows what changed.

    ## Example
    ```markdown
    <!-- en.md, edited after the sync -->   <!-- ko.md -->
    ## 2. Usage                             ## 2. 사용법
    Run it on any folder.                   폴더 하나에 실행하세요.
    ```

    Use instead: update the Korean section, then `ctools status --mark-synced ko.md --section 2`.
    """
    if pair.en is None or pair.ko is None:
        return
    for st in ctx.services["section_states"](pair, ctx.config):
        if st.state == "stale" and st.en is not None and st.ko is not None:
            yield hit(
                pair.ko,
                st.ko.line,
                f"section `{st.ko.heading}` is out of date: English section "
                f"`{st.en.heading}` changed since it was marked synced",
                other=pair.en,
                other_line=st.en.line,
            )
