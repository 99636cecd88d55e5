"""Operations: backup/restore, cleaning old uploads, the demo village (management commands).
May import every app below it; nothing imports it."""
