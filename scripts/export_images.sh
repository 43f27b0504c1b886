#!/usr/bin/env bash
# Rebuilds docs/img/export_{party,state}_page1.png: the complete sample draft exported in both layouts,
# page 1 rendered through LibreOffice. Needs scripts/system_deps.sh (LibreOffice, poppler).
# Party: the Thị ủy's own report. State: the same content compiled by Phòng Nội vụ (its first paragraph
# names the reporting body, so the state copy gets its own).
set -euo pipefail
cd "$(dirname "$0")/.."
draft=tests/fixtures/export/draft_19ct_complete.json
out=out/export_images
mkdir -p "$out" docs/img
.venv/bin/python - "$draft" "$out/draft_state.json" <<'PY'
import sys
from assistant.types import Draft
d = Draft.load(sys.argv[1])
d.intro = ("Thực hiện Kế hoạch số 52-KH/ThU ngày 03/6/2021 của Thị ủy Sa Pa về sơ kết 05 năm thực hiện Chỉ thị "
           "số 19-CT/TU ngày 28/9/2016 của Ban Thường vụ Tỉnh ủy Lào Cai, Phòng Nội vụ thị xã báo cáo kết quả như sau:")
d.save(sys.argv[2])
PY
.venv/bin/baocao export "$draft" --style party --number 45-BC/ThU --date 18/8/2021 \
  --recipient "Ban Tuyên giáo Tỉnh ủy Lào Cai" --recipient "Thường trực Thị ủy" --out "$out/party.docx"
.venv/bin/baocao export "$out/draft_state.json" --style state --superior "UBND thị xã Sa Pa" --issuer "Phòng Nội vụ" \
  --number 86/BC-PNV --place "Sa Pa" --date 5/8/2021 --signer "Lý Thị Mai" --position "Trưởng phòng" \
  --recipient "Thường trực Thị ủy (qua Ban Tuyên giáo)" --recipient "UBND thị xã" --recipient "Lưu: VT, NV" \
  --out "$out/state.docx"
bash scripts/render_docx.sh "$out/party.docx" docs/img/export_party_page1.png 1 80
bash scripts/render_docx.sh "$out/state.docx" docs/img/export_state_page1.png 1 80
