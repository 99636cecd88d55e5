"""Views of the family workspace, split by noun. Thin: gate, form, service, message, redirect."""
