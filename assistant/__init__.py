"""Trợ lý soạn báo cáo sơ kết / tổng kết theo đề cương."""

__version__ = "0.1.0"
