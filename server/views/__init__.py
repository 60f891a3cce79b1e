"""What each address answers: /sparql, /store, /api/*, the page and the dumps (Flask blueprints)."""
