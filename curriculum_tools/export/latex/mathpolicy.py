"""Which formulas go to TeX as math: an allow-list of ordinary math (anything else is text).

TeX is a programming language: any deny-list of control sequences has a bypass
(``\\UseName{directlua}``, ``\\csname``, expl3's ``\\use:c`` and file I/O). So a formula
passes only when every control sequence in it is one of ordinary math.
"""

from __future__ import annotations

import re
import unicodedata

_MATH_ENVS = frozenset(
    {"matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "cases",
     "aligned", "alignedat", "gathered", "split", "array", "subarray"}
)  # fmt: skip
"""Environments a formula may open (amsmath's inner math environments)."""

_MATH_WORDS = frozenset(
    """
    alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa varkappa lambda
    mu nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega digamma
    Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega varGamma varDelta varTheta
    varLambda varXi varPi varSigma varUpsilon varPhi varPsi varOmega
    pm mp times div cdot ast star circ bullet oplus ominus otimes oslash odot cap cup sqcap sqcup
    vee wedge setminus smallsetminus wr diamond amalg dagger ddagger uplus triangleleft
    triangleright bigtriangleup bigtriangledown lhd rhd unlhd unrhd ltimes rtimes boxplus
    boxminus boxtimes boxdot dotplus centerdot intercal land lor
    leq le geq ge neq ne equiv sim simeq approx approxeq cong propto prec succ preceq succeq ll
    gg lll ggg subset supset subseteq supseteq subsetneq supsetneq sqsubset sqsupset sqsubseteq
    sqsupseteq in ni notin owns mid nmid parallel nparallel perp models vdash dashv bowtie asymp
    doteq smile frown leqslant geqslant lesssim gtrsim lessapprox gtrapprox nless ngtr nleq ngeq
    lneq gneq lneqq gneqq leqq geqq nsim ncong triangleq vartriangleleft
    vartriangleright trianglelefteq trianglerighteq therefore because
    leftarrow rightarrow to gets Leftarrow Rightarrow leftrightarrow Leftrightarrow mapsto
    longrightarrow Longrightarrow longleftarrow Longleftarrow longleftrightarrow
    Longleftrightarrow longmapsto uparrow downarrow updownarrow Uparrow Downarrow Updownarrow
    nearrow searrow swarrow nwarrow hookrightarrow hookleftarrow rightharpoonup rightharpoondown
    leftharpoonup leftharpoondown rightleftharpoons leftrightarrows rightleftarrows
    twoheadrightarrow rightsquigarrow leadsto implies iff impliedby xrightarrow xleftarrow
    nrightarrow nleftarrow nRightarrow nLeftarrow circlearrowleft circlearrowright
    sum prod coprod int iint iiint iiiint idotsint oint bigcup bigcap bigvee bigwedge bigoplus
    bigotimes bigodot biguplus bigsqcup
    sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh coth log ln lg exp min max sup inf
    lim liminf limsup arg det dim gcd hom ker Pr deg injlim projlim varliminf varlimsup
    left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr bigm Bigm
    langle rangle lceil rceil lfloor rfloor lvert rvert lVert rVert vert Vert backslash
    ulcorner urcorner llcorner lrcorner
    infty partial nabla forall exists nexists emptyset varnothing neg lnot top bot angle
    measuredangle triangle square blacksquare lozenge blacklozenge ell hbar hslash imath jmath
    Re Im aleph beth gimel wp prime backprime ldots cdots vdots ddots dots dotsc dotsb dotsm dotsi
    dotso flat natural sharp clubsuit diamondsuit heartsuit spadesuit complement surd checkmark
    circledS mho Finv Game eth diagup diagdown varkappa
    hat widehat tilde widetilde bar overline underline vec dot ddot dddot acute grave breve check
    mathring overrightarrow overleftarrow overleftrightarrow underrightarrow underleftarrow
    underbrace overbrace overset underset stackrel
    frac dfrac tfrac cfrac binom dbinom tbinom genfrac sqrt root of
    mathrm mathbf mathit mathsf mathtt mathcal mathbb mathfrak mathnormal boldsymbol pmb
    text textrm textbf textit texttt textsf textup textnormal mbox operatorname
    quad qquad enspace thinspace medspace thickspace negthinspace negmedspace negthickspace
    displaystyle textstyle scriptstyle scriptscriptstyle limits nolimits
    not boxed pmod bmod mod pod substack smash phantom hphantom vphantom mathstrut strut
    begin end hline cline
    """.split()  # noqa: SIM905
)
"""Control words of ordinary math (amsmath/amssymb); anything else prints the formula as text."""

