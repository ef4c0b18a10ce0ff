"""``lint --fix`` safety: fixes apply only to the bytes that were linted, edit only prose tokens,
and are idempotent. Issue 12 items 7 (races) and 8 (fixes touching code)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum_tools import fixing
from curriculum_tools import lint as lint_mod
from curriculum_tools.cli import main
from curriculum_tools.config import Config
from curriculum_tools.fixing import CHANGED_WHILE_FIXING, fix_files
from curriculum_tools.inline_ranges import inline_pieces
from curriculum_tools.lint import run

EN = "# Guide\n\n## 1. Setup\n\nInstall the package first.\n"
HEAD = "# 안내서\n\n## 1. 설정\n\n"


def make(root: Path, body: str) -> Path:
    for lang, text in (("en", EN), ("ko", HEAD + body)):
        (root / "source" / lang).mkdir(parents=True, exist_ok=True)
        (root / "source" / lang / "x.md").write_text(text, "utf-8")
    return root / "source" / "ko" / "x.md"


def fix(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["lint", "--fix", "--select", "cjk-emphasis", "source"])
    return result.exit_code, result.output


# --- races (item 7) ----------------------------------------------------------------------------


def test_file_edited_after_linting_is_skipped_not_clobbered(chdir_tmp: Path) -> None:
    path = make(chdir_tmp, "**(LoRA)**는 적은 파라미터만 학습합니다.\n")
    result = run([chdir_tmp / "source"], Config(root=chdir_tmp), ["cjk-emphasis"])
    assert any(f.fix for f in result.findings)
    typed = HEAD + "새로 입력한 줄.\n**(LoRA)**는 적은 파라미터만 학습합니다.\n"
    path.write_text(typed, "utf-8")  # the user typed a line while lint ran
    (outcome,) = fix_files(result)
    assert outcome.refused == CHANGED_WHILE_FIXING and outcome.fixed == 0
    assert path.read_text("utf-8") == typed


def test_edit_between_fixing_and_writing_is_caught_by_the_hash_check(
    chdir_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make(chdir_tmp, "**(LoRA)**는 적은 파라미터만 학습합니다.\n")
    result = run([chdir_tmp / "source"], Config(root=chdir_tmp), ["cjk-emphasis"])
    typed = HEAD + "**(LoRA)**는 적은 파라미터만 학습합니다.\n한 줄 더.\n"
    real_apply = fixing.apply_fixes

    def apply_then_edit(text: str, fixes: object) -> str:
        fixed = real_apply(text, fixes)  # type: ignore[arg-type]
        path.write_text(typed, "utf-8")  # lands after the read, before the write
        return fixed

    monkeypatch.setattr(fixing, "apply_fixes", apply_then_edit)
    (outcome,) = fix_files(result)
    assert outcome.refused == CHANGED_WHILE_FIXING
    assert path.read_text("utf-8") == typed


def test_cli_reports_changed_while_fixing(chdir_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make(chdir_tmp, "**(LoRA)**는 적은 파라미터만 학습합니다.\n")
    real_run = lint_mod.run

    def run_then_edit(*args: object, **kwargs: object) -> lint_mod.Result:
        result = real_run(*args, **kwargs)  # type: ignore[arg-type]
        path.write_text(path.read_text("utf-8") + "추가.\n", "utf-8")
        return result

    monkeypatch.setattr(lint_mod, "run", run_then_edit)
    code, out = fix(chdir_tmp)
    assert code == 0 and "changed while fixing, run again" in out
    assert "**(LoRA)**는" in path.read_text("utf-8")


def test_fix_keeps_a_bom_and_line_endings(chdir_tmp: Path) -> None:
    path = make(chdir_tmp, "")
    data = b"\xef\xbb\xbf" + HEAD.replace("\n", "\r\n").encode() + "**(LoRA)**는 x.\r\n".encode()
    path.write_bytes(data)
    fix(chdir_tmp)
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and after.count(b"\xef\xbb\xbf") == 1
    assert after.endswith("<strong>(LoRA)</strong>는 x.\r\n".encode())
    assert b"\r\n" in after and b"\n" not in after.replace(b"\r\n", b"")


# --- fixes edit prose tokens only (item 8) ------------------------------------------------------

UNTOUCHABLE = [
    "인라인 코드 `**(LoRA)**는` 그대로.",
    "수식 $**(a)**는$ 그대로.",
    '<abbr title="**(LoRA)**는">LoRA</abbr> 그대로.',
    "<!-- **(LoRA)**는 --> 주석.",
    "링크 [보기](https://x.org/**(a)**는) 그대로.",
    "그림 ![**(LoRA)**는](img.png) 그대로.",
    "이스케이프 \\*\\*(LoRA)\\*\\*는 그대로.",
    "자동 링크 <https://x.org/**(a)**는> 그대로.",
]


@pytest.mark.parametrize("line", UNTOUCHABLE)
def test_prose_fix_never_edits_code_html_math_or_link_targets(chdir_tmp: Path, line: str) -> None:
    path = make(chdir_tmp, line + "\n")
    before = path.read_text("utf-8")
    code, out = fix(chdir_tmp)
    assert code == 0 and "cjk-emphasis" not in out, out
    assert path.read_text("utf-8") == before


def test_fenced_and_html_blocks_are_never_edited(chdir_tmp: Path) -> None:
    body = (
        "```markdown\n**(LoRA)**는 코드입니다.\n```\n\n"
        "<div>\n**(LoRA)**는 HTML입니다.\n</div>\n\n"
        "$$\n**(a)**는\n$$\n\n"
        "    **(LoRA)**는 들여쓴 코드.\n"
    )
    path = make(chdir_tmp, body)
    fix(chdir_tmp)
    assert path.read_text("utf-8") == HEAD + body


def test_prose_beside_code_is_fixed_and_the_code_is_kept(chdir_tmp: Path) -> None:
    path = make(
        chdir_tmp, "**(LoRA)**는 `**(LoRA)**는` 과 [**(링크)**는](https://x.org/**a**) 입니다.\n"
    )
    code, out = fix(chdir_tmp)
    assert code == 0 and "cjk-emphasis" not in out
    text = path.read_text("utf-8")
    assert "<strong>(LoRA)</strong>는 `**(LoRA)**는`" in text
    assert "[<strong>(링크)</strong>는](https://x.org/**a**)" in text


def test_table_cells_and_list_items_are_fixed_in_place(chdir_tmp: Path) -> None:
    body = (
        "| 이름 | 설명 |\n|---|---|\n| `**(a)**는` | **(LoRA)**는 좋다 |\n\n"
        "- 항목 **(x)**는\n  이어서 **(y)**를\n\n> **(z)**는 인용\n"
    )
    path = make(chdir_tmp, body)
    fix(chdir_tmp)
    assert path.read_text("utf-8") == HEAD + (
        "| 이름 | 설명 |\n|---|---|\n| `**(a)**는` | <strong>(LoRA)</strong>는 좋다 |\n\n"
        "- 항목 <strong>(x)</strong>는\n  이어서 <strong>(y)</strong>를\n\n"
        "> <strong>(z)</strong>는 인용\n"
    )


@pytest.mark.parametrize(
    "body",
    [
        '**(LoRA)**는 적은 파라미터만 학습합니다. **"강조"**를 보세요.\n',
        "__(LoRA)__는 밑줄 강조.\n",
        "- **(x)**는 `**(y)**는` **(z)**를\n",
        "| a | b |\n|---|---|\n| **(a)**는 | **(b)**는 |\n",
    ],
)
def test_cjk_fix_is_idempotent(chdir_tmp: Path, body: str) -> None:
    path = make(chdir_tmp, body)
    fix(chdir_tmp)
    once = path.read_text("utf-8")
    assert once != HEAD + body and "<strong>" in once
    code, out = fix(chdir_tmp)
    assert code == 0 and path.read_text("utf-8") == once and "cjk-emphasis" not in out


def test_inline_pieces_name_the_prose_characters() -> None:
    content = "a `b*` <i>c</i> $d$ [e](f) g"
    pieces = inline_pieces(content)
    prose = "".join(content[s:e] for s, e in pieces.prose)
    # text between inline tags and the link text are prose; code, tags, math and the target not
    assert prose == "a  c  e g"
    assert pieces.runs == []
