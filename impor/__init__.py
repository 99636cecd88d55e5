"""Import and export of families (Excel/OpenSID upload, templates, the family-list export).
Imports only keluarga and poktan (never laporan, its sibling layer)."""