_MATH_SYMBOLS = frozenset(",;:! {}|\\&%$#_")
"""Control symbols a formula may use (``\\,`` ``\\{`` ``\\\\`` ...), never ``\\(`` or ``\\[``."""

_MATH_TOKEN_RE = re.compile(r"\\([^\W\d_]+)|\\(.)|(.)", re.S)
_REPEAT_RE = re.compile(r"\*\s*\{([^{}]*)\}|\\begin\s*\{alignedat\*?\}\s*\{([^{}]*)\}")
MAX_COLUMNS = 100
"""Most columns the repetitions of a formula may ask for (``*{n}{c}`` in an array preamble,
``alignedat{n}``): TeX builds them in a loop, and ``*{99999999}{c}`` spins the engine until
it is killed."""


_CLINE_RE = re.compile(r"\\cline\s*\{([^{}]*)\}")


def _columns_problem(tex: str) -> str | None:
    for match in _CLINE_RE.finditer(tex):  # \cline{i-j} loops from column i to j
        span = re.fullmatch(r"\s*([0-9]{1,3})\s*-\s*([0-9]{1,3})\s*", match.group(1))
        if span is None or int(span.group(2)) > MAX_COLUMNS:
            return f"uses \\cline beyond column {MAX_COLUMNS} or with a count that is not a number"
    total = 1
    for match in _REPEAT_RE.finditer(tex):
        count = (match.group(1) if match.group(1) is not None else match.group(2)).strip()
        if not count or count[0] not in "0123456789\"'`":
            continue  # not a count (``f^*{x}``)
        if not re.fullmatch(r"[0-9]{1,9}", count):  # TeX also reads "hex, 'octal, `char
            return "repeats columns by a count that is not a plain number"
        total *= int(count)
        if total > MAX_COLUMNS:
            return f"repeats columns more than {MAX_COLUMNS} times"
    return None


_ENV_ARG_RE = re.compile(r"\s*\{([A-Za-z]+\*?)\}")


def math_problem(tex: str) -> str | None:
    """Why a formula may not go to TeX as math (None when it may).

    Only the control sequences of ordinary math pass (:data:`_MATH_WORDS`, a few control
    symbols, ``\\begin``/``\\end`` of :data:`_MATH_ENVS`); braces must balance, ``&`` only
    inside an environment, never ``%``, ``#``, ``$`` or the ``^^`` character-code notation.

    >>> math_problem(r"\\frac{a}{b}") is None
    True
    >>> math_problem(r"a \\input{/etc/passwd}")
    'uses \\\\input'
    """
    if "^^" in tex:
        return "uses the ^^ character-code notation"
    if "{" in tex and (problem := _columns_problem(tex)) is not None:  # loops in TeX
        return problem
    depth = envs = 0
    for match in _MATH_TOKEN_RE.finditer(tex):
        word, symbol, char = match.groups()
        if word is not None:
            if word not in _MATH_WORDS:
                return f"uses \\{word}"
            follow = tex[match.end() : match.end() + 1]
            if follow and not follow.isascii() and unicodedata.category(follow)[0] in "LM":
                return f"uses \\{word}{follow}"
            if word in ("begin", "end"):
                env = _ENV_ARG_RE.match(tex, match.end())
                if env is None or env.group(1).rstrip("*") not in _MATH_ENVS:
                    return f"uses \\{word} outside a math environment"
                envs += 1 if word == "begin" else -1
        elif symbol is not None:
            if symbol not in _MATH_SYMBOLS:
                return f"uses \\{symbol}"
        elif char in "%#$":
            return f"uses a bare {char}"
        elif char == "&" and envs <= 0:
            return "uses & outside an alignment"
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return "has unbalanced braces"
    if depth != 0:
        return "has unbalanced braces"
    if envs != 0:
        return "has unbalanced \\begin/\\end"
    return None
