"""Family-assistance follow-up (Tim Pendamping Keluarga): brides-to-be, pregnancy visits, the 42
days after a birth, children to refer, the block `pendampingan`. May import keluarga and poktan."""
