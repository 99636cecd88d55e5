"""Offline work on the phone: manifest, service worker, the JSON copy of a scope and the send
endpoint. Top layer: may import every app; nothing imports it."""
