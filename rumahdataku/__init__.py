"""The project package: settings, root URLs, middleware, login; wires the apps together.
The top layer: may import every app; no app imports it."""
