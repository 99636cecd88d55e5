"""Views of the poktan workspace, split by noun: groups and members, register, posyandu."""
