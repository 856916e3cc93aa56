"""Triage before retrieval: escalations, refusals and the classifier behind them."""
