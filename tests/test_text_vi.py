"""Vietnamese text: tone-mark normalisation, folding, legacy encodings (TCVN3 / VNI) and byte decoding.

The legacy encoders below are written here from the encodings' layout (not by inverting the module's tables),
so the round trips check the tables rather than restate them.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from assistant.text.normalize import (
    convert_legacy,
    decode_bytes,
    detect_legacy,
    fold_key,
    normalize_vi,
    strip_diacritics,
)

SEED = Path(__file__).parent / "fixtures" / "seed_kehoach_19ct.txt"
TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng

SENTENCES = [
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Báo cáo kết quả 05 năm thực hiện Chỉ thị số 19-CT/TU của Ban Thường vụ Tỉnh ủy",
    "Đảng ủy xã đã lãnh đạo, chỉ đạo quán triệt, tuyên truyền sâu rộng đến cán bộ, đảng viên và Nhân dân.",
    "Những hạn chế, yếu kém và nguyên nhân; bài học kinh nghiệm; nhiệm vụ, giải pháp thời gian tới.",
    "Ưu điểm: đội ngũ trí thức được quan tâm bồi dưỡng, phát huy trí tuệ, khuyến khích sáng tạo, cống hiến.",
    "Thực hiện tốt công tác tuyên truyền, tổ chức 12 buổi cho 1.250 lượt người, đạt 95,5%.",
    "Quỹ hỗ trợ nông dân; thuở ấy; khuỷu tay; người ướt sũng; giặt giũ; nghỉ ngơi; ỷ lại; ỵ",
    "ĂN Ở ĐẸP, ƯỚC MƠ, ỦY BAN NHÂN DÂN, Ỹ Ỵ Ỷ Ý Ỳ",
]


# ------------------------------------------------------------------ normalisation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Uỷ ban", "Ủy ban"),
        ("hoà bình", "hòa bình"),
        ("thuỷ lợi", "thủy lợi"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("văn hoá", "văn hóa"),
        ("tuỳ theo", "tùy theo"),
        ("HOÀ THUỶ", "HÒA THỦY"),
        ("Toà án", "Tòa án"),
        ("loè loẹt", "lòe loẹt"),
        ("Tỉnh uỷ", "Tỉnh ủy"),
    ],
)
def test_tone_placement_styles_compare_equal(a: str, b: str) -> None:
    assert normalize_vi(a) == normalize_vi(b) == b  # the traditional placement is the output


@pytest.mark.parametrize("word", ["quý", "quỷ", "hoàn", "toán", "khuyến", "quyết", "thuyền", "ngoài", "hoạt", "thuế"])
def test_tone_placement_leaves_other_syllables(word: str) -> None:
    assert normalize_vi(word) == word


def test_normalize_composes_decomposed_text() -> None:
    decomposed = unicodedata.normalize("NFD", "Việt Nam, Ủy ban")
    assert normalize_vi(decomposed) == "Việt Nam, Ủy ban"


def test_fold_key_and_strip_diacritics() -> None:
    assert fold_key("  Uỷ   BAN\tnhân dân ") == fold_key("ủy ban nhân dân") == "ủy ban nhân dân"
    assert strip_diacritics("Đảng ủy xã Tả Van") == "Dang uy xa Ta Van"
    assert strip_diacritics(unicodedata.normalize("NFD", "Hòa Bình")) == "Hoa Binh"


# ------------------------------------------------------------------ legacy encoders written for the tests

_TCVN3 = {  # codes in the order huyền, hỏi, ngã, sắc, nặng
    "a": "µ¶·¸¹", "ă": "»¼½¾Æ", "â": "ÇÈÉÊË", "e": "ÌÎÏÐÑ", "ê": "ÒÓÔÕÖ", "i": "×ØÜÝÞ",
    "o": "ßáâãä", "ô": "åæçèé", "ơ": "êëìíî", "u": "ïñòóô", "ư": "õö÷øù", "y": "úûüýþ",
}  # fmt: skip
_TCVN3_PLAIN = {"ă": "¨", "â": "©", "ê": "ª", "ô": "«", "ơ": "¬", "ư": "\xad", "đ": "®",
                "Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§"}  # fmt: skip
_TCVN3_POS = {0: 0, 2: 1, 3: 2, 1: 3, 4: 4}  # tone index → position in the row


def _split(ch: str) -> tuple[str, int | None]:
    """'ệ' → ('ê', 4): the letter without its tone, and the tone index."""
    d = unicodedata.normalize("NFD", ch)
    tone = next((TONES.index(c) for c in d if c in TONES), None)
    return unicodedata.normalize("NFC", "".join(c for c in d if c not in TONES)), tone


def tcvn3_encode(text: str) -> str:
    """Capitals with a tone have no TCVN3 code: they are written with the lowercase code (as .VnTimeH does)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        letter, tone = _split(ch)
        if tone is not None:
            out.append(_TCVN3[letter.lower()][_TCVN3_POS[tone]])
        else:
            out.append(_TCVN3_PLAIN.get(ch, ch))
    return "".join(out)


