"""Word styles: paragraph / character properties through basedOn chains, and the document defaults."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from assistant.reading.docx_numbering import q, wval


def on_off(el: etree._Element | None) -> bool | None:
    if el is None:
        return None
    return wval(el, "true") not in ("0", "false", "off")


def font_of(rpr: etree._Element | None) -> str | None:
    fonts = rpr.find(q("w:rFonts")) if rpr is not None else None
    if fonts is None:
        return None
    return fonts.get(q("w:ascii")) or fonts.get(q("w:hAnsi")) or fonts.get(q("w:cs"))


@dataclass
class _Style:
    name: str | None = None
    based_on: str | None = None
    props: dict[str, object] = field(default_factory=dict)


class Styles:
    """Paragraph / character style properties with basedOn inheritance and document defaults."""

    def __init__(self, styles_el: etree._Element | None, names: dict[str, str]) -> None:
        self.styles: dict[str, _Style] = {}
        self.defaults: dict[str, object] = {}
        self.default_paragraph: str | None = None
        if styles_el is None:
            return
        rpr_default = styles_el.find(f"{q('w:docDefaults')}/{q('w:rPrDefault')}/{q('w:rPr')}")
        self.defaults = self.props(None, rpr_default)
        for st in styles_el.findall(q("w:style")):
            sid = st.get(q("w:styleId"), "")
            if st.get(q("w:type")) == "paragraph" and st.get(q("w:default")) in ("1", "true", "on"):
                self.default_paragraph = sid
            self.styles[sid] = _Style(
                name=names.get(sid) or wval(st.find(q("w:name"))),
                based_on=wval(st.find(q("w:basedOn"))),
                props=self.props(st.find(q("w:pPr")), st.find(q("w:rPr"))),
            )

    @staticmethod
    def props(ppr: etree._Element | None, rpr: etree._Element | None) -> dict[str, object]:
        props: dict[str, object] = {}
        if ppr is not None:
            outline = ppr.find(q("w:outlineLvl"))
            if outline is not None:
                props["outline"] = int(wval(outline, "9") or 9)
            numpr = ppr.find(q("w:numPr"))
            if numpr is not None:
                if numpr.find(q("w:numId")) is not None:
                    props["num_id"] = wval(numpr.find(q("w:numId")))
                if numpr.find(q("w:ilvl")) is not None:
                    props["ilvl"] = int(wval(numpr.find(q("w:ilvl")), "0") or 0)
        if rpr is not None:
            for key, tag in (("bold", "w:b"), ("caps", "w:caps")):
                value = on_off(rpr.find(q(tag)))
                if value is not None:
                    props[key] = value
            if font_of(rpr):
                props["font"] = font_of(rpr)
        return props

    def get(self, style_id: str | None, key: str) -> object | None:
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            st = self.styles[style_id]
            if key in st.props:
                return st.props[key]
            style_id = st.based_on
        return None

    def name(self, style_id: str | None) -> str | None:
        st = self.styles.get(style_id or "")
        return st.name if st else None
