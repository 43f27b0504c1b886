"""Vietnamese BM25 tokens, the hash embedder, and the BM25 index on its own."""

from __future__ import annotations

import numpy as np

from assistant.store.bm25 import Bm25Index
from assistant.store.embeddings import HashEmbedding, embedder_key
from assistant.text.tokens import syllables, tokens


def test_syllables_normalise_tone_marks_case_and_keep_numbers_whole() -> None:
    assert syllables("Thị Uỷ  SA PA") == syllables("thị ủy sa pa") == ["thị", "ủy", "sa", "pa"]
    assert syllables("đạt 95,5%, 1.250 lượt; ngày 28/9/2016; cách mạng 4.0") == [
        "đạt", "95,5", "1.250", "lượt", "ngày", "28/9/2016", "cách", "mạng", "4.0",
    ]
    assert syllables("Chỉ thị 19-CT/TU") == ["chỉ", "thị", "19", "ct", "tu"]


def test_tokens_add_bigrams_but_not_across_punctuation_or_stopwords() -> None:
    got = tokens("Đội ngũ trí thức và doanh nhân, tuyên truyền")
    assert "trí thức" in got and "doanh nhân" in got and "tuyên truyền" in got
    assert "và" not in got and "thức và" not in got and "và doanh" not in got
    assert "nhân tuyên" not in got  # the comma ends the phrase
    assert tokens("") == []


def test_hash_embedding_is_deterministic_unit_length_and_lexical() -> None:
    ef = HashEmbedding()
    a, b, c = ef(["công tác tuyên truyền", "Công tác tuyên truyền", "nuôi cá tầm nước lạnh"])
    assert np.allclose(a, b)
    assert abs(float(np.linalg.norm(a)) - 1.0) < 1e-6
    assert float(a @ b) > 0.99 > 0.5 > abs(float(a @ c))
    (empty,) = ef([""])
    assert abs(float(np.linalg.norm(empty)) - 1.0) < 1e-6
    assert embedder_key(ef) == "baocao_hash(dim=256)"


def test_bm25_index_ranks_filters_and_round_trips(tmp_path) -> None:
    ids = ["a", "b", "c"]
    texts = ["Công tác tuyên truyền Chỉ thị 19", "Nuôi cá tầm nước lạnh ở Tả Phìn", "Tuyên truyền về chuyển đổi số"]
    metas = [{"kind": "report", "year": 2019}, {"kind": "report", "year": 2020}, {"kind": "notes", "year": 2023}]
    index = Bm25Index.build("g1", ids, texts, metas)
    assert [i for i, _ in index.top("tuyên truyền chỉ thị", 5)] == ["a", "c"]
    assert [i for i, _ in index.top("tuyên truyền", 5, {"kind": "notes"})] == ["c"]
    assert [i for i, _ in index.top("tuyên truyền", 5, {"year": 2019})] == ["a"]
    assert index.top("không có từ nào khớp", 5) == []

    index.save(tmp_path)
    loaded = Bm25Index.load(tmp_path, "g1")
    assert loaded is not None and loaded.top("cá tầm", 3) == index.top("cá tầm", 3)
    assert Bm25Index.load(tmp_path, "other-generation") is None
    Bm25Index.build("g2", ids[:1], texts[:1], metas[:1]).save(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g2"]  # older builds are dropped


def test_empty_bm25_index() -> None:
    assert Bm25Index.build("g", [], [], []).top("tuyên truyền", 5) == []
