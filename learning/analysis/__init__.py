"""The analysis engine: pluggable analyzers for assignments and the quiz analysis."""
