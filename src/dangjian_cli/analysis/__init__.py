"""Shared queries that rules and actions both ask: periods, subjects in post, coverage."""
