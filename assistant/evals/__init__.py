"""Evaluation runners behind `baocao eval ...`; datasets live in the top-level evals/ folder."""
