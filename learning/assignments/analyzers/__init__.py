"""Analyzers of submitted code: each judges a submission or steps aside for the next."""
