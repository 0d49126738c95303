"""Where the graph is kept and asked: the embedded pyoxigraph engine, a remote SPARQL server, ``kg serve``."""

__all__: list[str] = []
