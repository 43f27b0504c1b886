"""Vietnamese tokens for lexical retrieval (BM25): normalised syllables plus syllable bigrams.

Vietnamese writes one syllable per space-separated token and most words are two syllables
("tuyên truyền", "doanh nhân"), so unigrams alone confuse "nhân dân" with "doanh nhân"; the
bigrams restore the word-level signal without a word segmenter. Numbers keep their inner
separators ("1.250", "28/9/2016", "4.0") so that figures and dates match as written.

Bump TOKENIZER_VERSION whenever the output changes: persisted BM25 indexes carry it and are
rebuilt when it differs.
"""

from __future__ import annotations

import re

from assistant.text.normalize import fold_key as fold  # one tone-mark convention ("Uỷ" == "Ủy"), lower case

TOKENIZER_VERSION = 1

_TOKEN = re.compile(r"\d+(?:[.,/]\d+)*|[^\W\d_]+|(?P<stop>[,;:.!?()\[\]\"“”…])")

# Function syllables too frequent to help, as unigrams or inside bigrams ("và doanh").
STOPWORDS = frozenset(
    """và của các những là có cho với theo về để này đã được từ trên trong một khi thì mà
    như đến tại do nên ra vào lại cũng còn đó sau trước rằng hoặc hay nhằm bị""".split()
)


def _scan(text: str) -> list[str | None]:
    """Syllables and numbers in order; None where punctuation breaks a phrase."""
    return [None if m.group("stop") else m.group() for m in _TOKEN.finditer(fold(text))]


def syllables(text: str) -> list[str]:
    """Normalised syllables and numbers, in order (stopwords included)."""
    return [s for s in _scan(text) if s is not None]


def tokens(text: str) -> list[str]:
    """BM25 terms: content syllables plus bigrams of adjacent content syllables ("tuyên truyền").

    Bigrams never cross punctuation ("..., ngày" does not pair with the word before the comma).
    """
    seq = [s if s not in STOPWORDS else None for s in _scan(text)]
    out = [s for s in seq if s is not None]
    out.extend(f"{a} {b}" for a, b in zip(seq, seq[1:]) if a is not None and b is not None)
    return out
