"""Account lifecycle flows (verification, password reset/change, email change, deletion, export), one per module."""
