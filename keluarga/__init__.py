"""Data core: places, families, members, dated histories, definitions, the access gate.
Imports no app of ours (upper apps add to it through keluarga/perluasan.py)."""
