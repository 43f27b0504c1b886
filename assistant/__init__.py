"""Trợ lý soạn báo cáo sơ kết / tổng kết theo đề cương."""

import logging

__version__ = "0.1.0"

# A library never prints its log lines by accident: without this, Python's last-resort handler would write
# our warnings (e.g. a retried model call) to the user's terminal. Entry points opt in with
# `assistant.logs.configure_logging`.
logging.getLogger(__name__).addHandler(logging.NullHandler())
