"""The one way an upper app adds to a lower one: named functions in a registry the lower app owns.

A lower app never imports the apps above it (docs/ARCHITECTURE.md, `.importlinter`). Where it must
show or compute something an upper app adds (a kader's families through their groups, a report
block, a dashboard card, a meeting-pack section, the Kampung KB area), it declares a
:class:`Registri` in one module (``keluarga/perluasan.py``, ``laporan/blok.py``); the upper app
fills it from its ``AppConfig.ready()``; the lower app calls what is registered, by name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Registri:
    """Functions registered under names, called in registration order."""

    def __init__(self, isi: str):
        self.isi = isi  # what the registered functions compute (for the reader)
        self._fungsi: dict[str, Callable[..., Any]] = {}

    def daftarkan(self, nama: str, fungsi: Callable[..., Any]) -> None:
        """Register (or replace, on a reload) the function under `nama`."""
        self._fungsi[nama] = fungsi

    def __contains__(self, nama: str) -> bool:
        return nama in self._fungsi

    def get(self, nama: str) -> Callable[..., Any] | None:
        return self._fungsi.get(nama)

    def items(self):
        return list(self._fungsi.items())

    def semua(self) -> list[Callable[..., Any]]:
        return list(self._fungsi.values())

    def panggil(self, nama: str, *args, bawaan: Any = None, **kwargs) -> Any:
        """The registered function's result, or `bawaan` when no app registered `nama`."""
        fungsi = self._fungsi.get(nama)
        return fungsi(*args, **kwargs) if fungsi is not None else bawaan