_VNI_TONE = ("øùûõï", "ØÙÛÕÏ")
_VNI_CIRC = ("àáåãä", "ÀÁÅÃÄ")
_VNI_BREVE = ("èéúüë", "ÈÉÚÜË")
_VNI_I = ("ìíæóò", "ÌÍÆÓÒ")


def vni_encode(text: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        letter, tone = _split(ch)
        up = int(letter.isupper())
        base = unicodedata.normalize("NFD", letter)[0]
        low = letter.lower()
        if low == "đ":
            out.append("Ññ"[1 - up])
        elif low == "i" and tone is not None:
            out.append(_VNI_I[up][tone])
        elif low == "y" and tone == 4:
            out.append("îÎ"[up])
        elif low in "ơư":
            out.append(("ôÔ" if low == "ơ" else "öÖ")[up] + ("" if tone is None else _VNI_TONE[up][tone]))
        elif low in "âêô":
            out.append(base + ("âÂ"[up] if tone is None else _VNI_CIRC[up][tone]))
        elif low == "ă":
            out.append(base + ("êÊ"[up] if tone is None else _VNI_BREVE[up][tone]))
        elif tone is not None:
            out.append(base + _VNI_TONE[up][tone])
        else:
            out.append(ch)
    return "".join(out)


def _seed_lines() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    return [unicodedata.normalize("NFC", ln.strip()) for ln in text.splitlines() if len(ln.split()) >= 4]


def _tcvn3_encodable(line: str) -> bool:
    """A line whose capitals with tones can come back: only when the whole line is in capitals."""
    toned_caps = any(_split(c)[1] is not None for c in line if c.isupper())
    ascii_letters = [c for c in line if c.isascii() and c.isalpha()]
    return not toned_caps or (len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters))


# ------------------------------------------------------------------ legacy: known strings


@pytest.mark.parametrize(
    ("legacy", "enc", "unicode"),
    [
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "tcvn3", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("§éc lËp - Tù do - H¹nh phóc", "tcvn3", "Độc lập - Tự do - Hạnh phúc"),
        ("B¸o c¸o kÕt qu¶ thùc hiÖn", "tcvn3", "Báo cáo kết quả thực hiện"),
        ("Ban Th­êng vô TØnh ñy", "tcvn3", "Ban Thường vụ Tỉnh ủy"),
        ("B¸O C¸O", "tcvn3", "BÁO CÁO"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "vni", "Độc lập - Tự do - Hạnh phúc"),
        ("Baùo caùo", "vni", "Báo cáo"),
        ("BAÙO CAÙO KEÁT QUAÛ", "vni", "BÁO CÁO KẾT QUẢ"),
        ("Tænh uûy Laøo Cai ñaõ laõnh ñaïo thöïc hieän ñöôïc", "vni", "Tỉnh ủy Lào Cai đã lãnh đạo thực hiện được"),
    ],
)
def test_known_legacy_strings(legacy: str, enc: str, unicode: str) -> None:
    assert detect_legacy(legacy) == enc
    assert convert_legacy(legacy, enc) == unicode  # type: ignore[arg-type]


def test_vntimeh_runs_are_capitals() -> None:
    assert convert_legacy("b¸o c¸o kÕt qu¶", "tcvn3", uppercase=True) == "BÁO CÁO KẾT QUẢ"


