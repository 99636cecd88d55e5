"""Kampung KB: profile, pokja, activities, the meeting agenda and minutes, classification.
Imports keluarga, poktan and laporan; registers its report parts in KampungkbConfig.ready()."""
