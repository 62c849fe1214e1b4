"""Opaque bearer tokens: only their SHA-256 digest is ever stored."""

import hashlib
import secrets

TOKEN_BYTES = 32


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh ``(plaintext, digest)`` pair; hand out the plaintext once, store the digest."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_digest(token)
