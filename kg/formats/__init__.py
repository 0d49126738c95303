"""Export and interchange formats: the registry and one module per format."""

__all__: list[str] = []
