"""What people look at: evidence-styled diagrams, text and tables of claims, the HTML report."""

__all__: list[str] = []