def test_pdf_lookalike_glyphs_in_tcvn3() -> None:
    assert convert_legacy("nhµ n\u2212íc, x\u2219 héi, 5 \u2212 3", "tcvn3") == "nhà nước, xã hội, 5 \u2212 3"


# ------------------------------------------------------------------ legacy: round trips over real sentences


@pytest.mark.parametrize("sentence", SENTENCES)
def test_vni_round_trip_sentences(sentence: str) -> None:
    encoded = vni_encode(sentence)
    assert convert_legacy(encoded, "vni") == unicodedata.normalize("NFC", sentence)


@pytest.mark.parametrize("sentence", [s for s in SENTENCES if _tcvn3_encodable(s)])
def test_tcvn3_round_trip_sentences(sentence: str) -> None:
    encoded = tcvn3_encode(sentence)
    assert convert_legacy(encoded, "tcvn3") == unicodedata.normalize("NFC", sentence)


def test_round_trip_and_detection_over_the_seed_document() -> None:
    lines = _seed_lines()
    assert len(lines) > 20
    vni_text = "\n".join(vni_encode(ln) for ln in lines)
    assert detect_legacy(vni_text) == "vni"
    assert convert_legacy(vni_text, "vni") == "\n".join(lines)
    tcvn_lines = [ln for ln in lines if _tcvn3_encodable(ln)]
    tcvn_text = "\n".join(tcvn3_encode(ln) for ln in tcvn_lines)
    assert detect_legacy(tcvn_text) == "tcvn3"
    assert convert_legacy(tcvn_text, "tcvn3") == "\n".join(tcvn_lines)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_each_sentence_detected_in_its_encoding(sentence: str) -> None:
    assert detect_legacy(vni_encode(sentence)) in ("vni", None if sentence.isascii() else "vni")
    if _tcvn3_encodable(sentence):
        assert detect_legacy(tcvn3_encode(sentence)) == "tcvn3"


@pytest.mark.parametrize(
    "text",
    [
        *SENTENCES,
        SEED.read_text(encoding="utf-8"),
        unicodedata.normalize("NFD", SENTENCES[0]),
        "The quick brown fox jumps over the lazy dog. Report 2021, 95.5% done.",
        "Copyright © 2021 ABC® Company. All rights reserved. «Quoted» · bullet",
        "Café crème, naïve résumé, où est-il? Über schön, España, niño.",
        "Hòa hoãn, hoà hoãn, toán học, khoáng sản, loãng, ngoằn ngoèo, thuở",
        "",
        "12 345 67.8",
    ],
)
def test_detection_does_not_fire_on_unicode_or_english(text: str) -> None:
    assert detect_legacy(text) is None


def test_convert_rejects_unknown_encoding() -> None:
    with pytest.raises(ValueError):
        convert_legacy("abc", "viqr")  # type: ignore[arg-type]


# ------------------------------------------------------------------ decode_bytes

TEXT = "Báo cáo sơ kết 05 năm thực hiện Chỉ thị số 19-CT/TU của Ban Thường vụ Tỉnh ủy Lào Cai.\nĐạt 95,5%."


def _cp1258(text: str) -> bytes:
    """Windows-1258 keeps the tone mark as a separate (combining) character after the letter."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        letter, tone = _split(ch)
        out.append(letter + ("" if tone is None else TONES[tone]))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (unicodedata.normalize("NFD", TEXT).encode("utf-8"), "utf-8"),
        (_cp1258(TEXT), "cp1258"),
        (tcvn3_encode(TEXT).encode("latin-1"), "tcvn3"),
        (vni_encode(TEXT).encode("latin-1"), "vni"),
        (tcvn3_encode(TEXT).encode("utf-8"), "tcvn3"),
        (vni_encode(TEXT).encode("utf-8"), "vni"),
    ],
)
def test_decode_bytes(raw: bytes, encoding: str) -> None:
    text, enc = decode_bytes(raw)
    assert enc == encoding
    assert text == TEXT


def test_decode_bytes_plain_cases() -> None:
    assert decode_bytes(b"") == ("", "utf-8")
    assert decode_bytes(b"Plain ASCII report 2021") == ("Plain ASCII report 2021", "utf-8")
    assert decode_bytes("Café".encode("cp1252"))[0] == "Café"
