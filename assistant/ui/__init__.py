"""Gradio reviewer workspace (`baocao ui`). Import `assistant.ui.app` for build_app / launch_app."""
