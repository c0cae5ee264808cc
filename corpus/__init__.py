"""The bundled corpus: raw seed texts, their metadata and the pre-parsed plans."""
