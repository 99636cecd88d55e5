"""The monthly report, month close and snapshots, charts, maps, print and the meeting record.
Imports keluarga and poktan; what upper apps add comes through laporan/blok.py."""
