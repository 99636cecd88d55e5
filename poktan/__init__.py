"""Poktan: BKB, BKR, PIK-R, BKL, UPPKA, posyandu groups and the SIGA registers (K/0, R/I, KKA).
Imports only keluarga."""
