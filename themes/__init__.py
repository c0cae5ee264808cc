"""The bundled themes, loaded as Textual themes."""
